"""Decisions in an assessment: the host side of the dissensus engine.

The engine (`coassess.decisions`) knows nothing about assessments. This module
is the adapter: it turns the assessment's participants into the engine's
voices, and wraps each engine action in a service that checks the assessment
is still open and that every voice is taking part in *this* assessment, then
logs the access in the same transaction.

Positions on an assessment's decisions stay hidden from each voice until it has
given its own, so the person speaks first (DOMAIN.md §6).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db import transaction

from coassess.accesslog.models import Action
from coassess.accesslog.services import record_access
from coassess.accounts.models import User
from coassess.assessments.models import (
    Assessment,
    CapacityAssessment,
    CapacityOutcome,
    Participant,
    ParticipantKind,
)
from coassess.assessments.services import _require_open
from coassess.core.exceptions import DomainError
from coassess.decisions import services as engine
from coassess.decisions.models import DecidingRule, Decision, Option, Outcome, Position
from coassess.decisions.queries import DecisionView, decision_views
from coassess.decisions.voices import Voice

CONTEXT_TYPE = "assessment"


def voice_of(participant: Participant) -> Voice:
    return Voice(
        key=participant.pk,
        name=participant.name,
        is_person=participant.kind == ParticipantKind.PERSON,
        expertise=participant.expertise,
    )


def voices_from(participants: Iterable[Participant]) -> list[Voice]:
    return [voice_of(p) for p in participants]


def voices_of(assessment: Assessment) -> list[Voice]:
    """Everyone taking part in the assessment, as voices, in the order they joined."""
    return voices_from(
        Participant.objects.filter(assessment=assessment).order_by("joined_at")
    )


def decisions_of(
    assessment: Assessment, participants: list[Participant], viewer: UUID | None
) -> list[DecisionView]:
    """Every decision in the assessment, with options, positions and outcome (4 queries)."""
    return decision_views(
        CONTEXT_TYPE, assessment.pk, voices_from(participants), viewer
    )


def belongs_to(decision: Decision, assessment: Assessment) -> bool:
    return (
        decision.context_type == CONTEXT_TYPE and decision.context_id == assessment.pk
    )


def _log(
    actor: User, assessment: Assessment, action: Action, what: str, pk: Any
) -> None:
    record_access(
        actor=actor, person=assessment.person, action=action, what=what, object_id=pk
    )


def _check_decision(assessment: Assessment, decision: Decision) -> None:
    if not belongs_to(decision, assessment):
        raise DomainError("That decision is not part of this assessment.")


def _check_participant(assessment: Assessment, participant: Participant) -> None:
    if participant.assessment_id != assessment.pk:
        raise DomainError("Choose someone who is taking part in this assessment.")


@transaction.atomic
def add_decision(
    *,
    actor: User,
    assessment: Assessment,
    question: str,
    hide_until_given: bool = True,
) -> Decision:
    """Open a question for everyone taking part to give their position on."""
    _require_open(assessment)
    decision = engine.create_decision(
        actor=actor,
        context_type=CONTEXT_TYPE,
        context_id=assessment.pk,
        question=question,
        hide_until_given=hide_until_given,
    )
    _log(actor, assessment, Action.CREATE, "decision", decision.pk)
    return decision


@transaction.atomic
def add_option(
    *,
    actor: User,
    assessment: Assessment,
    decision: Decision,
    text: str,
    proposer: Participant,
) -> Option:
    """Anyone taking part may propose an option; it is credited to them."""
    _require_open(assessment)
    _check_decision(assessment, decision)
    _check_participant(assessment, proposer)
    option = engine.propose_option(
        actor=actor, decision=decision, text=text, proposer=voice_of(proposer)
    )
    _log(actor, assessment, Action.CREATE, "decision option", option.pk)
    return option


@transaction.atomic
def reword_option(
    *,
    actor: User,
    assessment: Assessment,
    option: Option,
    text: str,
    based_on_wording: int,
) -> Option:
    """New words for an option. Everyone's earlier positions on it are asked again."""
    _require_open(assessment)
    _check_decision(assessment, option.decision)
    option = engine.reword_option(
        actor=actor, option=option, text=text, based_on_wording=based_on_wording
    )
    _log(actor, assessment, Action.UPDATE, "decision option reworded", option.pk)
    return option


