"""The person speaks first, on both hosts: an assessment's decisions and a
plan's actions. Enforced by the rules, whoever calls; shown on the pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from typing import Any

import pytest
from django.urls import reverse

from coassess.accesslog.models import AccessEvent
from coassess.accounts.models import User
from coassess.assessments.hosts import AssessmentHost
from coassess.assessments.models import Assessment, Participant
from coassess.core.exceptions import DomainError
from coassess.decisions import services
from coassess.decisions.hosts import Host
from coassess.decisions.models import Decision, Option, PersonDeclined, Position
from coassess.plans import services as plans
from coassess.plans.hosts import PlanHost


def page_text(response: Any) -> str:
    html = response.content.decode()
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def on_assessment(
    clinician: User, assessment: Assessment, voices: dict[str, Participant]
) -> tuple[Host, Decision, Option, str]:
    host = AssessmentHost(assessment)
    decision = services.add_decision(
        actor=clinician,
        host=host,
        question="Who rings Sam tomorrow?",
        person_first=True,
    )
    option = services.add_option(
        actor=clinician,
        host=host,
        decision=decision,
        text="Maggie rings at 9",
        proposer=voices["carer"].pk,
    )
    address = reverse(
        "assessments:give_positions",
        kwargs={"assessment_id": assessment.pk, "decision_id": decision.pk},
    )
    return host, decision, option, address


def on_plan(
    clinician: User, assessment: Assessment, voices: dict[str, Participant]
) -> tuple[Host, Decision, Option, str]:
    plan = plans.start_plan(actor=clinician, assessment=assessment)
    host = PlanHost(assessment, plan)
    decision = Decision.objects.get(pk=plan.actions_decision_id)
    services.set_person_first(
        actor=clinician, host=host, decision=decision, person_first=True
    )
    action = plans.add_action(
        actor=clinician,
        plan=plan,
        what="Maggie rings at 9",
        who="Maggie",
        by_when="9:00 tomorrow",
        proposer=voices["carer"],
    )
    option = Option.objects.get(decision=decision, text=action.what)
    address = reverse("plans:give_positions", kwargs={"assessment_id": assessment.pk})
    return host, decision, option, address


HOSTS = {"assessment": on_assessment, "plan": on_plan}


@pytest.mark.parametrize("where", HOSTS)
def test_no_one_else_speaks_before_the_person(
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
    where: str,
) -> None:
    host, decision, option, _ = HOSTS[where](clinician, assessment, voices)
    for voice in ("carer", "clinician"):
        with pytest.raises(DomainError, match="Sam Reid speaks first on this decision"):
            services.give_position(
                actor=clinician,
                host=host,
                option=option,
                voice=voices[voice].pk,
                stance="agree",
            )
    assert not Position.objects.filter(decision=decision).exists()
    services.give_position(
        actor=clinician,
        host=host,
        option=option,
        voice=voices["person"].pk,
        stance="reservations",
        what_matters="Only if she rings after nine",
    )
    given = services.give_position(
        actor=clinician,
        host=host,
        option=option,
        voice=voices["carer"].pk,
        stance="agree",
    )
    assert given.voice_name == "Maggie Reid"


@pytest.mark.parametrize("where", HOSTS)
def test_the_person_saying_they_do_not_want_to_is_recorded_and_lets_others_speak(
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
    where: str,
) -> None:
    host, decision, option, _ = HOSTS[where](clinician, assessment, voices)
    declined = services.person_declines(actor=clinician, host=host, decision=decision)
    assert (declined.voice_key, declined.voice_name) == (
        voices["person"].pk,
        "Sam Reid",
    )
    assert AccessEvent.objects.filter(
        what="decision: the person does not want to give a position",
        object_id=str(decision.pk),
    ).exists()
    services.give_position(
        actor=clinician,
        host=host,
        option=option,
        voice=voices["clinician"].pk,
        stance="agree",
    )


@pytest.mark.parametrize("where", HOSTS)
def test_the_positions_page_says_so_and_refuses_others_first(
    signed_in: Callable[[str], Any],
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
    where: str,
) -> None:
    _, decision, option, address = HOSTS[where](clinician, assessment, voices)
    c = signed_in("clinician")
    text = page_text(c.get(address))
    assert "Sam Reid speaks first on this decision." in text
    assert "until they have given theirs, or have said they do not want to" in text
    response = c.post(
        address,
        {"voice": voices["carer"].pk, f"stance_{option.pk}": "agree"},
    )
    assert response.status_code == 400
    assert "Sam Reid speaks first on this decision." in page_text(response)
    assert not Position.objects.filter(decision=decision).exists()

    # Only the person can decline, and not while giving positions.
    response = c.post(address, {"voice": voices["carer"].pk, "declines": "on"})
    assert response.status_code == 400
    assert "Only the person can say they do not want to give a position" in (
        page_text(response)
    )
    response = c.post(address, {"voice": voices["person"].pk, "declines": "on"})
    assert response.status_code == 302
    assert PersonDeclined.objects.filter(decision=decision).count() == 1
    text = page_text(c.get(address))
    assert "They have said they do not want to give a position" in text
    response = c.post(
        address, {"voice": voices["carer"].pk, f"stance_{option.pk}": "agree"}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("where", HOSTS)
def test_whether_the_person_speaks_first_is_set_on_the_positions_page(
    signed_in: Callable[[str], Any],
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
    where: str,
) -> None:
    _, decision, _, address = HOSTS[where](clinician, assessment, voices)
    c = signed_in("clinician")
    response = c.post(address, {"person_first_setting": "1"})
    assert response.status_code == 302 and response["Location"] == address
    decision.refresh_from_db()
    assert not decision.person_first
    assert "Sam Reid speaks first on this decision." not in page_text(c.get(address))
    c.post(address, {"person_first_setting": "1", "person_first": "on"})
    decision.refresh_from_db()
    assert decision.person_first


def test_a_question_can_be_added_with_the_person_first(
    signed_in: Callable[[str], Any], assessment: Assessment
) -> None:
    c = signed_in("clinician")
    response = c.post(
        reverse("assessments:add_decision", kwargs={"assessment_id": assessment.pk}),
        {"question": "Who rings Sam tomorrow?", "person_first": "on"},
    )
    assert response.status_code == 302
    decision = Decision.objects.get(question="Who rings Sam tomorrow?")
    assert decision.person_first
    shown = page_text(
        c.get(
            reverse(
                "assessments:show_decision",
                kwargs={"assessment_id": assessment.pk, "decision_id": decision.pk},
            )
        )
    )
    assert "Sam Reid speaks first on this decision." in shown
