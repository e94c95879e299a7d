"""Reading decisions: the voices grid, in a fixed number of queries.

`decision_views` loads every decision of a context with its options, current
positions and outcome in four queries, however many there are (and a fifth
for the outcomes' answers to dissent, when any decision has an outcome).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import CharField, Model, UUIDField

from coassess.accounts.models import User
from coassess.core.prepared import Prepared, columns, instances
from coassess.decisions.models import (
    Decision,
    DissentAnswer,
    Option,
    Outcome,
    PersonDeclined,
    Position,
    Stance,
)
from coassess.decisions.voices import Voice

# Marks for the grid: text always, so colour is never the only sign.
MARKS = {
    Stance.AGREE: "✓",
    Stance.RESERVATIONS: "✓?",
    Stance.UNSURE: "?",
    Stance.DISAGREE: "✗",
    Stance.OBJECT: "✗!",
}


@dataclass(frozen=True, slots=True)
class GivenPosition:
    """A voice's current position on an option, as pages read it.

    Read as values rather than as Position models: making 120 model instances
    for a 5 x 4 x 6 grid was over half the time to read an assessment's
    decisions. Writes always go through the Position model (services).
    """

    option_id: UUID
    voice_key: UUID
    voice_name: str
    stance: str
    what_matters: str
    wording: int


@dataclass
class DecisionView:
    decision: Decision
    options: list[Option]
    voices: list[Voice]
    positions: dict[tuple[UUID, UUID], GivenPosition]  # (option, voice) -> current
    outcome: Outcome | None
    viewer: UUID | None
    # What the outcome says to each dissenting voice, by voice key.
    answers: dict[UUID, DissentAnswer] = field(default_factory=dict)

    def has_given_all(self, key: UUID | None) -> bool:
        return key is not None and all(
            (o.pk, key) in self.positions
            and self.positions[(o.pk, key)].wording == o.wording
            for o in self.options
        )

    @property
    def hidden(self) -> bool:
        """Others' positions stay hidden until the viewer has given their own."""
        return self.decision.hide_until_given and not self.has_given_all(self.viewer)

    def dissent_on(self, option: Option) -> list[GivenPosition]:
        """Everyone not fully agreeing: reservations, disagreement and objection.

        Reservations count here so that an outcome's "what remains" is never
        contradicted by an empty list beside it; the engine still asks how
        disagreement and objection are respected.
        """
        return [
            p
            for (oid, _), p in self.positions.items()
            if oid == option.pk and p.stance in ("reservations", "disagree", "object")
        ]


def _of_context(model: type[Model], path: str, *names: str, **more: Any) -> Prepared:
    """`names` of `model`'s rows whose decision (at `path`) belongs to a
    context (its type and id), compiled once per connection."""
    return Prepared(
        lambda context_type, context_id: model.objects.filter(  # type: ignore[attr-defined]
            **{f"{path}context_type": context_type, f"{path}context_id": context_id},
            **more,
        ).values_list(*names),
        CharField(),
        UUIDField(),
    )


POSITION_COLUMNS = (
    "decision_id",
    "option_id",
    "voice_key",
    "voice_name",
    "stance",
    "what_matters",
    "wording",
)
AUTHOR = ("author__first_name", "author__last_name", "author__username")
DECISIONS = _of_context(Decision, "", *columns(Decision))
OPTIONS = _of_context(Option, "decision__", *columns(Option))
POSITIONS = _of_context(Position, "decision__", *POSITION_COLUMNS, is_current=True)
OUTCOMES = _of_context(
    Outcome, "decision__", *columns(Outcome), *AUTHOR, is_current=True
)
ANSWERS = _of_context(
    DissentAnswer,
    "outcome__decision__",
    *columns(DissentAnswer),
    outcome__is_current=True,
)


@dataclass
class _Read:
    """A context's decisions and what hangs from them, by decision id."""

    decisions: list[Decision]
    options: dict[UUID, list[Option]]
    positions: dict[UUID, dict[tuple[UUID, UUID], GivenPosition]]
    outcomes: dict[UUID, Outcome]
    answers: dict[UUID, dict[UUID, DissentAnswer]]


def _positions(
    rows: list[tuple[Any, ...]],
) -> dict[UUID, dict[tuple[UUID, UUID], GivenPosition]]:
    positions: dict[UUID, dict[tuple[UUID, UUID], GivenPosition]] = defaultdict(dict)
    for decision_id, option_id, voice_key, name, stance, matters, wording in rows:
        positions[decision_id][(option_id, voice_key)] = GivenPosition(
            option_id, voice_key, name, stance, matters, wording
        )
    return positions


