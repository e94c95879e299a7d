"""Clinical pages are built from the database on every request (ADR 0009): a
change made any way at all, even past the app's services, shows on the very
next request of the whole assessment, the decisions list and the team board."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import unescape
from typing import Any

from django.urls import reverse
from django.utils import timezone

from coassess.accounts.models import User
from coassess.assessments import services
from coassess.assessments.hosts import AssessmentHost
from coassess.assessments.models import Assessment, Contribution, Participant
from coassess.decisions import services as decisions
from coassess.decisions.models import Decision
from coassess.people.models import Person
from coassess.referrals.models import Referral
from coassess.referrals.services import record_referral


def page(client: Any, name: str, **kwargs: Any) -> str:
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_an_entry_changed_by_hand_shows_at_once(
    signed_in: Callable[[str], Any],
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    entry = services.add_contribution(
        actor=clinician,
        assessment=assessment,
        section="account",
        voice=voices["person"],
        text="Slept badly all week.",
    )
    c = signed_in("clinician")
    assert "Slept badly all week." in page(
        c, "assessments:show_assessment", assessment_id=assessment.pk
    )
    Contribution.objects.filter(pk=entry.pk).update(text="Corrected by hand.")
    html = page(c, "assessments:show_assessment", assessment_id=assessment.pk)
    assert "Corrected by hand." in html and "Slept badly all week." not in html


def test_a_renamed_voice_and_a_new_decision_show_at_once(
    signed_in: Callable[[str], Any],
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    c = signed_in("clinician")
    page(c, "assessments:decision_list", assessment_id=assessment.pk)
    decisions.add_decision(
        actor=clinician, host=AssessmentHost(assessment), question="Where tonight?"
    )
    Participant.objects.filter(pk=voices["carer"].pk).update(name="Margaret Reid")
    listed = page(c, "assessments:decision_list", assessment_id=assessment.pk)
    assert "Where tonight?" in listed
    whole = page(c, "assessments:show_assessment", assessment_id=assessment.pk)
    assert "Margaret Reid" in whole
    Decision.objects.filter(question="Where tonight?").update(question="Where now?")
    assert "Where now?" in page(
        c, "assessments:decision_list", assessment_id=assessment.pk
    )


def test_the_board_shows_a_referral_closed_by_hand_at_once(
    signed_in: Callable[[str], Any], clinician: User, person: Person
) -> None:
    referral = record_referral(
        actor=clinician,
        person=person,
        data={
            "source": "ed",
            "referrer_name": "ED nurse",
            "reason": "Distressed",
            "urgency": "emergency",
            "received_at": timezone.now() - dt.timedelta(minutes=5),
        },
    )
    c = signed_in("clinician")
    assert "1 open referral" in page(c, "referrals:board")
    Referral.objects.filter(pk=referral.pk).update(closed_at=timezone.now())
    assert "There are no open referrals" in page(c, "referrals:board")
