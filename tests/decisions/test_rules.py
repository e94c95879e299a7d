"""Every rule of the dissensus engine, in the domain layer (both databases)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from coassess.accounts.models import User
from coassess.core.exceptions import DomainError, VersionConflict
from coassess.decisions import rules
from coassess.decisions.models import (
    Decision,
    DissentAnswer,
    Option,
    Outcome,
    Position,
)
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


@pytest.mark.parametrize("wordless", ["x", ".", "\u200b\u200b", "ok"])
def test_a_reason_for_dissent_must_be_words(
    clinician: User, home: Option, wordless: str
) -> None:
    with pytest.raises(DomainError, match="at least two words"):
        take(clinician, home, MAGGIE, "object", wordless)
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


def reply(why: str, how: str) -> rules.Reply:
    return rules.Reply(why=why, how=how)


TOMORROW = timezone.now() + dt.timedelta(days=1)


def refused(
    clinician: User, decision: Decision, chosen: Option, **kw: Any
) -> dict[str, str]:
    """The rules' messages for an outcome they refuse, by the part each is about."""
    with pytest.raises(rules.OutcomeRefused) as caught:
        outcome(clinician, decision, chosen, **kw)
    return caught.value.errors


def test_an_outcome_that_overrides_the_person_must_say_why(
    clinician: User, decision: Decision, home: Option, ward: Option
) -> None:
    take(clinician, ward, SAM, "disagree", "I want to sleep in my own bed")
    errors = refused(clinician, decision, ward, review_at=TOMORROW)
    assert errors[rules.why_part(SAM.key)].startswith(
        "Write why Sam Reid’s view did not prevail."
    )
    assert rules.how_part(SAM.key) in errors
    made = outcome(
        clinician,
        decision,
        ward,
        review_at=TOMORROW,
        replies={
            SAM.key: reply(
                "She has told us she will act on the plan tonight",
                "Review at 9 tomorrow, and she chooses who visits",
            )
        },
    )
    assert made.person_not_followed
    assert (
        made.why_person_not_followed
        == "She has told us she will act on the plan tonight"
    )
    (answer,) = made.dissent_answers.all()
    assert (answer.voice_name, answer.stance, answer.voice_is_person) == (
        "Sam Reid",
        "disagree",
        True,
    )


def test_every_dissenting_voice_is_answered_not_only_the_persons(
    clinician: User, decision: Decision, home: Option
) -> None:
    """The issue's example: the partner objects; the outcome said "x" and "y",
    nothing about the objection, and no review. Each of those is refused."""
    take(clinician, home, SAM, "agree")
    take(clinician, home, MAGGIE, "object", "She is not safe alone at night")
    take(clinician, home, AMARA, "disagree", "The overdose was today")
    errors = refused(clinician, decision, home, rationale="x", values_weighed="y")
    assert set(errors) == {
        "rationale",
        "values_weighed",
        rules.why_part(MAGGIE.key),
        rules.how_part(MAGGIE.key),
        rules.why_part(AMARA.key),
        rules.how_part(AMARA.key),
        "review_at",
    }
    assert "at least two words" in errors["rationale"]
    assert errors["review_at"] == (
        "Set a date to look at this decision again: Maggie Reid and Amara Okafor "
        "still disagree."
    )
    made = outcome(
        clinician,
        decision,
        home,
        review_at=TOMORROW,
        replies={
            MAGGIE.key: reply(
                "Sam sleeps best at home and has a plan for the night",
                "Maggie stays over; the team rings at 10:00",
            ),
            AMARA.key: reply(
                "Sam and Maggie can keep her safe tonight",
                "An early review at 10:00 tomorrow",
            ),
        },
    )
    assert not made.person_not_followed
    assert made.review_at == TOMORROW
    assert [(a.voice_name, a.stance) for a in made.dissent_answers.all()] == [
        ("Maggie Reid", "object"),
        ("Amara Okafor", "disagree"),
    ]
    assert made.how_respected == (
        "Maggie Reid: Maggie stays over; the team rings at 10:00\n"
        "Amara Okafor: An early review at 10:00 tomorrow"
    )
    view = decision_views("assessment", CONTEXT, VOICES, viewer=AMARA.key)[0]
    assert view.outcome == made
    assert [p.voice_name for p in view.dissent_on(home)] == [
        "Maggie Reid",
        "Amara Okafor",
    ]
    shown = present_decision(view, [])
    assert shown.outcome is not None
    assert [d.answer.how_respected for d in shown.outcome.dissent if d.answer] == [
        "Maggie stays over; the team rings at 10:00",
        "An early review at 10:00 tomorrow",
    ]


@pytest.mark.parametrize("wordless", ["x", "y", ".", "\u200b\u200b", "ok", "x y", "?!"])
def test_an_answer_to_dissent_must_be_words(
    clinician: User, decision: Decision, home: Option, wordless: str
) -> None:
    take(clinician, home, MAGGIE, "object", "She is not safe alone at night")
    errors = refused(
        clinician,
        decision,
        home,
        review_at=TOMORROW,
        replies={MAGGIE.key: reply(wordless, "Maggie stays over tonight")},
    )
    assert set(errors) == {rules.why_part(MAGGIE.key)}
    assert "at least two words" in errors[rules.why_part(MAGGIE.key)]


