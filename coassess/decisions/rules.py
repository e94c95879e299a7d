"""The engine's rules, enforced here so that no form, view or API can skip them.

- A reason ("what matters to me here") is required for reservations,
  disagreement and objection.
- A change of mind is a new position that supersedes the old; history stays.
- A position answers one wording of an option: reword the option and earlier
  positions are shown as given to an earlier wording, and the voice is asked again.
- Where a decision says the person speaks first, no one else's position on an
  option is taken until the person has given theirs on it, or has said they
  do not want to give one (`person_declines`).
- An outcome is a separate statement. For every participant who disagrees
  with or objects to the chosen option (the person or anyone else) it must say
  why their view did not prevail and how it is respected, and set a date to
  look at it again while that dissent remains. Where a legal duty or the
  person's best interests decided it, it must say why. It never deletes or
  hides a position.
- Every reason (what matters to someone who does not simply agree, the
  rationale, the values weighed, each answer to dissent) is real words:
  `core.text.clean_reason`.

`decisions.services` applies these for a host, checking and logging through it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import F

from coassess.accounts.models import User
from coassess.core.exceptions import DomainError, VersionConflict
from coassess.core.text import TEXT_LIMIT, clean_reason, clean_text
from coassess.decisions.models import (
    DISSENTING_STANCES,
    STANCES_NEEDING_REASONS,
    DecidingRule,
    Decision,
    DissentAnswer,
    Option,
    OptionWording,
    Outcome,
    PersonDeclined,
    Position,
    Stance,
)
from coassess.decisions.voices import Voice
from coassess.people.authors import Author, written_by

REASON_WORDS = {
    Stance.RESERVATIONS: "agreeing with reservations",
    Stance.DISAGREE: "disagreeing",
    Stance.OBJECT: "objecting",
}


@transaction.atomic
def create_decision(
    *,
    actor: User,
    context_type: str,
    context_id: UUID,
    question: str,
    hide_until_given: bool = True,
    person_first: bool = False,
) -> Decision:
    return Decision.objects.create(
        context_type=context_type,
        context_id=context_id,
        question=clean_text(question, what="the question, in plain words", limit=500),
        hide_until_given=hide_until_given,
        person_first=person_first,
        created_by=actor,
    )


@transaction.atomic
def set_person_first(*, decision: Decision, person_first: bool) -> Decision:
    """Say whether the person speaks first on this decision (from now on)."""
    Decision.objects.filter(pk=decision.pk).update(person_first=person_first)
    decision.person_first = person_first
    return decision


def person_has_spoken(option: Option) -> bool:
    """Whether the person has given a position on `option` (to any wording) or
    has said they do not want to give one on its decision."""
    return (
        PersonDeclined.objects.filter(decision_id=option.decision_id).exists()
        or Position.objects.filter(option=option, voice_is_person=True).exists()
    )


@transaction.atomic
def person_declines(
    *, actor: Author, decision: Decision, person: Voice
) -> PersonDeclined:
    """Record that the person does not want to give a position on `decision`,
    by `actor`: staff, or the person's own code. Saying it twice keeps the
    first. It is never undone; the person may still give a position later.
    Raises DomainError for a voice that is not the person."""
    if not person.is_person:
        raise DomainError(
            "Only the person can say they do not want to give a position here."
        )
    found, _ = PersonDeclined.objects.get_or_create(
        decision=decision,
        voice_key=person.key,
        defaults={"voice_name": person.name, **written_by(actor, "recorded_by")},
    )
    return found


@transaction.atomic
def propose_option(
    *, actor: User, decision: Decision, text: str, proposer: Voice
) -> Option:
    option = Option.objects.create(
        decision=decision,
        text=clean_text(text, what="the option", limit=1000),
        proposer_key=proposer.key,
        proposer_name=proposer.name,
        recorded_by=actor,
    )
    OptionWording.objects.create(
        option=option, wording=1, text=option.text, changed_by=actor
    )
    return option


@transaction.atomic
def reword_option(
    *, actor: User, option: Option, text: str, based_on_wording: int
) -> Option:
    """Change an option's words. Positions given to the old words no longer count as current."""
    text = clean_text(text, what="the option", limit=1000)
    updated = Option.objects.filter(pk=option.pk, wording=based_on_wording).update(
        text=text, wording=F("wording") + 1
    )
    if not updated:
        raise VersionConflict(Option.objects.get(pk=option.pk))
    option.refresh_from_db()
    OptionWording.objects.create(
        option=option, wording=option.wording, text=text, changed_by=actor
    )
    return option


