"""Reads of reflections, instruments and self-assessments.

Reflections are private. The only way out of this module for other people's
answers is `summarise_reflections`, which counts in the database and withholds
any figure built from fewer than MIN_RESPONSES answers, so no page, fragment
or later dashboard can show one person's ratings, however it is written.
`own_reflection` gives a writer back their own answers, never one recorded on
someone's behalf.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet

from coassess.accounts.models import Team, User
from coassess.coproduction.instruments import (
    LADDERS,
    SHIPPED,
    VALUE_SCALE,
    Item,
    Kind,
)
from coassess.coproduction.models import (
    LIVED_EXPERIENCE,
    InstrumentVersion,
    LadderChoice,
    PlannedAction,
    Reflection,
    SelfAssessment,
    ValueRating,
)

# The fewest answers any figure about reflections is made from. Below it the
# figure is withheld, so people can be honest: nobody's answer can be picked out.
MIN_RESPONSES = 5

# The ladder a team places its work on until it chooses.
DEFAULT_LADDER = Kind.TLAP

# What summarise_reflections asks the database: reflections per voice,
# ratings per voice, value and answer, the team's ladder, placements per voice
# and rung, and the current wording of the values and of the ladder.
SUMMARY_QUERIES = 6

STAFF_GROUP = "staff"
LIVED_GROUP = "lived"


def latest_version(team: Team, kind: str) -> InstrumentVersion | None:
    """The team's newest version of instrument `kind`, or None if it has none yet."""
    return (
        InstrumentVersion.objects.filter(team=team, kind=kind)
        .order_by("-number")
        .first()
    )


def version_by_id(team: Team, kind: str, pk: Any) -> InstrumentVersion | None:
    """The team's version `pk` of instrument `kind`; None for anything else
    (another team's, another instrument's, or not a version at all)."""
    try:
        return InstrumentVersion.objects.get(team=team, kind=kind, pk=pk)
    except (InstrumentVersion.DoesNotExist, ValidationError, ValueError, TypeError):
        return None  # not this team's, or not a uuid at all


def current_items(team: Team, kind: str) -> list[Item]:
    """The items of the team's current version of `kind`, or the shipped ones."""
    version = latest_version(team, kind)
    return list(version.items) if version else list(SHIPPED[kind])


def chosen_ladder(team: Team) -> str:
    """The ladder the team places its work on: a `Kind` in LADDERS."""
    choice = LadderChoice.objects.filter(team=team).order_by("-created_at").first()
    return choice.ladder if choice else DEFAULT_LADDER.value


def ladder_history(team: Team) -> list[LadderChoice]:
    """The team's choices of ladder, newest first."""
    return list(LadderChoice.objects.filter(team=team).select_related("chosen_by"))


def version_history(team: Team, kind: str) -> list[InstrumentVersion]:
    """Every version of the team's instrument `kind`, newest first."""
    return list(
        InstrumentVersion.objects.filter(team=team, kind=kind)
        .select_related("changed_by")
        .order_by("-number")
    )


@dataclass(frozen=True)
class OwnAnswer:
    """One of the writer's own answers: the question, the answer in words
    ("Mostly", "Don't know") and their comment."""

    question: str
    answer: str
    comment: str


@dataclass(frozen=True)
class OwnReflection:
    """A writer's own reflection on a subject, as they gave it."""

    given_at: datetime
    voice: str
    answers: tuple[OwnAnswer, ...]
    rung: Item | None
    ladder_comment: str


SCALE_WORDS = dict(VALUE_SCALE)


def own_reflection(
    user: User, subject_kind: str, subject_id: UUID
) -> OwnReflection | None:
    """`user`'s own reflection on the subject, or None. One made on someone's
    behalf is theirs, not the writer's, and is never returned. Two queries."""
    reflection = (
        Reflection.objects.filter(
            subject_kind=subject_kind,
            subject_id=subject_id,
            written_by=user,
            on_behalf=False,
        )
        .select_related("values_version", "ladder_version")
        .first()
    )
    if reflection is None:
        return None
    questions = {i["id"]: i["text"] for i in reflection.values_version.items}
    answers = tuple(
        OwnAnswer(
            questions.get(r.value_id, r.value_id),
            SCALE_WORDS.get(r.rating or 0, "Don't know"),
            r.comment,
        )
        for r in reflection.ratings.order_by("id")
    )
    rungs = reflection.ladder_version.items if reflection.ladder_version else []
    return OwnReflection(
        given_at=reflection.created_at,
        voice=reflection.get_voice_display(),
        answers=answers,
        rung=next((i for i in rungs if i["id"] == reflection.rung), None),
        ladder_comment=reflection.ladder_comment,
    )


