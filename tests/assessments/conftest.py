from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from coassess.accounts.models import User
from coassess.assessments import services
from coassess.assessments.models import (
    Assessment,
    Expertise,
    Participant,
    ParticipantKind,
)
from coassess.people import services as people_services
from coassess.people.models import Person
from coassess.referrals.models import Referral
from coassess.referrals.services import record_referral


@pytest.fixture
def referral(clinician: User, person: Person) -> Referral:
    return record_referral(
        actor=clinician,
        person=person,
        data={
            "source": "ed",
            "department": "Emergency department",
            "bed": "Majors 4",
            "referrer_name": "Dr A. Example",
            "referrer_contact": "bleep 1234",
            "reason": "Low mood, said she wants to end her life",
            "urgency": "emergency",
            "received_at": timezone.now() - dt.timedelta(minutes=40),
        },
    )


@pytest.fixture
def assessment(clinician: User, referral: Referral) -> Assessment:
    return services.start_assessment(
        actor=clinician, referral=referral, who_they_want_present="My mum, Maggie"
    )


@pytest.fixture
def voices(clinician: User, assessment: Assessment) -> dict[str, Participant]:
    """The person, the clinician, and Sam's mum as a carer."""
    supporter = people_services.add_supporter(
        actor=clinician,
        person=assessment.person,
        data={"name": "Maggie Reid", "relationship": "mum"},
    )
    carer = services.add_participant(
        actor=clinician,
        assessment=assessment,
        kind=ParticipantKind.SUPPORTER,
        expertise=Expertise.CARER,
        supporter=supporter,
    )
    by_kind = {p.kind: p for p in Participant.objects.filter(assessment=assessment)}
    return {"person": by_kind["person"], "clinician": by_kind["staff"], "carer": carer}


@pytest.fixture
def entry_data() -> Any:
    def make(
        voice: Participant,
        text: str = "I have not slept for three nights.",
        **extra: Any,
    ) -> dict[str, Any]:
        return {
            "prompt": "account",
            "voice": voice.pk,
            "text": text,
            "own_words": "on",
            "withheld_reason": "",
            **extra,
        }

    return make
