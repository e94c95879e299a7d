"""Access codes for the demo: one for a demo person, one for a supporter they
named, so the person's own view can be tried at once. A code's text is never
kept, so new codes are issued at each load and printed then (`demo` command);
the ones from earlier loads are revoked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from coassess.accounts.models import Team, User
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
    _, mums = issue_code(
        actor=clinician,
        person=sam,
        team=team,
        supporter=maggie,
        known_kind=codes.Known.PHONE_DIGITS,
        known_answer=maggie.phone,
        expires_at=until,
    )
    return [
        DemoCode("Sam Reid (the person)", hers.shown, "date of birth: 12 4 1991"),
        DemoCode(
            "Maggie Reid (Sam's mum)",
            mums.shown,
            f"last 4 numbers of her phone: {maggie.phone[-4:]}",
        ),
    ]