def test_reservations_need_no_answer_and_no_review(
    clinician: User, decision: Decision, home: Option
) -> None:
    take(clinician, home, MAGGIE, "reservations", "If I can stay with her")
    made = outcome(clinician, decision, home)
    assert made.review_at is None and not made.dissent_answers.exists()


def test_an_answer_is_needed_for_dissent_to_an_earlier_wording_too(
    clinician: User, decision: Decision, home: Option
) -> None:
    take(clinician, home, MAGGIE, "object", "She is not safe alone at night")
    rules.reword_option(
        actor=clinician, option=home, text="Home, with Maggie there", based_on_wording=1
    )
    home.refresh_from_db()
    errors = refused(clinician, decision, home, review_at=TOMORROW)
    assert rules.why_part(MAGGIE.key) in errors


def test_the_database_refuses_an_answer_without_why_or_how(
    clinician: User, decision: Decision, home: Option
) -> None:
    made = outcome(clinician, decision, home)
    with pytest.raises(IntegrityError), transaction.atomic():
        DissentAnswer.objects.create(
            outcome=made,
            voice_key=MAGGIE.key,
            voice_name=MAGGIE.name,
            stance="object",
            why_not_prevailed="",
            how_respected="Maggie stays over",
        )


def test_a_legal_duty_must_say_why_in_words(
    clinician: User, decision: Decision, ward: Option
) -> None:
    errors = refused(clinician, decision, ward, deciding_rule="lawful_duty")
    assert set(errors) == {"why_person_not_followed"}
    errors = refused(
        clinician,
        decision,
        ward,
        deciding_rule="lawful_duty",
        why_person_not_followed=".",
    )
    assert "at least two words" in errors["why_person_not_followed"]
    made = outcome(
        clinician,
        decision,
        ward,
        deciding_rule="lawful_duty",
        why_person_not_followed="She is detained under section 2 tonight",
    )
    assert made.person_not_followed


def test_best_interests_needs_the_capacity_record(
    clinician: User, decision: Decision, ward: Option
) -> None:
    errors = refused(
        clinician,
        decision,
        ward,
        deciding_rule="best_interests",
        why_person_not_followed="Lacks capacity for this decision tonight",
    )
    assert set(errors) == {"capacity_record"}
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
    take(clinician, home, MAGGIE, "disagree", "Worried about tonight")
    errors = refused(clinician, decision, home, deciding_rule="consensus")
    assert errors["deciding_rule"].startswith("Not everyone agrees")


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


@pytest.fixture
def first(clinician: User) -> Decision:
    return rules.create_decision(
        actor=clinician,
        context_type="assessment",
        context_id=CONTEXT,
        question="Who rings Sam tomorrow?",
        person_first=True,
    )


def test_where_the_person_speaks_first_no_one_else_speaks_before_them(
    clinician: User, first: Decision
) -> None:
    option = rules.propose_option(
        actor=clinician, decision=first, text="Maggie rings at 9", proposer=MAGGIE
    )
    with pytest.raises(DomainError, match="Sam Reid speaks first on this decision"):
        rules.take_position(
            actor=clinician, option=option, voice=MAGGIE, stance="agree", person=SAM
        )
    with pytest.raises(DomainError, match="The person speaks first"):
        take(clinician, option, AMARA, "agree")
    assert not Position.objects.exists()
    take(clinician, option, SAM, "unsure")
    assert take(clinician, option, MAGGIE, "agree").stance == "agree"
    # A new option waits for the person again.
    later = rules.propose_option(
        actor=clinician, decision=first, text="The team rings at 10", proposer=AMARA
    )
    with pytest.raises(DomainError, match="speaks first"):
        take(clinician, later, AMARA, "agree")


def test_the_person_may_say_they_do_not_want_to_speak_and_that_is_kept(
    clinician: User, first: Decision
) -> None:
    option = rules.propose_option(
        actor=clinician, decision=first, text="Maggie rings at 9", proposer=MAGGIE
    )
    with pytest.raises(DomainError, match="Only the person"):
        rules.person_declines(actor=clinician, decision=first, person=MAGGIE)
    declined = rules.person_declines(actor=clinician, decision=first, person=SAM)
    again = rules.person_declines(actor=clinician, decision=first, person=SAM)
    assert again.pk == declined.pk and declined.voice_name == "Sam Reid"
    assert declined.recorded_by == clinician
    assert take(clinician, option, AMARA, "agree").stance == "agree"


def test_without_the_person_first_anyone_may_speak_first(
    clinician: User, home: Option
) -> None:
    assert not home.decision.person_first
    assert take(clinician, home, AMARA, "agree").stance == "agree"
    rules.set_person_first(decision=home.decision, person_first=True)
    ward = rules.propose_option(
        actor=clinician, decision=home.decision, text="The ward", proposer=AMARA
    )
    with pytest.raises(DomainError, match="speaks first"):
        take(clinician, ward, AMARA, "agree")
