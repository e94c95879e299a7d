"""The engine's actions, for any host. Each checks the host still takes changes
and that the decision and every voice are the host's, applies the engine's
rules (`decisions.rules`), and logs through the host, in one transaction.

Views and hosts call these; `rules` is what they enforce, whoever calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db import transaction

from coassess.accounts.models import User
from coassess.core.exceptions import DomainError
from coassess.decisions import rules
from coassess.decisions.hosts import CapacityRecord, Host, belongs_to
from coassess.decisions.models import (
    DecidingRule,
    Decision,
    Option,
    Outcome,
    PersonDeclined,
    Position,
)
from coassess.decisions.rules import OutcomeDraft
from coassess.decisions.voices import Voice
from coassess.people.authors import Author


def _check(host: Host, decision: Decision) -> None:
    host.require_open()
    if not belongs_to(decision, host):
        raise DomainError(f"That decision is not part of this {host.noun}.")


def _voice(host: Host, key: UUID) -> Voice:
    found = next((v for v in host.voices() if v.key == key), None)
    if found is None:
        raise DomainError(f"Choose someone who is taking part in this {host.noun}.")
    return found


def _person(host: Host) -> Voice | None:
    return next((v for v in host.voices() if v.is_person), None)


@transaction.atomic
def add_decision(
    *,
    actor: User,
    host: Host,
    question: str,
    hide_until_given: bool = True,
    person_first: bool = False,
) -> Decision:
    """Open a question for everyone taking part to give their position on
    (`person_first`: the person speaks first on each option)."""
    host.require_open()
    decision = rules.create_decision(
        actor=actor,
        context_type=host.context_type,
        context_id=host.context_id,
        question=question,
        hide_until_given=hide_until_given,
        person_first=person_first,
    )
    host.log(actor=actor, created=True, what="decision", object_id=decision.pk)
    return decision


@transaction.atomic
def set_person_first(
    *, actor: User, host: Host, decision: Decision, person_first: bool
) -> Decision:
    """Say whether the person speaks first on `decision` from now on; positions
    already given stay. Raises DomainError when the host is closed."""
    _check(host, decision)
    rules.set_person_first(decision=decision, person_first=person_first)
    host.log(
        actor=actor,
        created=False,
        what="decision: the person speaks first"
        if person_first
        else "decision: the person need not speak first",
        object_id=decision.pk,
    )
    return decision


@transaction.atomic
def person_declines(*, actor: Author, host: Host, decision: Decision) -> PersonDeclined:
    """Record that the host's person does not want to give a position on
    `decision`, so others may give theirs where the person speaks first.

    `actor` is the member of staff recording it, or the person's own code
    (the host refuses any other code, a supporter's included, with
    DomainError). Saying it again keeps the first and logs nothing, since
    nothing changed. It is never undone: the person may still give a
    position later, and both are kept."""
    _check(host, decision)
    person = _person(host)
    if person is None:
        raise DomainError("No one here is the person at the centre.")
    host.check_author(actor, person)
    earlier = PersonDeclined.objects.filter(
        decision=decision, voice_key=person.key
    ).first()
    if earlier is not None:
        return earlier
    declined = rules.person_declines(actor=actor, decision=decision, person=person)
    host.log(
        actor=actor,
        created=True,
        what="decision: the person does not want to give a position",
        object_id=decision.pk,
    )
    return declined


@transaction.atomic
def add_option(
    *, actor: User, host: Host, decision: Decision, text: str, proposer: UUID
) -> Option:
    """Anyone taking part may propose an option; it is credited to them."""
    _check(host, decision)
    option = rules.propose_option(
        actor=actor, decision=decision, text=text, proposer=_voice(host, proposer)
    )
    host.log(actor=actor, created=True, what="decision option", object_id=option.pk)
    return option


@transaction.atomic
def reword_option(
    *, actor: User, host: Host, option: Option, text: str, based_on_wording: int
) -> Option:
    """New words for an option. Everyone's earlier positions on it are asked again."""
    _check(host, option.decision)
    option = rules.reword_option(
        actor=actor, option=option, text=text, based_on_wording=based_on_wording
    )
    host.log(
        actor=actor, created=False, what="decision option reworded", object_id=option.pk
    )
    return option


