"""Access codes: how the person, or a supporter they named, opens the record
from their own device.

A code is 10 characters from an alphabet without look-alike characters (no 0,
O, 1 or I), 5 bits each, so 50 bits; it is shown in two groups of five
("K7MPQ-3XWRT") and typed in any case, with or without spaces or a hyphen.
Signing in also asks for something the viewer knows (`Known`), so a code
photographed at the bedside is not enough on its own. Only keyed hashes of the
code and of the known answer are stored.

A code is usable until it expires (default `ACCESS_CODE_HOURS`, up to
`ACCESS_CODE_MAX_DAYS`), unless revoked, or locked after
`ACCESS_CODE_ATTEMPTS` wrong answers.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
import secrets
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.utils.crypto import salted_hmac

from coassess.core.forms import MONTH_WORDS

# No 0/O, 1/I: 32 characters, 5 bits each.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 10
BITS = LENGTH * 5
# A supporter is asked for the last this many digits of their phone number.
PHONE_DIGITS = 4


class Known(StrEnum):
    """What a viewer is asked for beside the code."""

    DATE_OF_BIRTH = "date_of_birth"  # the person, when their date of birth is known
    WORD = "word"  # a word agreed with the person, when it is not
    PHONE_DIGITS = "phone_digits"  # a supporter: the last digits of their phone


@dataclass(frozen=True)
class NewCode:
    """A code as made: `text` is shown once to the clinician, never stored."""

    text: str
    digest: str

    @property
    def shown(self) -> str:
        """The code as printed and read out: two groups of five."""
        return f"{self.text[:5]}-{self.text[5:]}"


def new_code() -> NewCode:
    """A fresh random code (`secrets`, 50 bits) and its stored digest."""
    text = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return NewCode(text=text, digest=code_digest(text))


def normalise_code(typed: str) -> str:
    """The code as typed, upper case, without spaces, hyphens or dots: "k7mpq
    3xwrt" and "K7MPQ-3XWRT" both give "K7MPQ3XWRT". Not checked for length or
    alphabet here; a wrong one simply matches no code."""
    return "".join(ch for ch in typed.upper() if ch not in " -.\u00a0\t")


def code_digest(typed: str) -> str:
    """The keyed hash (HMAC-SHA256 under SECRET_KEY, 64 hex characters) a code
    is found by."""
    return salted_hmac(
        "coassess.access-code", normalise_code(typed), algorithm="sha256"
    ).hexdigest()


def well_formed(typed: str) -> str:
    """What is wrong with `typed` as a code, in words for the person, or ""
    when it could be a code. Says nothing of whether such a code exists."""
    code = normalise_code(typed)
    if set(code) - set(ALPHABET):
        return (
            "Codes only use capital letters and the numbers 2 to 9. They never "
            "use O, I, 0 or 1. Check each letter on your card or paper."
        )
    if len(code) != LENGTH:
        return (
            f"Your code should have {LENGTH} letters and numbers. You typed "
            f"{len(code)}. Check your card or paper."
        )
    return ""


def date_of_birth(typed: str) -> dt.date | None:
    """The date in `typed`, or None if it is not a whole date.

    Day, month and year in that order, or year, month and day, split by any
    spaces, slashes, hyphens or full stops; the month as a number or a word:
    "12 4 1991", "12/04/1991", "12-4-1991", "12.4.1991", "12 April 1991" and
    "1991-04-12" all give 12 April 1991. The year has 4 digits."""
    parts = [p for p in re.split(r"[\s/.,-]+", typed.strip().casefold()) if p]
    if len(parts) != 3:
        return None
    if len(parts[0]) == 4 and parts[0].isdigit():
        parts = parts[::-1]
    day, month, year = parts
    day = re.sub(r"(st|nd|rd|th)$", "", day)  # 12th
    number = MONTH_WORDS.get(month)
    if not (day.isdigit() and year.isdigit() and len(year) == 4):
        return None
    if number is None and not month.isdigit():
        return None
    try:
        return dt.date(int(year), number or int(month), int(day))
    except ValueError:
        return None


def normalise_known(kind: Known, answer: str) -> str:
    """The answer to `kind` as compared: a date of birth as YYYY-MM-DD
    (`date_of_birth`; anything that is not a date is kept as typed, and so
    matches nothing); a word folded to lower case with its spaces tidied; the
    last `PHONE_DIGITS` digits of a phone number (so the whole number works
    too)."""
    if kind == Known.PHONE_DIGITS:
        return "".join(ch for ch in answer if ch.isdigit())[-PHONE_DIGITS:]
    if kind == Known.DATE_OF_BIRTH:
        born = date_of_birth(answer)
        if born is not None:
            return born.isoformat()
    return " ".join(answer.split()).casefold()


def known_digest(kind: Known, answer: str) -> str:
    """The keyed hash of a known answer (64 hex characters)."""
    return salted_hmac(
        "coassess.access-known",
        f"{kind}:{normalise_known(kind, answer)}",
        algorithm="sha256",
    ).hexdigest()


def same_digest(a: str, b: str) -> bool:
    """Compare two digests in constant time."""
    return hmac.compare_digest(a.encode(), b.encode())


def default_expiry(now: dt.datetime) -> dt.datetime:
    """When a code issued at `now` expires unless the clinician says otherwise."""
    return now + dt.timedelta(hours=settings.ACCESS_CODE_HOURS)


def latest_expiry(now: dt.datetime) -> dt.datetime:
    """The latest a code issued (or extended) at `now` may last."""
    return now + dt.timedelta(days=settings.ACCESS_CODE_MAX_DAYS)


def address_digest(address: str) -> str:
    """The keyed hash (64 hex characters) that sign-in attempts from one
    client address are counted by: the address itself is not kept."""
    return salted_hmac(
        "coassess.access-address", address, algorithm="sha256"
    ).hexdigest()


def sign_in_url(base: str, code: str) -> str:
    """The portal's sign-in page at `base` (an absolute URL ending "/my/")
    with `code` filled in: what a code's QR code holds. The only place the
    code's text ever goes into a URL."""
    return f"{base}?code={normalise_code(code)}"
