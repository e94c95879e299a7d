"""Access codes for the demo: one for a demo person, one for a supporter they
named, so the person's own view can be tried at once. A code's text is never
kept, so new codes are issued at each load and printed then (`demo` command);
the ones from earlier loads are revoked. Maggie's first code also tells the
team what she has noticed, from her phone, once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from coassess.accounts.models import Team, User
from coassess.assessments.models import (
    Assessment,
    Corroboration,
    SharingBasis,
    Topic,
)
from coassess.assessments.services import add_corroboration
from coassess.people import codes
from coassess.people.code_services import issue_code, revoke_code
from coassess.people.models import AccessCode, Person

# Long enough to try the demo over a week without loading it again.
DEMO_CODE_DAYS = 7


@dataclass(frozen=True)
class DemoCode:
    """A code as printed: whose it is, the code, and what they are asked."""

    whom: str
    shown: str
    asked: str


def load_demo_codes(*, team: Team, clinician: User) -> list[DemoCode]:
    """Sam's own code (asking her date of birth) and her mum Maggie's (asking
    the last 4 numbers of her phone), from `team`; earlier ones are revoked."""
    sam = Person.objects.get(given_name="Samantha", family_name="Reid")
    maggie = sam.supporters.get(name="Maggie Reid")
    for old in AccessCode.objects.filter(person=sam, team=team, revoked_at=None):
        revoke_code(actor=clinician, code=old)
    until = timezone.now() + dt.timedelta(days=DEMO_CODE_DAYS)
    _, hers = issue_code(
        actor=clinician,
        person=sam,
        team=team,
        supporter=None,
        known_kind=codes.Known.DATE_OF_BIRTH,
        known_answer="1991-04-12",
        expires_at=until,
    )
    maggies_code, mums = issue_code(
        actor=clinician,
        person=sam,
        team=team,
        supporter=maggie,
        known_kind=codes.Known.PHONE_DIGITS,
        known_answer=maggie.phone,
        expires_at=until,
    )
    _maggie_tells_us(sam, maggies_code)
    return [
        DemoCode("Sam Reid (the person)", hers.shown, "date of birth: 12 4 1991"),
        DemoCode(
            "Maggie Reid (Sam's mum)",
            mums.shown,
            f"last 4 numbers of her phone: {maggie.phone[-4:]}",
        ),
    ]


MAGGIE_TELLS_US = (
    "Sam gave her running shoes away last week. She said she would not need "
    "them. I did not think about it until today."
)


def _maggie_tells_us(sam: Person, code: AccessCode) -> None:
    """Once: Maggie tells the team what she has noticed, from her own phone
    with her code, in Sam's assessment (so staff see it as new from her
    device, and Sam sees it with her name). Kept across loads like any
    entry; never added twice."""
    assessment = Assessment.objects.filter(person=sam, team=code.team).first()
    if (
        assessment is None
        or Corroboration.objects.filter(
            assessment=assessment, basis=SharingBasis.OFFERED
        ).exists()
    ):
        return
    add_corroboration(
        actor=code,
        assessment=assessment,
        topic=Topic.NOTICED,
        what_they_said=MAGGIE_TELLS_US,
    )
