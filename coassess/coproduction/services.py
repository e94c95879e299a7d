"""Changes to reflections, instruments and self-assessments. Each records its
access-log entry in the same transaction, and refuses bad input with a
DomainError in plain words (nothing is saved then)."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from uuid import UUID

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from coassess.accesslog.models import Action
from coassess.accesslog.services import record_access
from coassess.accounts.models import Team, User
from coassess.coproduction.dashboard import Scope
from coassess.coproduction.instruments import LADDERS, SHIPPED, Kind
from coassess.coproduction.models import (
    ON_BEHALF_VOICES,
    InstrumentVersion,
    LadderChoice,
    PlannedAction,
    PrincipleScore,
    Reflection,
    SelfAssessment,
    ValueRating,
    Voice,
)
from coassess.coproduction.queries import latest_version
from coassess.core.exceptions import DomainError, VersionConflict
from coassess.core.text import clean_reason, clean_text

SHIPPED_REASON = "The questions as coassess ships them."
ITEM_TEXT_LIMIT = 300
COMMENT_LIMIT = 2000


class FieldError(DomainError):
    """A refusal about one form field, named by `field`."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def current_instrument(team: Team, kind: str) -> InstrumentVersion:
    """The team's current version of instrument `kind` (a `Kind`), making
    version 1 from the shipped items the first time the team needs it."""
    if kind not in Kind.values:
        raise DomainError("There is no such set of questions.")
    latest = latest_version(team, kind)
    if latest is not None:
        return latest
    try:
        with transaction.atomic():
            return InstrumentVersion.objects.create(
                team=team,
                kind=kind,
                number=1,
                items=copy.deepcopy(SHIPPED[kind]),
                reason=SHIPPED_REASON,
            )
    except IntegrityError:  # another request made it first
        return InstrumentVersion.objects.get(team=team, kind=kind, number=1)


def _own_team(actor: User, team: Team) -> None:
    membership = actor.membership
    if membership is None or membership.team_id != team.pk:
        raise DomainError("Only members of this team can do this.")


@transaction.atomic
def revise_instrument(
    *,
    actor: User,
    team: Team,
    kind: str,
    based_on: int,
    texts: Mapping[str, str],
    reason: str,
) -> InstrumentVersion:
    """A new version of the team's instrument `kind` with items reworded:
    `texts` maps an item's id to its new words (items not named keep theirs).

    Raises VersionConflict (with the version saved meanwhile) when the newest
    is no longer number `based_on`; DomainError for a missing reason, an id not
    in the instrument, empty or over-long words, or no change at all.
    """
    _own_team(actor, team)
    current = current_instrument(team, kind)
    if current.number != based_on:
        raise VersionConflict(current)
    reason = clean_reason(reason, what="why you are changing the words", limit=2000)
    items = copy.deepcopy(current.items)
    by_id = {item["id"]: item for item in items}
    for item_id, text in texts.items():
        if item_id not in by_id:
            raise DomainError(f"“{item_id}” is not one of these questions.")
        what = f"the words for “{by_id[item_id]['name']}”"
        by_id[item_id]["text"] = clean_text(text, what=what, limit=ITEM_TEXT_LIMIT)
    if items == current.items:
        raise DomainError("Nothing has changed. Change some words, or go back.")
    try:
        with transaction.atomic():
            version = InstrumentVersion.objects.create(
                team=team,
                kind=kind,
                number=current.number + 1,
                items=items,
                reason=reason,
                changed_by=actor,
            )
    except IntegrityError as exc:
        raise VersionConflict(latest_version(team, kind)) from exc
    record_access(actor, None, Action.CREATE, "co-production questions", version.pk)
    return version


@transaction.atomic
def choose_ladder(*, actor: User, team: Team, ladder: str) -> LadderChoice:
    """Make `ladder` (a `Kind` in LADDERS) the one the team places work on."""
    _own_team(actor, team)
    if ladder not in [k.value for k in LADDERS]:
        raise FieldError("ladder", "Choose one of the two ladders.")
    choice = LadderChoice.objects.create(team=team, ladder=ladder, chosen_by=actor)
    record_access(actor, None, Action.CREATE, "ladder choice", choice.pk)
    return choice


@dataclass(frozen=True)
class Subject:
    """What a reflection is about: its kind (`SubjectKind`), its public uuid,
    the team that owns it, and the person whose record it is in, if any (for
    the access log)."""

    kind: str
    id: UUID
    team: Team
    person: models.Model | None = None