@transaction.atomic
def take_position(
    *,
    actor: Author,
    option: Option,
    voice: Voice,
    stance: str,
    what_matters: str = "",
    person: Voice | None = None,
) -> Position:
    """`voice`'s position on `option` (superseding theirs), by `actor`: staff, or
    the voice's own code. `person` is the host's person. Raises DomainError for an
    unknown stance, a missing or wordless reason, or another voice speaking
    before the person where they speak first."""
    if stance not in Stance.values:
        raise DomainError(
            "Choose agree, agree with reservations, unsure, disagree or object."
        )
    what_matters = what_matters.strip()
    if stance in STANCES_NEEDING_REASONS and not what_matters:
        raise DomainError(
            f"Say what matters to {voice.name} here: a reason is needed when "
            f"{REASON_WORDS[Stance(stance)]}."
        )
    if len(what_matters) > TEXT_LIMIT:
        raise DomainError(f"Keep what matters under {TEXT_LIMIT:,} characters.")
    if stance in STANCES_NEEDING_REASONS:
        clean_reason(what_matters, what=f"what matters to {voice.name}")
    fresh = Option.objects.select_for_update().get(pk=option.pk)
    decision = Decision.objects.get(pk=fresh.decision_id)
    if decision.person_first and not voice.is_person and not person_has_spoken(fresh):
        name = person.name if person is not None else "The person"
        raise DomainError(
            f"{name} speaks first on this decision. Give their position on this "
            f"first, or record that they do not want to give one."
        )
    previous = Position.objects.filter(
        option=fresh, voice_key=voice.key, is_current=True
    ).first()
    if previous is not None:
        Position.objects.filter(pk=previous.pk).update(is_current=False)
    try:
        with transaction.atomic():
            return Position.objects.create(
                decision_id=fresh.decision_id,
                option=fresh,
                voice_key=voice.key,
                voice_name=voice.name,
                voice_is_person=voice.is_person,
                stance=stance,
                what_matters=what_matters,
                wording=fresh.wording,
                supersedes=previous,
                **written_by(actor, "recorded_by"),
            )
    except (
        IntegrityError
    ) as exc:  # someone recorded this voice's position at the same moment
        raise VersionConflict(
            Position.objects.get(option=fresh, voice_key=voice.key, is_current=True)
        ) from exc


def current_outcome(decision: Decision) -> Outcome | None:
    return Outcome.objects.filter(decision=decision, is_current=True).first()


def why_part(key: UUID) -> str:
    """The name of the answer to one dissenting voice: why it did not prevail."""
    return f"why_{key}"


def how_part(key: UUID) -> str:
    """The name of the answer to one dissenting voice: how it is respected."""
    return f"how_{key}"


@dataclass(frozen=True)
class Reply:
    """What an outcome says to one dissenting voice: why their view did not
    prevail, and how it is respected."""

    why: str = ""
    how: str = ""


class OutcomeRefused(DomainError):
    """The outcome broke one or more rules. `errors` maps each part of the
    draft it is about ("review_at", "why_person_not_followed", `why_part(key)`,
    `how_part(key)`, ...) to the message, in order."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(" ".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class OutcomeDraft:
    """An outcome as its writer put it, before the rules judge it: the option
    `chosen`, how it was decided and why, the values weighed, what remains of
    the disagreement, how anything else (reservations) is respected, a
    review, why the person's view did not decide it (a
    legal duty, their best interests), the capacity record it rests on,
    `replies` (voice key -> Reply, for each voice who disagrees with or
    objects to the chosen option) and `based_on`, the current outcome the
    writer saw (None if none)."""

    chosen: Option
    deciding_rule: str
    rationale: str
    values_weighed: str
    based_on: UUID | None = None
    remaining_disagreements: str = ""
    how_respected: str = ""
    review_at: dt.datetime | None = None
    why_person_not_followed: str = ""
    capacity_record: UUID | None = None
    replies: dict[UUID, Reply] = field(default_factory=dict)


def dissenters(option: Option, voices: list[Voice]) -> list[Position]:
    """The current positions that disagree with or object to `option` (to any
    of its wordings), in the order of `voices` (others after)."""
    order = {v.key: i for i, v in enumerate(voices)}
    found = Position.objects.filter(
        option=option, is_current=True, stance__in=DISSENTING_STANCES
    )
    return sorted(found, key=lambda p: order.get(p.voice_key, len(order)))


def review_needed(names: list[str]) -> str:
    """The message when dissent remains (by `names`) and no review is set."""
    return (
        f"Set a date to look at this decision again: {' and '.join(names)} "
        f"still {'disagree' if len(names) > 1 else 'disagrees'}."
    )


def unanswered(
    dissent: list[tuple[UUID, str]], replies: dict[UUID, Reply]
) -> dict[str, str]:
    """For each dissenting voice (key, name) whose reply is empty, the message
    for its empty part (`why_part`, `how_part`), for a form to show with its
    own messages. Whether the words are real is `clean_reason`'s to say."""
    errors = {}
    for key, name in dissent:
        reply = replies.get(key, Reply())
        if not reply.why.strip():
            errors[why_part(key)] = f"Write why {name}’s view did not prevail."
        if not reply.how.strip():
            errors[how_part(key)] = f"Write how {name}’s view is respected."
    return errors


