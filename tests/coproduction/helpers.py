"""Assessments made through the real services, for the dashboard and export tests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from coassess.accounts.models import User
from coassess.assessments import services
from coassess.assessments.models import Assessment
from coassess.people import services as people_services
from coassess.people.nhs_number import check_digit
from coassess.referrals.services import record_referral


def nhs_number(n: int) -> str:
    """A valid fictional NHS number (999 range) for the `n`th person."""
    first = f"999{n:06d}"
    check = check_digit(first)
    return nhs_number(n + 500000) if check is None else f"{first}{check}"


def make_assessment(
    clinician: User,
    n: int,
    *,
    source: str = "ed",
    days_ago: int = 1,
    wait_minutes: int = 30,
    name: str = "Alex",
) -> Assessment:
    """The `n`th fictional person, referred `days_ago` from `source` and seen
    `wait_minutes` later."""
    person = people_services.register_person(
        actor=clinician,
        data={
            "given_name": name,
            "family_name": f"Testperson{n}",
            "date_of_birth": dt.date(1980, 1, 1) + dt.timedelta(days=n),
            "nhs_number": nhs_number(n),
            "interpreter_needed": False,
        },
    )
    received = timezone.now() - dt.timedelta(days=days_ago, minutes=wait_minutes + 5)
    referral = record_referral(
        actor=clinician,
        person=person,
        data={
            "source": source,
            "referrer_name": "Dr Refer Ringname",
            "reason": f"Secret reason number {n}",
            "urgency": "urgent",
            "received_at": received,
        },
    )
    return services.start_assessment(
        actor=clinician,
        referral=referral,
        first_seen_at=received + dt.timedelta(minutes=wait_minutes),
        who_they_want_present="Someone called Florence",
    )