@dataclass(frozen=True)
class ReflectionAnswers:
    """A reflection as given. `ratings` maps a value's id to its rating (1 to
    5, or None for "don't know") and a comment; values left out were not
    answered. `rung` is an id in `ladder_version`, or "" for no placement.
    `asked` says the person or supporter asked staff to record it for them."""

    voice: str
    asked: bool
    values_version: InstrumentVersion
    ratings: Mapping[str, tuple[int | None, str]]
    ladder_version: InstrumentVersion | None
    rung: str
    ladder_comment: str


def _check_voice(answers: ReflectionAnswers) -> bool:
    """Whether the reflection is on someone's behalf; refuses a bad voice."""
    if answers.voice not in Voice.values:
        raise FieldError("voice", "Choose whose answers these are.")
    on_behalf = answers.voice in ON_BEHALF_VOICES
    if on_behalf and not answers.asked:
        raise FieldError(
            "asked",
            "Only record their answers if they asked you to. "
            "Tick the box to say that they did.",
        )
    return on_behalf


def _check_ratings(
    team: Team, answers: ReflectionAnswers
) -> list[tuple[str, int | None, str]]:
    version = answers.values_version
    if version.team_id != team.pk or version.kind != Kind.VALUES:
        raise DomainError("These questions are not your team's. Open the page again.")
    known = {item["id"]: item["name"] for item in version.items}
    checked = []
    for value_id, (rating, comment) in answers.ratings.items():
        if value_id not in known:
            raise DomainError(
                f"“{value_id}” is not one of the questions in version "
                f"{version.number}. Open the page again to see the questions."
            )
        if rating is not None and not 1 <= rating <= 5:
            raise FieldError(
                f"value_{value_id}",
                f"Choose an answer from “Not at all” to “Completely”, or “Don't "
                f"know”, for {known[value_id]}.",
            )
        what = f"your comment on {known[value_id]}"
        checked.append(
            (
                value_id,
                rating,
                clean_text(comment, what=what, limit=COMMENT_LIMIT, required=False),
            )
        )
    return checked


def _check_rung(team: Team, answers: ReflectionAnswers) -> None:
    if not answers.rung:
        return
    ladder = answers.ladder_version
    if (
        ladder is None
        or ladder.team_id != team.pk
        or ladder.kind not in [k.value for k in LADDERS]
    ):
        raise FieldError("rung", "Choose a step on your team's ladder.")
    if answers.rung not in ladder.item_ids():
        raise FieldError(
            "rung", "That step is not on the ladder. Choose one of the steps shown."
        )


@transaction.atomic
def record_reflection(
    *, actor: User, subject: Subject, answers: ReflectionAnswers, token: UUID
) -> tuple[Reflection, bool]:
    """Save one reflection on `subject`, with its ratings; give back the
    reflection and whether it is new (False: this form, `token`, was saved
    already, so the same reflection is given back and nothing is added).

    Raises DomainError (a FieldError naming the field where there is one) when
    the writer is not in the subject's team, the voice is wrong, a reflection
    for someone else was not asked for, a value or rung is not in its version,
    a rating is not 1 to 5, nothing was answered, or the writer has already
    reflected on this subject in their own voice.
    """
    earlier = Reflection.objects.filter(token=token, written_by=actor).first()
    if earlier is not None:
        return earlier, False
    _own_team(actor, subject.team)
    on_behalf = _check_voice(answers)
    ratings = _check_ratings(subject.team, answers)
    _check_rung(subject.team, answers)
    if not ratings and not answers.rung:
        raise DomainError(
            "Answer at least one question, or choose a step on the ladder."
        )
    own = Reflection.objects.filter(
        subject_kind=subject.kind,
        subject_id=subject.id,
        written_by=actor,
        on_behalf=False,
    )
    if not on_behalf and own.exists():
        raise DomainError("You have already given your own reflection on this.")
    comment = clean_text(
        answers.ladder_comment, what="your comment", limit=COMMENT_LIMIT, required=False
    )
    try:
        with transaction.atomic():
            reflection = Reflection.objects.create(
                token=token,
                team=subject.team,
                subject_kind=subject.kind,
                subject_id=subject.id,
                voice=answers.voice,
                on_behalf=on_behalf,
                written_by=actor,
                values_version=answers.values_version,
                ladder_version=answers.ladder_version if answers.rung else None,
                rung=answers.rung,
                ladder_comment=comment,
            )
    except IntegrityError as exc:  # the same form, or a second own reflection, at once
        raise DomainError("This reflection was saved already.") from exc
    ValueRating.objects.bulk_create(
        ValueRating(reflection=reflection, value_id=v, rating=r, comment=c)
        for v, r, c in ratings
    )
    record_access(actor, subject.person, Action.CREATE, "reflection", reflection.pk)
    return reflection, True