@transaction.atomic
def give_position(
    *,
    actor: User,
    assessment: Assessment,
    option: Option,
    voice: Participant,
    stance: str,
    what_matters: str = "",
) -> Position:
    """Record one voice's position on one option; an earlier one is superseded, not lost."""
    _require_open(assessment)
    _check_decision(assessment, option.decision)
    _check_participant(assessment, voice)
    position = engine.take_position(
        actor=actor,
        option=option,
        voice=voice_of(voice),
        stance=stance,
        what_matters=what_matters,
    )
    _log(actor, assessment, Action.CREATE, "decision position", position.pk)
    return position


@dataclass(frozen=True)
class Answer:
    """What one voice says about one option, as typed."""

    option: Option
    stance: str
    what_matters: str


class PositionsRefused(DomainError):
    """One or more answers broke a rule. `errors` maps option id to the engine's message."""

    def __init__(self, errors: dict[UUID, str]) -> None:
        super().__init__("Some positions need more before they can be saved.")
        self.errors = errors


def _unchanged(answer: Answer, current: Position | None) -> bool:
    return (
        current is not None
        and current.stance == answer.stance
        and current.what_matters == answer.what_matters.strip()
        and current.wording == answer.option.wording
    )


@transaction.atomic
def give_positions(
    *,
    actor: User,
    assessment: Assessment,
    decision: Decision,
    voice: Participant,
    answers: list[Answer],
) -> list[Position]:
    """Record a voice's positions on several options at once: all of them, or none.

    Every answer is tried, so each one that breaks a rule gets its own message
    (`PositionsRefused.errors`). An answer that repeats the voice's current
    position, to the current wording, is not recorded again.
    """
    _require_open(assessment)
    _check_decision(assessment, decision)
    _check_participant(assessment, voice)
    current = {
        p.option_id: p
        for p in Position.objects.filter(
            decision=decision, voice_key=voice.pk, is_current=True
        )
    }
    saved: list[Position] = []
    errors: dict[UUID, str] = {}
    for answer in answers:
        if answer.option.decision_id != decision.pk:
            errors[answer.option.pk] = "Choose one of this decision's options."
            continue
        if _unchanged(answer, current.get(answer.option.pk)):
            continue
        try:  # give_position is atomic: a refused answer undoes only itself here
            saved.append(
                give_position(
                    actor=actor,
                    assessment=assessment,
                    option=answer.option,
                    voice=voice,
                    stance=answer.stance,
                    what_matters=answer.what_matters,
                )
            )
        except DomainError as exc:
            errors[answer.option.pk] = str(exc)
    if errors:
        raise PositionsRefused(errors)  # rolls back any that were saved
    return saved


def _check_capacity_record(
    assessment: Assessment, record: CapacityAssessment | None, deciding_rule: str
) -> None:
    if record is None:
        return
    if record.assessment_id != assessment.pk or not record.is_current:
        raise DomainError(
            "Choose one of this assessment's current capacity assessments."
        )
    if (
        deciding_rule == DecidingRule.BEST_INTERESTS
        and record.outcome != CapacityOutcome.LACKS_CAPACITY
    ):
        raise DomainError(
            "The capacity assessment you chose found they have capacity for that "
            "decision, so a best-interests decision cannot rest on it."
        )


@transaction.atomic
def record_outcome(
    *,
    actor: User,
    assessment: Assessment,
    decision: Decision,
    chosen: Option,
    deciding_rule: str,
    rationale: str,
    values_weighed: str,
    based_on: UUID | None,
    remaining_disagreements: str = "",
    how_respected: str = "",
    review_at: dt.datetime | None = None,
    why_person_not_followed: str = "",
    capacity_record: CapacityAssessment | None = None,
) -> Outcome:
    """State the balanced decision, with every participant as a voice.

    The engine refuses an outcome that overrides the person without saying why,
    or leaves dissent without saying how it is respected; a best-interests
    outcome must rest on one of this assessment's current capacity records.
    `based_on` is the outcome the writer saw; if another was recorded since,
    VersionConflict carries it back.
    """
    _require_open(assessment)
    _check_decision(assessment, decision)
    _check_capacity_record(assessment, capacity_record, deciding_rule)
    outcome = engine.record_outcome(
        actor=actor,
        decision=decision,
        chosen=chosen,
        deciding_rule=deciding_rule,
        rationale=rationale,
        values_weighed=values_weighed,
        voices=voices_of(assessment),
        based_on=based_on,
        remaining_disagreements=remaining_disagreements,
        how_respected=how_respected,
        review_at=review_at,
        why_person_not_followed=why_person_not_followed,
        capacity_record=capacity_record.pk if capacity_record else None,
    )
    _log(actor, assessment, Action.CREATE, "decision outcome", outcome.pk)
    return outcome
