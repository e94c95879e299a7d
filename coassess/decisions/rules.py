"""The engine's rules, enforced here so that no form, view or API can skip them.

- A reason ("what matters to me here") is required for reservations,
  disagreement and objection.
- A change of mind is a new position that supersedes the old; history stays.
- A position answers one wording of an option: reword the option and earlier
  positions are shown as given to an earlier wording, and the voice is asked again.
- An outcome is a separate statement. Where the person's position did not
  prevail, it must say why; where dissent remains, it must say how it is
  respected. It never deletes or hides a position.

`decisions.services` applies these for a host, checking and logging through it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import F

from coassess.accounts.models import User
from coassess.core.exceptions import DomainError, VersionConflict
from coassess.core.text import TEXT_LIMIT, clean_text
from coassess.decisions.models import (
    DISSENTING_STANCES,
    STANCES_NEEDING_REASONS,
    DecidingRule,
    Decision,
    Option,
    OptionWording,
    Outcome,
    Position,
    Stance,
)
from coassess.decisions.voices import Voice

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
) -> Decision:
    return Decision.objects.create(
        context_type=context_type,
        context_id=context_id,
        question=clean_text(question, what="the question, in plain words", limit=500),
        hide_until_given=hide_until_given,
        created_by=actor,
    )


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
    *, actor: User, option: Option, voice: Voice, stance: str, what_matters: str = ""
) -> Position:
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
    fresh = Option.objects.select_for_update().get(pk=option.pk)
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
                recorded_by=actor,
            )
    except (
        IntegrityError
    ) as exc:  # someone recorded this voice's position at the same moment
        raise VersionConflict(
            Position.objects.get(option=fresh, voice_key=voice.key, is_current=True)
        ) from exc


def current_outcome(decision: Decision) -> Outcome | None:
    return Outcome.objects.filter(decision=decision, is_current=True).first()


def _check_dissent_answered(d: OutcomeDraft, voices: list[Voice]) -> bool:
    """Whether the outcome goes against the person; raises DomainError naming
    everything the outcome still has to say about the dissent on its option."""
    positions = Position.objects.filter(
        option=d.chosen, is_current=True, wording=d.chosen.wording
    )
    person_keys = {v.key for v in voices if v.is_person}
    person_dissents = any(
        p.voice_key in person_keys and p.stance in DISSENTING_STANCES for p in positions
    )
    anyone_dissents = any(p.stance in DISSENTING_STANCES for p in positions)
    if d.deciding_rule == DecidingRule.EVERYONE_AGREES and anyone_dissents:
        raise DomainError(
            "Not everyone agrees with this option: choose another way the "
            "decision was reached."
        )
    not_followed = person_dissents or d.deciding_rule in (
        DecidingRule.LAWFUL_DUTY,
        DecidingRule.BEST_INTERESTS,
    )
    missing = []
    if not_followed and not d.why_person_not_followed.strip():
        missing.append("why the person's view did not prevail")
    if d.deciding_rule == DecidingRule.BEST_INTERESTS and d.capacity_record is None:
        missing.append("the capacity assessment this rests on")
    if anyone_dissents and not d.how_respected.strip():
        missing.append("how the remaining disagreement is respected")
    if missing:
        raise DomainError("Say " + " and ".join(missing) + ".")
    return not_followed


@dataclass(frozen=True)
class OutcomeDraft:
    """An outcome as its writer put it, before the rules judge it: the option
    `chosen`, how it was decided and why, the values weighed, what remains of
    the disagreement and how it is respected, a review, why the person's view
    did not decide it, the capacity record it rests on, and `based_on`, the
    current outcome the writer saw (None if none)."""

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


@transaction.atomic
def record_outcome(
    *, actor: User, decision: Decision, draft: OutcomeDraft, voices: list[Voice]
) -> Outcome:
    """State the balanced decision. Refused, saying exactly what is missing, when it
    overrides the person without a reason or leaves dissent without saying how it
    is respected. `based_on` is the outcome the writer saw (None if none)."""
    d = draft
    if d.chosen.decision_id != decision.pk:
        raise DomainError("Choose one of this decision's options.")
    if d.deciding_rule not in DecidingRule.values:
        raise DomainError("Say how the decision was reached.")
    Decision.objects.select_for_update().get(pk=decision.pk)
    current = current_outcome(decision)
    if (current.pk if current else None) != d.based_on:
        raise VersionConflict(current)
    not_followed = _check_dissent_answered(d, voices)
    if current is not None:
        Outcome.objects.filter(pk=current.pk).update(is_current=False)
    return Outcome.objects.create(
        decision=decision,
        chosen=d.chosen,
        deciding_rule=d.deciding_rule,
        rationale=clean_text(d.rationale, what="the rationale"),
        values_weighed=clean_text(
            d.values_weighed, what="the values that were weighed"
        ),
        remaining_disagreements=d.remaining_disagreements.strip(),
        how_respected=d.how_respected.strip(),
        review_at=d.review_at,
        person_not_followed=not_followed,
        why_person_not_followed=d.why_person_not_followed.strip(),
        capacity_record=d.capacity_record,
        supersedes=current,
        author=actor,
    )