@dataclass(frozen=True)
class SelfAssessmentAnswers:
    """A team self-assessment as the group gave it. `scores` maps each
    statement's id to its score (1 to 5) and evidence; `actions` maps a
    statement's id to the action agreed, its owner and the date it is due."""

    version: InstrumentVersion
    taken_on: dt.date
    staff_count: int
    expert_count: int
    who_took_part: str
    scores: Mapping[str, tuple[int, str]]
    actions: Mapping[str, tuple[str, str, dt.date]]


def _check_sitting(team: Team, answers: SelfAssessmentAnswers) -> dict[str, str]:
    version = answers.version
    if version.team_id != team.pk or version.kind != Kind.SELF_ASSESSMENT:
        raise DomainError("These statements are not your team's. Open the page again.")
    if answers.staff_count < 1 or answers.expert_count < 1:
        raise DomainError(
            "A self-assessment is done by a mixed group: at least one member of "
            "staff and at least one expert by experience."
        )
    if answers.taken_on > timezone.localdate():
        raise FieldError(
            "taken_on_day", "The date the group met cannot be in the future."
        )
    names = {item["id"]: item["name"] for item in version.items}
    unknown = (set(answers.scores) | set(answers.actions)) - set(names)
    if unknown:
        raise DomainError(
            f"“{sorted(unknown)[0]}” is not one of the statements in version "
            f"{version.number}. Open the page again to see the statements."
        )
    for statement_id, name in names.items():
        score = answers.scores.get(statement_id, (0, ""))[0]
        if not 1 <= score <= 5:
            raise FieldError(
                f"score_{statement_id}", f"Choose a score from 1 to 5 for “{name}”."
            )
    return names


@transaction.atomic
def record_self_assessment(
    *, actor: User, team: Team, answers: SelfAssessmentAnswers, token: UUID
) -> tuple[SelfAssessment, bool]:
    """Save one sitting of the team's self-assessment with its scores and
    action plan; give back the sitting and whether it is new (False: this form,
    `token`, was saved already, and nothing is added).

    Raises DomainError when the writer is not in `team`, the group is not
    mixed, the date is in the future, a statement is unknown or unscored, or
    an action has no owner.
    """
    earlier = SelfAssessment.objects.filter(token=token, team=team).first()
    if earlier is not None:
        return earlier, False
    _own_team(actor, team)
    names = _check_sitting(team, answers)
    try:
        with transaction.atomic():
            sitting = SelfAssessment.objects.create(
                token=token,
                team=team,
                version=answers.version,
                taken_on=answers.taken_on,
                staff_count=answers.staff_count,
                expert_count=answers.expert_count,
                who_took_part=clean_text(
                    answers.who_took_part,
                    what="who took part",
                    limit=2000,
                    required=False,
                ),
                recorded_by=actor,
            )
    except IntegrityError:  # the same form sent twice at once: the first one won
        return SelfAssessment.objects.get(token=token), False
    PrincipleScore.objects.bulk_create(
        PrincipleScore(
            self_assessment=sitting,
            statement_id=statement_id,
            score=score,
            evidence=clean_text(
                evidence,
                what=f"the evidence for “{names[statement_id]}”",
                limit=COMMENT_LIMIT,
                required=False,
            ),
        )
        for statement_id, (score, evidence) in answers.scores.items()
    )
    _plan_actions(sitting, answers, names)
    record_access(
        actor, None, Action.CREATE, "co-production self-assessment", sitting.pk
    )
    return sitting, True


def _plan_actions(
    sitting: SelfAssessment, answers: SelfAssessmentAnswers, names: dict[str, str]
) -> None:
    for statement_id, (text, owner, due_on) in answers.actions.items():
        name = names[statement_id]
        PlannedAction.objects.create(
            self_assessment=sitting,
            statement_id=statement_id,
            text=clean_text(text, what=f"the action for “{name}”", limit=COMMENT_LIMIT),
            owner=clean_text(
                owner, what=f"who will do the action for “{name}”", limit=200
            ),
            due_on=due_on,
        )


EXPORT = "co-production research export"


@transaction.atomic
def record_export(actor: User, scope: Scope) -> None:
    """Log that `actor` made the research export of `scope`: no person's
    record (it holds no one's), the team as the object, the period and source
    in what was done, e.g. 'co-production research export, 2026-01 to 2026-12, ed'."""
    period = f"{scope.start.isoformat()[:7]} to {scope.end.isoformat()[:7]}"
    what = f"{EXPORT}, {period}" + (f", {scope.source}" if scope.source else "")
    record_access(actor, None, Action.CREATE, what, scope.team.pk)