def _reason(errors: dict[str, str], part: str, text: str, what: str) -> str:
    """`text` as a reason, or "" with the rule's message put under `part`."""
    try:
        return clean_reason(text, what=what)
    except DomainError as exc:
        errors.setdefault(part, str(exc))
        return ""


def _answers(
    d: OutcomeDraft, dissent: list[Position], errors: dict[str, str]
) -> list[DissentAnswer]:
    answers = []
    for p in dissent:
        reply = d.replies.get(p.voice_key, Reply())
        name = p.voice_name
        why = _reason(
            errors,
            why_part(p.voice_key),
            reply.why,
            f"why {name}’s view did not prevail",
        )
        how = _reason(
            errors, how_part(p.voice_key), reply.how, f"how {name}’s view is respected"
        )
        answers.append(
            DissentAnswer(
                voice_key=p.voice_key,
                voice_name=name,
                voice_is_person=p.voice_is_person,
                stance=p.stance,
                why_not_prevailed=why,
                how_respected=how,
            )
        )
    return answers


def _judge(
    d: OutcomeDraft, voices: list[Voice]
) -> tuple[list[DissentAnswer], dict[str, str]]:
    """Every answer the outcome gives to dissent, and every rule it breaks."""
    errors: dict[str, str] = {}
    dissent = dissenters(d.chosen, voices)
    if d.deciding_rule == DecidingRule.EVERYONE_AGREES and dissent:
        errors["deciding_rule"] = (
            "Not everyone agrees with this option: choose another way the "
            "decision was reached."
        )
    _reason(errors, "rationale", d.rationale, "why this option was chosen")
    _reason(errors, "values_weighed", d.values_weighed, "the values that were weighed")
    answers = _answers(d, dissent, errors)
    legal = d.deciding_rule in (DecidingRule.LAWFUL_DUTY, DecidingRule.BEST_INTERESTS)
    if legal or d.why_person_not_followed.strip():
        _reason(
            errors,
            "why_person_not_followed",
            d.why_person_not_followed,
            "why the person’s view did not decide it",
        )
    if d.deciding_rule == DecidingRule.BEST_INTERESTS and d.capacity_record is None:
        errors["capacity_record"] = "Choose the capacity assessment this rests on."
    if dissent and d.review_at is None:
        errors["review_at"] = review_needed([p.voice_name for p in dissent])
    return answers, errors


def _respected(answers: list[DissentAnswer], others: str) -> str:
    """How the remaining disagreement is respected, in full: every answer's
    "how", one line each, then what was said of anything else."""
    lines = [f"{a.voice_name}: {a.how_respected}" for a in answers]
    return "\n".join([*lines, others] if others else lines)


@transaction.atomic
def record_outcome(
    *, actor: User, decision: Decision, draft: OutcomeDraft, voices: list[Voice]
) -> Outcome:
    """State the balanced decision, with an answer to every dissenting voice.

    Raises OutcomeRefused, naming each part that is missing or not words (see
    the module's rules), and VersionConflict when another outcome was recorded
    since the one the writer saw (`draft.based_on`). `voices` gives the order
    dissent is answered in.
    """
    d = draft
    if d.chosen.decision_id != decision.pk:
        raise DomainError("Choose one of this decision's options.")
    if d.deciding_rule not in DecidingRule.values:
        raise DomainError("Say how the decision was reached.")
    Decision.objects.select_for_update().get(pk=decision.pk)
    current = current_outcome(decision)
    if (current.pk if current else None) != d.based_on:
        raise VersionConflict(current)
    answers, errors = _judge(d, voices)
    if errors:
        raise OutcomeRefused(errors)
    person = next((a for a in answers if a.voice_is_person), None)
    legal = d.deciding_rule in (DecidingRule.LAWFUL_DUTY, DecidingRule.BEST_INTERESTS)
    why_person = d.why_person_not_followed.strip() or (
        person.why_not_prevailed if person else ""
    )
    others = clean_text(
        d.how_respected, what="how the disagreement is respected", required=False
    )
    if current is not None:
        Outcome.objects.filter(pk=current.pk).update(is_current=False)
    outcome = Outcome.objects.create(
        decision=decision,
        chosen=d.chosen,
        deciding_rule=d.deciding_rule,
        rationale=d.rationale.strip(),
        values_weighed=d.values_weighed.strip(),
        remaining_disagreements=clean_text(
            d.remaining_disagreements,
            what="the disagreements that remain",
            required=False,
        ),
        how_respected=_respected(answers, others),
        how_others_respected=others,
        review_at=d.review_at,
        person_not_followed=legal or person is not None,
        why_person_not_followed=why_person,
        capacity_record=d.capacity_record,
        supersedes=current,
        author=actor,
    )
    for answer in answers:
        answer.outcome = outcome
    DissentAnswer.objects.bulk_create(answers)
    return outcome
