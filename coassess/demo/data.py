"""Fictional demo data: a liaison team at a made-up hospital, one account per role,
and a dozen people with varied needs. Everyone here is invented; any likeness to a
real person is chance. NHS numbers start with 999, a range never given to anyone.

Loading is idempotent: running it again finds what exists and adds nothing twice.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.oath import hotp

from coassess.accounts import services as account_services
from coassess.accounts.models import Role, Team, User
from coassess.accounts.second_factor import give_fixed_authenticator
from coassess.demo.access_codes import load_demo_codes
from coassess.demo.assessments import load_demo_assessments
from coassess.demo.plans import load_demo_plans
from coassess.demo.projects import load_demo_project
from coassess.demo.reflections import load_demo_reflections
from coassess.people import services as people_services
from coassess.people.birth import Birth
from coassess.people.models import Person
from coassess.people.nhs_number import check_digit

TEAM_NAME = "Riverside Liaison Mental Health Team"
TEAM_SITE = "Riverside General Hospital (fictional)"

DEMO_STAFF = [
    ("clinician", Role.CLINICIAN, "Amara", "Okafor"),
    ("peer", Role.PEER_WORKER, "Jo", "Fairweather"),
    ("lead", Role.TEAM_LEAD, "Priya", "Raman"),
    ("coproduction", Role.COPRODUCTION, "Dafydd", "Hughes"),
    ("admin", Role.ADMINISTRATOR, "Lena", "Kowalczyk"),
]


def demo_nhs_number(serial: int) -> str:
    """A valid test NHS number in the 999 range, from a small serial number."""
    n = 0
    while True:
        first_nine = f"999{serial * 10 + n:06d}"
        digit = check_digit(first_nine)
        if digit is not None:
            return first_nine + str(digit)
        n += 1


@dataclass(frozen=True)
class DemoPerson:
    """A fictional person. `born` None: nobody knows their date of birth, and
    `about` is their age as staff estimated it when the demo was loaded."""

    given: str
    family: str
    born: dt.date | None
    about: int | None = None
    preferred: str = ""
    pronouns: str = ""
    nhs_serial: int | None = None
    language: str = "English"
    interpreter: bool = False
    communication: str = ""
    supporters: tuple[tuple[str, str, str], ...] = ()


DEMO_PEOPLE = [
    DemoPerson(
        "Samantha",
        "Reid",
        dt.date(1991, 4, 12),
        preferred="Sam",
        pronouns="she/her",
        nhs_serial=101,
        supporters=(("Maggie Reid", "mum", "07700 900101"),),
    ),
    DemoPerson(
        "Tomasz",
        "Nowak",
        dt.date(1985, 9, 3),
        pronouns="he/him",
        nhs_serial=102,
        language="Polish",
        interpreter=True,
        communication="Prefers to speak Polish when upset. Reads English well.",
    ),
    DemoPerson(
        "Alex",
        "Morgan",
        dt.date(2002, 1, 27),
        pronouns="they/them",
        communication="Finds busy rooms hard. A quiet room helps.",
        supporters=(("Rhys Morgan", "brother", "07700 900102"),),
    ),
    DemoPerson(
        "Fatima",
        "Hassan",
        dt.date(1978, 11, 15),
        pronouns="she/her",
        nhs_serial=104,
        language="Arabic",
        interpreter=True,
        supporters=(("Yusuf Hassan", "husband", "07700 900103"),),
    ),
    DemoPerson(
        "Gwenllian",
        "Pritchard",
        dt.date(1963, 6, 30),
        preferred="Gwen",
        pronouns="she/her",
        nhs_serial=105,
        language="Welsh",
        communication="Wears hearing aids. Please face her when speaking.",
    ),
    DemoPerson(
        "Marcus",
        "Bell",
        dt.date(1996, 2, 8),
        pronouns="he/him",
        nhs_serial=106,
        supporters=(("Dee Campbell", "friend and flatmate", "07700 900104"),),
    ),
    DemoPerson(
        "Chen",
        "Li",
        dt.date(1989, 7, 21),
        pronouns="he/him",
        nhs_serial=107,
        communication="Dyslexic: prefers things read aloud, and short written notes.",
    ),
    DemoPerson(
        "Ruth",
        "Adeyemi",
        dt.date(1951, 3, 5),
        pronouns="she/her",
        nhs_serial=108,
        communication="Uses British Sign Language. Book a BSL interpreter.",
        interpreter=True,
        language="British Sign Language",
        supporters=(("Grace Adeyemi", "daughter and carer", "07700 900105"),),
    ),
    DemoPerson(
        "Kieran",
        "O'Sullivan",
        dt.date(2005, 12, 19),
        pronouns="he/him",
        communication="Autistic. Likes to know what will happen next, step by step.",
        supporters=(("Siobhan O'Sullivan", "mum", "07700 900106"),),
    ),
    DemoPerson(
        "Zofia",
        "Wiśniewska",
        dt.date(1999, 8, 14),
        preferred="Zosia",
        pronouns="she/her",
        nhs_serial=110,
    ),
    DemoPerson(
        "Jordan",
        "Ellis",
        dt.date(1993, 5, 2),
        pronouns="he/they",
        nhs_serial=111,
        supporters=(
            ("Kai Ellis", "partner", "07700 900107"),
            ("Pat Nolan", "advocate", "07700 900108"),
        ),
    ),
    DemoPerson(
        "Elaine",
        "Baptiste",
        dt.date(1972, 10, 9),
        pronouns="she/her",
        communication="Has a learning disability. Easy read helps, and time to think.",
    ),
    # One name, no date of birth known: recorded as they are (issue 12).
    DemoPerson(
        "Wulan",
        "",
        None,
        about=34,
        pronouns="she/her",
        language="Indonesian",
        interpreter=True,
    ),
]


def demo_password() -> tuple[str, bool]:
    """The demo password: COASSESS_DEMO_PASSWORD, or one generated once and kept."""
    given = os.environ.get("COASSESS_DEMO_PASSWORD")
    if given:
        return given, False
    path = Path(settings.DATA_DIR) / "demo_password"
    if path.exists():
        return path.read_text(encoding="utf-8").strip(), True
    path.parent.mkdir(parents=True, exist_ok=True)
    password = "-".join(secrets.token_hex(3) for _ in range(3))
    path.write_text(password, encoding="utf-8")
    path.chmod(0o600)
    return password, True


class DemoRefused(Exception):
    pass


def _give_demo_authenticator(user: User) -> None:
    try:
        give_fixed_authenticator(user, settings.DEMO_TOTP_SECRET)
    except (binascii.Error, ValueError) as exc:
        raise DemoRefused(
            "COASSESS_DEMO_TOTP_SECRET must be base32 (letters A to Z and digits "
            "2 to 7), for example COASSESSDEMOSECRETNOTFORREALUSE2."
        ) from exc


def demo_code(secret: str, at: float | None = None) -> tuple[str, int]:
    """The code an app set up with the demo `secret` shows now (or at `at`, a
    Unix time), and the seconds before it changes."""
    now = time.time() if at is None else at
    secret = "".join(secret.split()).upper()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{hotp(key, int(now) // 30):06d}", 30 - int(now) % 30


@transaction.atomic
def load_demo(password: str) -> dict[str, Any]:
    """Load the demo (idempotent). Every demo account signs in with `password`
    and a code from an app set up with settings.DEMO_TOTP_SECRET."""
    if settings.PRODUCTION:
        raise DemoRefused(
            "Demo data is never loaded when COASSESS_ENVIRONMENT=production."
        )
    team = Team.objects.filter(name=TEAM_NAME).first() or account_services.create_team(
        name=TEAM_NAME, site=TEAM_SITE
    )
    for username, role, first, last in DEMO_STAFF:
        user = User.objects.filter(username=username).first()
        if user is None:
            account_services.create_staff_user(
                username=username,
                password=password,
                team=team,
                role=role,
                first_name=first,
                last_name=last,
                check_password=False,
            )
        elif not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
    for user in User.objects.filter(username__in=[s[0] for s in DEMO_STAFF]):
        _give_demo_authenticator(user)
    clinician = User.objects.get(username="clinician")
    added = 0
    for demo in DEMO_PEOPLE:
        if Person.objects.filter(
            given_name=demo.given, family_name=demo.family
        ).exists():
            continue
        person = people_services.register_person(
            actor=clinician,
            data={
                "given_name": demo.given,
                "family_name": demo.family,
                "preferred_name": demo.preferred,
                "pronouns": demo.pronouns,
                "birth": Birth.on(demo.born)
                if demo.born
                else Birth.about(demo.about or 0, timezone.localdate()),
                "nhs_number": demo_nhs_number(demo.nhs_serial)
                if demo.nhs_serial
                else "",
                "preferred_language": demo.language,
                "interpreter_needed": demo.interpreter,
                "communication_needs": demo.communication,
                # Found by their names above; similar people the synthetic
                # generator made are other people.
                "different_person": True,
            },
        )
        for name, relationship, phone in demo.supporters:
            people_services.add_supporter(
                actor=clinician,
                person=person,
                data={
                    "name": name,
                    "relationship": relationship,
                    "phone": phone,
                },
            )
        added += 1
    referrals = load_demo_assessments(
        clinician=clinician, peer=User.objects.get(username="peer")
    )
    load_demo_plans(clinician=clinician)
    load_demo_reflections(team)
    load_demo_project(
        team=team,
        staff={u.username: u for u in User.objects.filter(memberships__team=team)},
    )
    return {
        "team": team,
        "people_added": added,
        "referrals_added": referrals,
        # Printed at once: a code's text is never kept.
        "codes": load_demo_codes(team=team, clinician=clinician),
    }
