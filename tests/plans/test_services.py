"""The plan's rules: concerns answered, everyone's confirmation, sign-off, addenda."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from coassess.accesslog.models import AccessEvent
from coassess.accounts.models import User
from coassess.assessments import services as assessment_services
from coassess.assessments.models import Assessment, Participant, Status
from coassess.core.exceptions import DomainError, VersionConflict
from coassess.decisions import services as decisions
from coassess.plans import services
from coassess.plans.hosts import PlanHost
from coassess.plans.models import Plan, SignedVersion
from coassess.plans.queries import (
    individual_details,
    is_individualised,
    sign_off_problems,
)


@pytest.fixture
def plan(clinician: User, assessment: Assessment) -> Plan:
    return services.start_plan(actor=clinician, assessment=assessment)


def agreed_concern(
    clinician: User, assessment: Assessment, voices: dict[str, Participant]
):  # type: ignore[no-untyped-def]
    return assessment_services.add_concern(
        actor=clinician,
        assessment=assessment,
        text="Somewhere safe tonight",
        raised_by=voices["person"],
        agreed_by=[voices["person"], voices["carer"]],
    )


def ready_to_sign(clinician: User, plan: Plan, voices: dict[str, Participant]) -> None:
    concern = agreed_concern(clinician, plan.assessment, voices)
    services.add_action(
        actor=clinician,
        plan=plan,
        what="Maggie stays over tonight",
        who="Maggie",
        by_when="Tonight",
        proposer=voices["carer"],
        concerns=[concern],
    )
    services.add_contact(
        actor=clinician,
        plan=plan,
        name="Maggie Reid",
        role="mum",
        how="07700 900101",
        when="Any time",
    )
    for p in voices.values():
        services.confirm_plan(
            actor=clinician, plan=plan, participant=p, meaning="agree"
        )


def test_sign_off_lists_exactly_what_is_missing(
    clinician: User, plan: Plan, voices: dict[str, Participant]
) -> None:
    concern = agreed_concern(clinician, plan.assessment, voices)
    problems = sign_off_problems(plan)
    assert f"No action answers the agreed concern “{concern.text}”." in problems
    assert (
        "Sam Reid has not confirmed the plan or recorded a disagreement with it."
        in problems
    )
    assert "The contingency plan has no one to contact." in problems
    with pytest.raises(DomainError, match="cannot be signed yet"):
        services.sign_plan(actor=clinician, plan=plan, declared=True)


def test_a_change_asks_everyone_to_confirm_again(
    clinician: User, plan: Plan, voices: dict[str, Participant]
) -> None:
    ready_to_sign(clinician, plan, voices)
    assert sign_off_problems(plan) == []
    services.add_action(
        actor=clinician,
        plan=plan,
        what="Call from the team at 10:00",
        who="Liaison team",
        by_when="10:00 tomorrow",
        proposer=voices["clinician"],
    )
    assert any("has not confirmed" in p for p in sign_off_problems(plan))


def test_disagreement_and_on_behalf_need_reasons(
    clinician: User, plan: Plan, voices: dict[str, Participant]
) -> None:
    with pytest.raises(DomainError, match="which part they do not agree with"):
        services.confirm_plan(
            actor=clinician, plan=plan, participant=voices["carer"], meaning="disagree"
        )
    with pytest.raises(DomainError, match="on the person's behalf"):
        services.confirm_plan(
            actor=clinician,
            plan=plan,
            participant=voices["person"],
            meaning="on_behalf",
        )
    confirmation = services.confirm_plan(
        actor=clinician,
        plan=plan,
        participant=voices["carer"],
        meaning="disagree",
        reason="I want her to stay in",
    )
    assert confirmation.reason == "I want her to stay in"


def test_signing_locks_the_plan_and_the_assessment_and_keeps_the_signed_text(
    clinician: User, plan: Plan, voices: dict[str, Participant]
) -> None:
    ready_to_sign(clinician, plan, voices)
    services.sign_plan(actor=clinician, plan=plan, declared=True)
    plan.refresh_from_db()
    assert plan.is_signed and plan.assessment.status == Status.SIGNED
    with pytest.raises(DomainError, match="addendum"):
        services.add_action(
            actor=clinician,
            plan=plan,
            what="Late change",
            who="x",
            by_when="y",
            proposer=voices["clinician"],
        )
    with pytest.raises(DomainError, match="signed"):
        assessment_services.add_contribution(
            actor=clinician,
            assessment=plan.assessment,
            section="account",
            voice=voices["person"],
            text="After signing",
        )
    services.add_addendum(
        actor=clinician,
        plan=plan,
        reason="Sam rang in the morning",
        text="Review moved to 11:00 at Sam's request",
    )
    signed = SignedVersion.objects.get(plan=plan).content
    assert signed["actions"][0]["what"] == "Maggie stays over tonight"
    assert "Review moved" not in str(signed)


def test_a_peer_worker_does_not_sign(
    users: dict[str, User], plan: Plan, voices: dict[str, Participant], clinician: User
) -> None:
    ready_to_sign(clinician, plan, voices)
    with pytest.raises(DomainError, match="clinician or team lead"):
        services.sign_plan(actor=users["peer"], plan=plan, declared=True)


def test_if_the_person_could_not_take_part_the_plan_says_when_it_will_be_revisited(
    clinician: User, plan: Plan, voices: dict[str, Participant]
) -> None:
    with pytest.raises(DomainError, match="when the plan will be gone through"):
        services.update_plan_text(
            actor=clinician,
            plan=plan,
            rationale="",
            based_on_version=1,
            person_not_able_reason="Asleep after sedation",
        )
    services.update_plan_text(
        actor=clinician,
        plan=plan,
        rationale="",
        based_on_version=1,
        person_not_able_reason="Asleep after sedation",
        revisit_with_person_at=timezone.now() + dt.timedelta(hours=12),
    )
    assert not any("Sam Reid" in p for p in sign_off_problems(plan))


def test_editing_from_an_old_version_is_a_conflict(clinician: User, plan: Plan) -> None:
    services.update_plan_text(
        actor=clinician, plan=plan, rationale="The first reasons", based_on_version=1
    )
    with pytest.raises(VersionConflict):
        services.update_plan_text(
            actor=clinician,
            plan=plan,
            rationale="The second reasons",
            based_on_version=1,
        )


def test_a_crisis_plan_of_stock_phrases_is_not_individualised(
    clinician: User, plan: Plan
) -> None:
    services.update_contingency(
        actor=clinician,
        plan=plan,
        based_on_version=1,
        data={"what_i_can_do": "Call 999", "people_and_places": "Go to A&E"},
    )
    services.add_contact(
        actor=clinician,
        plan=plan,
        name="Samaritans",
        role="",
        how="116 123",
        when="Any time",
    )
    assert not is_individualised(plan)
    services.update_contingency(
        actor=clinician,
        plan=plan,
        based_on_version=2,
        data={"what_i_can_do": "Walk Biscuit along the river"},
    )
    assert individual_details(plan) == ["What I can do myself"]


def test_positions_on_actions_use_the_same_engine(
    clinician: User, plan: Plan, voices: dict[str, Participant]
) -> None:
    action = services.add_action(
        actor=clinician,
        plan=plan,
        what="Stay with mum tonight",
        who="Sam and Maggie",
        by_when="Tonight",
        proposer=voices["person"],
    )
    with pytest.raises(DomainError, match="a reason is needed"):
        decisions.give_position(
            actor=clinician,
            host=PlanHost(action.plan.assessment, action.plan),
            option=action.option,
            voice=voices["carer"].pk,
            stance="disagree",
        )
    position = decisions.give_position(
        actor=clinician,
        host=PlanHost(action.plan.assessment, action.plan),
        option=action.option,
        voice=voices["carer"].pk,
        stance="reservations",
        what_matters="Only if the team rings tomorrow",
    )
    assert position.option == action.option


def test_a_reworded_concern_is_still_answered(
    clinician: User, plan: Plan, voices: dict[str, Participant]
) -> None:
    concern = agreed_concern(clinician, plan.assessment, voices)
    services.add_action(
        actor=clinician,
        plan=plan,
        what="Mum stays over",
        who="Maggie",
        by_when="Tonight",
        proposer=voices["carer"],
        concerns=[concern],
    )
    assessment_services.revise_concern(
        actor=clinician,
        base=concern,
        text="Somewhere safe to sleep tonight",
        agreed_by=[voices["person"], voices["carer"]],
    )
    assert not any("No action answers" in p for p in sign_off_problems(plan))


def test_only_the_persons_confirmation_is_recorded_on_their_behalf(
    clinician: User, plan: Plan, voices: dict[str, Participant]
) -> None:
    with pytest.raises(DomainError, match="Only the person's confirmation"):
        services.confirm_plan(
            actor=clinician,
            plan=plan,
            participant=voices["carer"],
            meaning="on_behalf",
            reason="She left",
        )


def test_overlong_short_fields_are_refused_plainly(
    clinician: User, plan: Plan, voices: dict[str, Participant]
) -> None:
    with pytest.raises(DomainError, match="Keep who will do it under 200 characters"):
        services.add_action(
            actor=clinician,
            plan=plan,
            what="Call",
            who="x" * 201,
            by_when="Tonight",
            proposer=voices["clinician"],
        )


def test_the_plan_is_logged_once_for_each_change_in_its_own_words(
    clinician: User, assessment: Assessment, voices: dict[str, Participant]
) -> None:
    plan = services.start_plan(actor=clinician, assessment=assessment)
    action = services.add_action(
        actor=clinician,
        plan=plan,
        what="Stay with mum tonight",
        who="Sam and Maggie",
        by_when="Tonight",
        proposer=voices["person"],
    )
    decisions.give_position(
        actor=clinician,
        host=PlanHost(assessment, plan),
        option=action.option,
        voice=voices["carer"].pk,
        stance="agree",
    )
    logged = list(
        AccessEvent.objects.filter(person=assessment.person)
        .order_by("id")
        .values_list("what", "object_id")
    )
    since_plan = logged[[what for what, _ in logged].index("plan") :]
    assert [what for what, _ in since_plan] == [
        "plan",
        "plan action",
        "position on a plan action",
    ]
    assert since_plan[:2] == [("plan", str(plan.pk)), ("plan action", str(action.pk))]