@dataclass(frozen=True)
class Answer:
    """What one voice says about one option, as typed."""

    option: Option
    stance: str
    what_matters: str


class PositionsRefused(DomainError):
    """One or more answers broke a rule. `errors` maps option id to the rule's message."""

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
    *, actor: Author, host: Host, decision: Decision, voice: UUID, answers: list[Answer]
) -> list[Position]:
    """Record a voice's positions on several options at once: all of them, or none.

    `actor` is the member of staff typing it, or a viewer's code: the person
    or a supporter giving their own position from their own device (the host
    refuses a code any voice but its own, with DomainError).

    Every answer is tried, so each one that breaks a rule gets its own message
    (`PositionsRefused.errors`, which rolls back any that were saved). An answer
    that repeats the voice's current position, to the current wording, is not
    recorded again. An earlier position is superseded, never lost.
    """
    _check(host, decision)
    speaker = _voice(host, voice)
    host.check_author(actor, speaker)
    current = {
        p.option_id: p
        for p in Position.objects.filter(
            decision=decision, voice_key=speaker.key, is_current=True
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
        try:
            with transaction.atomic():  # a refused answer undoes only itself here
                saved.append(_take(actor, host, answer, speaker))
        except DomainError as exc:
            errors[answer.option.pk] = str(exc)
    if errors:
        raise PositionsRefused(errors)
    return saved


@transaction.atomic
def give_position(
    *,
    actor: Author,
    host: Host,
    option: Option,
    voice: UUID,
    stance: str,
    what_matters: str = "",
) -> Position:
    """One voice's position on one option; an earlier one is superseded, not
    lost. `actor` as for `give_positions`."""
    _check(host, option.decision)
    speaker = _voice(host, voice)
    host.check_author(actor, speaker)
    return _take(actor, host, Answer(option, stance, what_matters), speaker)


def _take(actor: Author, host: Host, answer: Answer, speaker: Voice) -> Position:
    position = rules.take_position(
        actor=actor,
        option=answer.option,
        voice=speaker,
        stance=answer.stance,
        what_matters=answer.what_matters,
        person=_person(host),
    )
    host.log(actor=actor, created=True, what="decision position", object_id=position.pk)
    return position


def _check_capacity(host: Host, record: UUID | None, deciding_rule: str) -> None:
    if record is None:
        return
    found: CapacityRecord | None = next(
        (c for c in host.capacity_records() if c.key == record), None
    )
    if found is None:
        raise DomainError(
            "Choose one of this assessment's current capacity assessments."
        )
    if deciding_rule == DecidingRule.BEST_INTERESTS and not found.lacks_capacity:
        raise DomainError(
            "The capacity assessment you chose found they have capacity for that "
            "decision, so a best-interests decision cannot rest on it."
        )


@transaction.atomic
def record_outcome(
    *, actor: User, host: Host, decision: Decision, draft: OutcomeDraft
) -> Outcome:
    """State the balanced decision, with every one of the host's voices counted.

    The rules refuse (OutcomeRefused, naming each part) an outcome that does
    not say, for each voice who disagrees with or objects to the chosen
    option, why their view did not prevail and how it is respected, or sets
    no review while that dissent remains, or gives a reason that is not
    words; a best-interests
    outcome must rest on one of the host's capacity records that found the
    person lacked capacity. If another outcome was recorded since the one the
    writer saw (`draft.based_on`), VersionConflict carries it back.
    """
    _check(host, decision)
    _check_capacity(host, draft.capacity_record, draft.deciding_rule)
    outcome = rules.record_outcome(
        actor=actor, decision=decision, draft=draft, voices=host.voices()
    )
    host.log(actor=actor, created=True, what="decision outcome", object_id=outcome.pk)
    return outcome
