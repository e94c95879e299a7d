"""Every rule of the dissensus engine, in the domain layer (both databases)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from coassess.accounts.models import User
from coassess.core.exceptions import DomainError, VersionConflict
from coassess.decisions import rules
from coassess.decisions.models import Decision, Option, Outcome, Position
from coassess.decisions.presenters import ASKED_AGAIN, GridCell, present_decision
from coassess.decisions.queries import DecisionView, decision_views, position_history
from coassess.decisions.voices import Voice

SAM = Voice(uuid.uuid4(), "Sam Reid", is_person=True, expertise="lived")
MAGGIE = Voice(uuid.uuid4(), "Maggie Reid", expertise="carer")
AMARA = Voice(uuid.uuid4(), "Amara Okafor", expertise="professional")
VOICES = [SAM, MAGGIE, AMARA]
CONTEXT = uuid.uuid4()


@pytest.fixture
def decision(clinician: User) -> Decision:
    return rules.create_decision(
        actor=clinician,
        context_type="assessment",
        context_id=CONTEXT,
        question="Where will you be supported tonight?",
    )


@pytest.fixture
def home(clinician: User, decision: Decision) -> Option:
    return rules.propose_option(
        actor=clinician,
        decision=decision,
        text="Go home with mum staying over",
        proposer=SAM,
    )


@pytest.fixture
def ward(clinician: User, decision: Decision) -> Option:
    return rules.propose_option(
        actor=clinician,
        decision=decision,
        text="Stay on the crisis ward tonight",
        proposer=MAGGIE,
    )


def cell(view: DecisionView, voice: Voice, option: Option) -> GridCell:
    """What the voices grid shows for one voice and option (decisions.presenters)."""
    shown = present_decision(view, [])
    row = next(cells for v, cells in shown.rows if v.key == voice.key)
    return row[[o.pk for o in view.options].index(option.pk)]


def take(
    clinician: User, option: Option, voice: Voice, stance: str, why: str = ""
) -> Position:
    return rules.take_position(
        actor=clinician, option=option, voice=voice, stance=stance, what_matters=why
    )


@pytest.mark.parametrize("stance", ["reservations", "disagree", "object"])
def test_a_reason_is_required_for_reservations_and_dissent(
    clinician: User, home: Option, stance: str
) -> None:
    with pytest.raises(DomainError, match="a reason is needed"):
        take(clinician, home, MAGGIE, stance, "   ")
    assert not Position.objects.exists()


def test_the_database_refuses_dissent_without_a_reason_too(
    clinician: User, home: Option
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.create(
            decision=home.decision,
            option=home,
            voice_key=MAGGIE.key,
            voice_name=MAGGIE.name,
            stance="object",
            what_matters="",
            wording=1,
            recorded_by=clinician,
        )


@pytest.mark.parametrize("stance", ["agree", "unsure"])
def test_agreement_and_uncertainty_need_no_reason(
    clinician: User, home: Option, stance: str
) -> None:
    assert take(clinician, home, SAM, stance).stance == stance


def test_a_change_of_mind_is_kept_with_its_time(clinician: User, home: Option) -> None:
    first = take(clinician, home, MAGGIE, "object", "She is not safe alone at night")
    second = take(
        clinician, home, MAGGIE, "reservations", "If I can stay with her, yes"
    )
    first.refresh_from_db()
    assert not first.is_current and second.is_current and second.supersedes == first
    assert [p.stance for p in position_history(home.decision)] == [
        "object",
        "reservations",
    ]


def test_rewording_an_option_asks_everyone_again(clinician: User, home: Option) -> None:
    take(clinician, home, SAM, "agree")
    rules.reword_option(
        actor=clinician,
        option=home,
        text="Go home with mum staying over, and a call at 10 tomorrow",
        based_on_wording=1,
    )
    view = decision_views("assessment", CONTEXT, VOICES, viewer=SAM.key)[0]
    assert cell(view, SAM, view.options[0]).note == ASKED_AGAIN
    assert not view.has_given_all(SAM.key)
    assert list(home.wordings.values_list("wording", flat=True)) == [1, 2]


def test_rewording_from_an_old_wording_is_a_conflict(
    clinician: User, home: Option
) -> None:
    rules.reword_option(
        actor=clinician, option=home, text="New words", based_on_wording=1
    )
    with pytest.raises(VersionConflict):
        rules.reword_option(
            actor=clinician, option=home, text="Other words", based_on_wording=1
        )


def test_positions_stay_hidden_until_the_viewer_has_given_theirs(
    clinician: User, home: Option, ward: Option
) -> None:
    take(clinician, home, MAGGIE, "object", "Not safe alone")
    take(clinician, ward, MAGGIE, "agree")
    view = decision_views("assessment", CONTEXT, VOICES, viewer=SAM.key)[0]
    assert view.hidden and cell(view, MAGGIE, home).hidden
    take(clinician, home, SAM, "agree")
    take(clinician, ward, SAM, "disagree", "I want to sleep in my own bed")
    view = decision_views("assessment", CONTEXT, VOICES, viewer=SAM.key)[0]
    found = cell(view, MAGGIE, home)
    assert not view.hidden and found.mark is not None and found.mark.symbol == "✗!"


def test_positions_can_be_open_from_the_start(clinician: User) -> None:
    decision = rules.create_decision(
        actor=clinician,
        context_type="project",
        context_id=uuid.uuid4(),
        question="Which day suits?",
        hide_until_given=False,
    )
    option = rules.propose_option(
        actor=clinician, decision=decision, text="Tuesday", proposer=AMARA
    )
    take(clinician, option, MAGGIE, "agree")
    view = decision_views("project", decision.context_id, VOICES, viewer=SAM.key)[0]
    assert not cell(view, MAGGIE, option).hidden


def outcome(clinician: User, decision: Decision, chosen: Option, **kw: Any) -> Outcome:
    values: dict[str, Any] = {
        "deciding_rule": "balanced",
        "rationale": "Sam knows what helps her sleep",
        "values_weighed": "Sam's choice; her mum's fear for her safety",
        "based_on": None,
        **kw,
    }
    draft = rules.OutcomeDraft(chosen=chosen, **values)
    return rules.record_outcome(
        actor=clinician, decision=decision, draft=draft, voices=VOICES
    )


def test_an_outcome_that_overrides_the_person_must_say_why(
    clinician: User, decision: Decision, home: Option, ward: Option
) -> None:
    take(clinician, ward, SAM, "disagree", "I want to sleep in my own bed")
    with pytest.raises(DomainError, match="why the person's view did not prevail"):
        outcome(clinician, decision, ward, how_respected="Review at 9 tomorrow")
    made = outcome(
        clinician,
        decision,
        ward,
        how_respected="Review at 9 tomorrow",
        why_person_not_followed="She has told us she will act on the plan tonight",
    )
    assert made.person_not_followed


def test_remaining_dissent_must_be_respected_and_is_never_hidden(
    clinician: User, decision: Decision, home: Option
) -> None:
    take(clinician, home, SAM, "agree")
    take(clinician, home, MAGGIE, "object", "She is not safe alone at night")
    with pytest.raises(
        DomainError, match="how the remaining disagreement is respected"
    ):
        outcome(clinician, decision, home)
    made = outcome(
        clinician,
        decision,
        home,
        remaining_disagreements="Maggie objects",
        how_respected="Maggie stays over; the team rings at 10:00",
    )
    view = decision_views("assessment", CONTEXT, VOICES, viewer=AMARA.key)[0]
    assert view.outcome == made
    assert [p.voice_name for p in view.dissent_on(home)] == ["Maggie Reid"]


def test_best_interests_needs_the_capacity_record(
    clinician: User, decision: Decision, ward: Option
) -> None:
    with pytest.raises(DomainError, match="the capacity assessment"):
        outcome(
            clinician,
            decision,
            ward,
            deciding_rule="best_interests",
            why_person_not_followed="Lacks capacity for this decision tonight",
        )
    made = outcome(
        clinician,
        decision,
        ward,
        deciding_rule="best_interests",
        why_person_not_followed="Lacks capacity for this decision tonight",
        capacity_record=uuid.uuid4(),
    )
    assert made.person_not_followed


def test_everyone_agrees_cannot_be_claimed_over_dissent(
    clinician: User, decision: Decision, home: Option
) -> None:
    take(clinician, home, MAGGIE, "disagree", "Worried")
    with pytest.raises(DomainError, match="Not everyone agrees"):
        outcome(clinician, decision, home, deciding_rule="consensus", how_respected="x")


def test_two_people_recording_the_outcome_at_once_see_the_conflict(
    clinician: User, decision: Decision, home: Option, ward: Option
) -> None:
    first = outcome(clinician, decision, home)
    with pytest.raises(VersionConflict) as caught:
        outcome(clinician, decision, ward, based_on=None)
    assert caught.value.current == first
    second = outcome(clinician, decision, ward, based_on=first.pk)
    first.refresh_from_db()
    assert second.supersedes == first and not first.is_current


def test_reading_every_decision_takes_the_same_queries(
    clinician: User, django_assert_num_queries: Any
) -> None:
    context = uuid.uuid4()

    def grow(n: int) -> None:
        for i in range(n):
            d = rules.create_decision(
                actor=clinician,
                context_type="assessment",
                context_id=context,
                question=f"Question {i}?",
            )
            for j in range(4):
                o = rules.propose_option(
                    actor=clinician, decision=d, text=f"Option {j}", proposer=AMARA
                )
                for v in VOICES:
                    take(clinician, o, v, "agree")

    grow(1)
    with django_assert_num_queries(4):
        decision_views("assessment", context, VOICES, viewer=SAM.key)
    grow(4)
    with django_assert_num_queries(4):
        views = decision_views("assessment", context, VOICES, viewer=SAM.key)
    assert len(views) == 5 and all(len(v.options) == 4 for v in views)