def _with_authors(rows: list[tuple[Any, ...]]) -> list[Outcome]:
    """Outcomes from rows of their columns and then their author's names."""
    found = instances(Outcome, rows)
    for outcome, row in zip(found, rows, strict=True):
        first, last, username = row[-3:]
        outcome.author = User.from_db(
            "default",
            ["id", "first_name", "last_name", "username"],
            (outcome.author_id, first, last, username),
        )
    return found


def _read_context(context_type: str, context_id: UUID) -> _Read:
    """Every decision of a context, read in four queries (five when one has
    an outcome), none of them compiled again (`core.prepared`)."""
    key = (context_type, context_id)
    decisions = instances(Decision, DECISIONS.rows(*key))
    options: dict[UUID, list[Option]] = defaultdict(list)
    outcomes: dict[UUID, Outcome] = {}
    positions: dict[UUID, dict[tuple[UUID, UUID], GivenPosition]] = {}
    answers: dict[UUID, dict[UUID, DissentAnswer]] = defaultdict(dict)
    if not decisions:
        return _Read(decisions, options, positions, outcomes, answers)
    for option in instances(Option, OPTIONS.rows(*key)):
        options[option.decision_id].append(option)
    positions = _positions(POSITIONS.rows(*key))
    outcomes = {o.decision_id: o for o in _with_authors(OUTCOMES.rows(*key))}
    if outcomes:  # a fifth query only where something has been decided
        by_outcome = {o.pk: d for d, o in outcomes.items()}
        for a in instances(DissentAnswer, ANSWERS.rows(*key)):
            answers[by_outcome[a.outcome_id]][a.voice_key] = a
    return _Read(decisions, options, positions, outcomes, answers)


def _read_one(decision: Decision) -> _Read:
    """One decision, with its options, positions, outcome and answers."""
    ids = [decision.pk]
    options: dict[UUID, list[Option]] = defaultdict(list)
    for option in Option.objects.filter(decision_id__in=ids):
        options[option.decision_id].append(option)
    rows = Position.objects.filter(decision_id__in=ids, is_current=True).values_list(
        *POSITION_COLUMNS
    )
    # The chosen option is one of the decision's options, already read above.
    outcomes = {
        o.decision_id: o
        for o in Outcome.objects.filter(
            decision_id__in=ids, is_current=True
        ).select_related("author")
    }
    answers: dict[UUID, dict[UUID, DissentAnswer]] = defaultdict(dict)
    if outcomes:  # a fifth query only where something has been decided
        by_outcome = {o.pk: d for d, o in outcomes.items()}
        for a in DissentAnswer.objects.filter(outcome_id__in=by_outcome):
            answers[by_outcome[a.outcome_id]][a.voice_key] = a
    return _Read([decision], options, _positions(list(rows)), outcomes, answers)


def decision_views(
    context_type: str,
    context_id: UUID,
    voices: list[Voice],
    viewer: UUID | None,
    only: Decision | None = None,
) -> list[DecisionView]:
    """Every decision of a context (or `only` that one), with its options,
    current positions and outcome, seen by `viewer` (a voice's key, or None)."""
    read = (
        _read_one(only) if only is not None else _read_context(context_type, context_id)
    )
    return [
        DecisionView(
            decision=d,
            options=read.options[d.pk],
            voices=voices,
            positions=read.positions.get(d.pk, {}),
            outcome=read.outcomes.get(d.pk),
            viewer=viewer,
            answers=read.answers[d.pk],
        )
        for d in read.decisions
    ]


def position_history(decision: Decision) -> list[Position]:
    """Every position ever given in this decision, oldest first: changes of mind are kept."""
    return list(
        Position.objects.filter(decision=decision)
        .select_related("option")
        .order_by("created_at")
    )


def current_positions(decision: Decision, voice_key: UUID) -> list[Position]:
    """One voice's current positions in a decision (what they said last time)."""
    return list(
        Position.objects.filter(decision=decision, voice_key=voice_key, is_current=True)
    )


def person_spoken(decision: Decision) -> tuple[PersonDeclined | None, set[UUID]]:
    """The person saying they do not want to give a position on `decision`
    (None if they have not; with who recorded it), and the options they have
    given one on (to any wording). Two queries."""
    declined = (
        PersonDeclined.objects.filter(decision=decision)
        .select_related("recorded_by")
        .first()
    )
    given = set(
        Position.objects.filter(decision=decision, voice_is_person=True).values_list(
            "option_id", flat=True
        )
    )
    return declined, given
