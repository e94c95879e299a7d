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
import secrets
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.utils.crypto import salted_hmac

# No 0/O, 1/I: 32 characters, 5 bits each.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 10
BITS = LENGTH * 5


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


def normalise_known(kind: Known, answer: str) -> str:
    """The answer to `kind` as compared: a date of birth as YYYY-MM-DD; a word
    folded to lower case without surrounding spaces; phone digits only."""
    if kind == Known.PHONE_DIGITS:
        return "".join(ch for ch in answer if ch.isdigit())
    return answer.strip().casefold()


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