@dataclass(frozen=True)
class Distribution:
    """How one group answered one question: `counts[n - 1]` chose point n of
    the five-point scale, `dont_know` said they did not know; `answers` is all
    of them. Only ever made from MIN_RESPONSES answers or more."""

    answers: int
    counts: tuple[int, int, int, int, int]
    dont_know: int


@dataclass(frozen=True)
class ValueSummary:
    """One value: its id, name and question now, and how each group answered
    it across every version (None: fewer than MIN_RESPONSES answers, withheld)."""

    value_id: str
    name: str
    question: str
    staff: Distribution | None
    lived: Distribution | None


@dataclass(frozen=True)
class RungSummary:
    """One rung of the ladder (bottom first) and how many in each group placed
    the work there (None: the group made fewer than MIN_RESPONSES placements)."""

    rung: Item
    staff: int | None
    lived: int | None


@dataclass(frozen=True)
class ReflectionSummary:
    """Reflections on a team's work, in two groups: staff, and lived
    experience (the person, supporters, experts by experience).

    `reflections` counts reflections in each group (by STAFF_GROUP and
    LIVED_GROUP); `placements` counts those that placed the work on `ladder`,
    withheld (None) below MIN_RESPONSES, like every other figure here.
    """

    min_responses: int
    reflections: dict[str, int]
    values: tuple[ValueSummary, ...]
    ladder: str
    placements: dict[str, int | None]
    rungs: tuple[RungSummary, ...]


def _group(voice: str) -> str:
    return LIVED_GROUP if voice in LIVED_EXPERIENCE else STAFF_GROUP


def _selected(
    team: Team,
    subject_kind: str | None,
    subject_ids: Iterable[UUID] | None,
    since: datetime | None,
    until: datetime | None,
) -> QuerySet[Reflection]:
    found = Reflection.objects.filter(team=team)
    if subject_kind is not None:
        found = found.filter(subject_kind=subject_kind)
    if subject_ids is not None:
        found = found.filter(subject_id__in=list(subject_ids))
    if since is not None:
        found = found.filter(created_at__gte=since)
    if until is not None:
        found = found.filter(created_at__lt=until)
    return found


def _distribution(counts: dict[int | None, int]) -> Distribution | None:
    answers = sum(counts.values())
    if answers < MIN_RESPONSES:
        return None
    points = tuple(counts.get(n, 0) for n in range(1, 6))
    return Distribution(answers, points, counts.get(None, 0))  # type: ignore[arg-type]


def _withheld(n: int) -> int | None:
    return n if n >= MIN_RESPONSES else None


