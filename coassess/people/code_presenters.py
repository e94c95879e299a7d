"""Access codes as staff see them: who holds each, its state in words, and the
card a new code is handed over on (`people.codes`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import segno
from django.utils import timezone

from coassess.core.presenters import local_datetime
from coassess.people import codes
from coassess.people.models import AccessCode, Person
from coassess.people.viewer import is_active

# What a viewer is asked for beside the code, in the words the card uses.
ASKED = {
    codes.Known.DATE_OF_BIRTH: "your date of birth",
    codes.Known.WORD: "the word you agreed with the team",
    codes.Known.PHONE_DIGITS: "the last 4 numbers of your phone",
}
# The same, for staff.
ASKED_STAFF = {
    codes.Known.DATE_OF_BIRTH: "date of birth",
    codes.Known.WORD: "an agreed word",
    codes.Known.PHONE_DIGITS: "last 4 numbers of their phone",
}


def holder(code: AccessCode, person: Person) -> str:
    """Who holds the code: "Sam (their own code)" or "Maggie Reid, mum"."""
    if code.supporter is None:
        return f"{person.called} (their own code)"
    return f"{code.supporter.name}, {code.supporter.relationship}"


@dataclass(frozen=True)
class CodeRow:
    """One code on the staff page, every part in words."""

    code: AccessCode
    holder: str
    asked: str
    issued: str
    state: str
    usable: bool
    active: bool
    last_used: str


def code_rows(codes_held: list[AccessCode], person: Person) -> list[CodeRow]:
    """The rows for `codes_held` (with `supporter` and `issued_by`, `revoked_by`
    loaded), newest first as given."""
    now = timezone.now()
    return [_row(code, person, now) for code in codes_held]


def _row(code: AccessCode, person: Person, now: dt.datetime) -> CodeRow:
    return CodeRow(
        code=code,
        holder=holder(code, person),
        asked=ASKED_STAFF[codes.Known(code.known_kind)],
        issued=f"by {code.issued_by.get_full_name()} on {local_datetime(code.issued_at)}",
        state=state_words(code, now),
        usable=code.usable_at(now),
        active=is_active(code, now),
        last_used=local_datetime(code.last_used_at) or "Not used yet",
    )


def state_words(code: AccessCode, now: dt.datetime) -> str:
    """ "Works until 1 December 2026 at 21:30", "Revoked by ... on ...",
    "Locked after 5 wrong answers on ...", "Ended on ..."."""
    if code.revoked_at is not None:
        who = code.revoked_by.get_full_name() if code.revoked_by else "staff"
        return f"Revoked by {who} on {local_datetime(code.revoked_at)}"
    if code.locked_at is not None:
        return (
            f"Locked after {code.failed_attempts} wrong answers on "
            f"{local_datetime(code.locked_at)}"
        )
    if not code.usable_at(now):
        return f"Ended on {local_datetime(code.expires_at)}"
    return f"Works until {local_datetime(code.expires_at)}"


@dataclass(frozen=True)
class Card:
    """A new code as handed over, shown once: the code as printed, the sign-in
    link a QR code holds (as an SVG `data:` address for an <img>, which the
    Content Security Policy allows), what the viewer is asked, and until when."""

    holder: str
    shown: str
    link: str
    address: str
    qr: str
    asked: str
    until: str
    team: str


def card(code: AccessCode, made: codes.NewCode, person: Person, base: str) -> Card:
    """The card for `code` just made as `made`; `base` is the absolute address
    of the portal's sign-in page ("https://.../my/")."""
    link = codes.sign_in_url(base, made.text)
    return Card(
        holder=holder(code, person),
        shown=made.shown,
        link=link,
        address=base,
        qr=str(segno.make(link, error="m").svg_data_uri(scale=5)),
        asked=ASKED[codes.Known(code.known_kind)],
        until=local_datetime(code.expires_at),
        team=f"{code.team.name}, {code.team.site}",
    )
