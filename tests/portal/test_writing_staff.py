"""The staff side of what the person writes on their own phone: each entry,
disagreement and position says it came from their own device, and what is new
since a member of staff last opened the assessment is shown as new to them
(read from the access log: their previous reading of the assessment page)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import time_machine
from django.urls import reverse

from coassess.accounts.models import User
from coassess.assessments import services
from coassess.assessments.models import Assessment, Participant
from coassess.people.models import AccessCode
from coassess.plans import services as plans
from tests.conftest import CheckedClient
from tests.portal.viewers import ask, text_of, url

NEW = "New since you last looked"
PANEL = "New from their own device since you last looked"


def test_new_disputes_and_positions_are_highlighted_on_the_next_visit(
    as_person: tuple[CheckedClient, AccessCode],
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
    signed_in: Callable[[str], CheckedClient],
) -> None:
    phone, _ = as_person
    staff = signed_in("clinician")
    page = reverse("assessments:show_assessment", args=[assessment.pk])
    entry = services.add_contribution(
        actor=clinician,
        assessment=assessment,
        section="mse.affect",
        voice=voices["clinician"],
        text="Appeared guarded.",
    )
    asked = ask(
        clinician, assessment, "Tonight?", ("Stay on the ward", voices["clinician"])
    )
    decision, option = asked.decision, asked.option
    # Close to now: the phone's session ends after 15 minutes idle.
    start = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)
    with time_machine.travel(start, tick=False):
        first = text_of(staff.get(page))
    assert PANEL not in first and NEW not in first
    with time_machine.travel(start + dt.timedelta(minutes=5), tick=False):
        phone.post(
            url("dispute_entry", assessment, entry_id=entry.pk),
            {"account": "I was tired, not guarded."},
        )
        phone.post(
            url("give_position", assessment, decision_id=decision.pk),
            {
                f"stance_{option.pk}": "disagree",
                f"matters_{option.pk}": "I want my bed.",
            },
        )
        phone.post(
            url("add_own_words", assessment, section="account"),
            {"prompt": "account", "text": "I came in because I could not cope."},
        )
    with time_machine.travel(start + dt.timedelta(minutes=10), tick=False):
        second = text_of(staff.get(page))
    assert PANEL in second
    assert "Sam Reid disagreed with an entry. I was tired, not guarded." in second
    assert "gave a position: Disagree: Stay on the ward . I want my bed." in second
    assert (
        "Sam Reid added their own words. I came in because I could not cope." in second
    )
    assert "Sam wrote this on her own device " + NEW in second
    assert "(written on their own device) " + NEW in second
    with time_machine.travel(start + dt.timedelta(minutes=15), tick=False):
        third = text_of(staff.get(page))
    assert PANEL not in third and NEW not in third
    assert "Sam wrote this on her own device" in third
    assert "(written on their own device)" in third


def test_a_member_who_never_looked_sees_everything_from_the_device_as_new(
    as_person: tuple[CheckedClient, AccessCode],
    assessment: Assessment,
    signed_in: Callable[[str], CheckedClient],
) -> None:
    phone, _ = as_person
    phone.post(
        url("add_own_words", assessment, section="strengths"),
        {"prompt": "strengths.people", "text": "My sister Jo."},
    )
    shown = text_of(
        signed_in("peer").get(
            reverse("assessments:show_assessment", args=[assessment.pk])
        )
    )
    assert (
        "New from their own device (you have not opened this assessment before)"
        in shown
    )
    assert "Sam wrote this on her own device " + NEW in shown


def test_the_decision_page_says_a_position_came_from_the_device(
    as_person: tuple[CheckedClient, AccessCode],
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
    signed_in: Callable[[str], CheckedClient],
) -> None:
    phone, _ = as_person
    asked = ask(
        clinician,
        assessment,
        "Tonight?",
        ("Home", voices["person"]),
        hide_until_given=False,
    )
    decision, option = asked.decision, asked.option
    phone.post(
        url("give_position", assessment, decision_id=decision.pk),
        {f"stance_{option.pk}": "agree"},
    )
    shown = text_of(
        signed_in("clinician").get(
            reverse(
                "assessments:show_decision",
                kwargs={"assessment_id": assessment.pk, "decision_id": decision.pk},
            )
        )
    )
    assert "Agree on “Home” , from their own device" in shown


def test_the_plan_page_says_what_came_from_the_device(
    as_person: tuple[CheckedClient, AccessCode],
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
    signed_in: Callable[[str], CheckedClient],
) -> None:
    phone, _ = as_person
    plans.start_plan(actor=clinician, assessment=assessment)
    phone.post(
        url("contingency", assessment),
        {"based_on": 1, "warning_signs": "I stop answering my phone."},
    )
    phone.post(url("confirm_plan", assessment), {"meaning": "agree", "reason": ""})
    shown = text_of(
        signed_in("clinician").get(reverse("plans:show_plan", args=[assessment.pk]))
    )
    assert "In Sam’s own words" in shown
    assert "Last changed by Sam on her own device." in shown
    assert "Given on their own device" in shown