def summarise_reflections(
    team: Team,
    *,
    subject_kind: str | None = None,
    subject_ids: Iterable[UUID] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> ReflectionSummary:
    """Reflections on `team`'s work, counted per value and per rung of the
    team's chosen ladder, split into staff and lived experience, with every
    figure from fewer than MIN_RESPONSES answers withheld (None).

    Narrow by the subject's kind (`SubjectKind`), by subjects' uuids, and by
    when reflections were given (`since` inclusive, `until` exclusive, aware
    datetimes). Counting happens in the database; no single answer is read
    out of it. SUMMARY_QUERIES queries, however many answered.
    """
    chosen = _selected(team, subject_kind, subject_ids, since, until)
    reflections: dict[str, int] = {STAFF_GROUP: 0, LIVED_GROUP: 0}
    for voice, n in chosen.values_list("voice").annotate(n=Count("id")).order_by():
        reflections[_group(voice)] += n
    ratings: dict[str, dict[str, dict[int | None, int]]] = defaultdict(
        lambda: {STAFF_GROUP: defaultdict(int), LIVED_GROUP: defaultdict(int)}
    )
    counted = (
        ValueRating.objects.filter(reflection__in=chosen)
        .values("reflection__voice", "value_id", "rating")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in counted:
        group = _group(row["reflection__voice"])
        ratings[row["value_id"]][group][row["rating"]] += row["n"]
    ladder = chosen_ladder(team)
    return ReflectionSummary(
        min_responses=MIN_RESPONSES,
        reflections=reflections,
        values=_value_summaries(current_items(team, Kind.VALUES), ratings),
        ladder=ladder,
        **_rung_summaries(team, chosen, ladder),
    )


def _value_summaries(
    items: list[Item], ratings: dict[str, dict[str, dict[int | None, int]]]
) -> tuple[ValueSummary, ...]:
    known = {i["id"] for i in items}
    extra = [{"id": v, "name": v, "text": ""} for v in sorted(set(ratings) - known)]
    return tuple(
        ValueSummary(
            value_id=item["id"],
            name=item["name"],
            question=item["text"],
            staff=_distribution(ratings[item["id"]][STAFF_GROUP])
            if item["id"] in ratings
            else None,
            lived=_distribution(ratings[item["id"]][LIVED_GROUP])
            if item["id"] in ratings
            else None,
        )
        for item in [*items, *extra]
    )


def _rung_summaries(
    team: Team, chosen: QuerySet[Reflection], ladder: str
) -> dict[str, Any]:
    placed: dict[str, dict[str, int]] = {STAFF_GROUP: {}, LIVED_GROUP: {}}
    rows = (
        chosen.filter(ladder_version__kind=ladder)
        .exclude(rung="")
        .values("voice", "rung")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        by_rung = placed[_group(row["voice"])]
        by_rung[row["rung"]] = by_rung.get(row["rung"], 0) + row["n"]
    totals = {g: _withheld(sum(by_rung.values())) for g, by_rung in placed.items()}
    return {
        "placements": totals,
        "rungs": tuple(
            RungSummary(
                rung=item,
                staff=placed[STAFF_GROUP].get(item["id"], 0)
                if totals[STAFF_GROUP]
                else None,
                lived=placed[LIVED_GROUP].get(item["id"], 0)
                if totals[LIVED_GROUP]
                else None,
            )
            for item in current_items(team, ladder)
        ),
    }


def is_ladder(kind: str) -> bool:
    return kind in [k.value for k in LADDERS]


def team_self_assessments(team: Team) -> list[SelfAssessment]:
    """The team's self-assessments, newest first, each with `action_count`."""
    return list(
        SelfAssessment.objects.filter(team=team)
        .select_related("recorded_by")
        .annotate(action_count=Count("actions"))
    )


@dataclass(frozen=True)
class ScoredStatement:
    """One statement of a self-assessment as the group scored it."""

    statement: Item
    score: int | None
    evidence: str
    before: int | None = None  # its score at the team's sitting before, if any


@dataclass(frozen=True)
class SelfAssessmentView:
    """A whole self-assessment: the sitting, each statement's score and
    evidence in the instrument's order (with its score at `previous`, the
    team's sitting before this one, if any), and the action plan by due date."""

    sitting: SelfAssessment
    previous: SelfAssessment | None
    statements: tuple[ScoredStatement, ...]
    actions: tuple[tuple[PlannedAction, Item | None], ...]


def self_assessment_view(team: Team, pk: UUID) -> SelfAssessmentView | None:
    """Self-assessment `pk` if it is `team`'s, else None. Five queries."""
    sitting = (
        SelfAssessment.objects.filter(team=team, pk=pk)
        .select_related("version", "recorded_by")
        .first()
    )
    if sitting is None:
        return None
    previous = (
        SelfAssessment.objects.filter(team=team, taken_on__lte=sitting.taken_on)
        .exclude(pk=sitting.pk)
        .exclude(taken_on=sitting.taken_on, created_at__gt=sitting.created_at)
        .order_by("-taken_on", "-created_at")
        .first()
    )
    before = (
        dict(previous.scores.values_list("statement_id", "score")) if previous else {}
    )
    items = {i["id"]: i for i in sitting.version.items}
    scores = {s.statement_id: s for s in sitting.scores.all()}
    return SelfAssessmentView(
        sitting=sitting,
        previous=previous,
        statements=tuple(
            ScoredStatement(
                item,
                scores[item["id"]].score if item["id"] in scores else None,
                scores[item["id"]].evidence if item["id"] in scores else "",
                before.get(item["id"]),
            )
            for item in sitting.version.items
        ),
        actions=tuple((a, items.get(a.statement_id)) for a in sitting.actions.all()),
    )
