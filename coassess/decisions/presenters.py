"""How decisions are shown: the voices grid, the outcome and its dissent, and the
history of positions, for any host.

Every mark has words beside its symbol ("✗! Object"), so colour is never the
only sign and a screen reader reads the words. Positions stay hidden from a
viewer until they have given their own; whoever records the outcome sees
them all on that page; once an outcome is recorded the
decision has been made, so everyone's positions are shown beside it, and
dissent is always shown beside the outcome it disagrees with.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from uuid import UUID

from coassess.accounts.models import User
from coassess.decisions.hosts import CapacityRecord, Host
from coassess.decisions.models import (
    Decision,
    DissentAnswer,
    Option,
    OptionWording,
    Outcome,
    PersonDeclined,
    Position,
    Stance,
)
from coassess.decisions.queries import (
    MARKS,
    DecisionView,
    decision_views,
    person_spoken,
)
from coassess.decisions.voices import Voice

WORDS = {
    Stance.AGREE: "Agree",
    Stance.RESERVATIONS: "Agree with reservations",
    Stance.UNSURE: "Unsure",
    Stance.DISAGREE: "Disagree",
    Stance.OBJECT: "Object",
}
HIDDEN = "Hidden until you give your position"
ASKED_AGAIN = "Given to an earlier wording: asked again"
NOT_YET = "Not given yet"


@dataclass(frozen=True)
class Mark:
    symbol: str
    words: str
    stance: str

    @property
    def text(self) -> str:
        return f"{self.symbol} {self.words}"


def mark_for(stance: str) -> Mark:
    s = Stance(stance)
    return Mark(symbol=MARKS[s], words=WORDS[s], stance=s.value)


@dataclass
class GridCell:
    option: Option
    mark: Mark | None = None
    what_matters: str = ""
    note: str = ""  # why there is no mark, or that it answered an earlier wording

    @property
    def hidden(self) -> bool:
        return self.note == HIDDEN


@dataclass
class OptionRow:
    option: Option
    number: int
    proposer: Voice | None
    earlier_wordings: list[str] = field(default_factory=list)

    @property
    def reworded(self) -> bool:
        return self.option.wording > 1

    @property
    def proposer_name(self) -> str:
        return self.proposer.name if self.proposer else self.option.proposer_name


@dataclass
class Dissent:
    voice: Voice | None
    name: str
    mark: Mark
    what_matters: str
    earlier_wording: bool
    # What the outcome says to them: why their view did not prevail, and how
    # it is respected (None for reservations, and outcomes from before).
    answer: DissentAnswer | None = None


@dataclass
class OutcomeShown:
    outcome: Outcome
    chosen: Option
    rule: str
    capacity: CapacityRecord | None
    dissent: list[Dissent]

    @property
    def review_at(self) -> dt.datetime | None:
        return self.outcome.review_at

    @property
    def respected(self) -> tuple[str, str]:
        """The heading and text of how disagreement is respected, besides the
        answers to each dissenting voice (shown beside each): what was said of
        anything else, or all of it for an outcome recorded before answers."""
        o = self.outcome
        if o.how_respected == o.how_others_respected:
            return "How the disagreement is respected", o.how_respected
        return "How other disagreement is respected", o.how_others_respected


@dataclass
class DecisionShown:
    view: DecisionView
    options: list[OptionRow]
    hiding: bool
    outcome: OutcomeShown | None
    waiting_for: list[Voice]

    @property
    def decision(self) -> Decision:
        return self.view.decision

    @cached_property
    def rows(self) -> list[tuple[Voice, list[GridCell]]]:
        """The voices grid: a row per voice, a cell per option (worked out only
        for the pages that show it)."""
        view = self.view
        return [
            (v, [_cell(view, v.key, o, self.hiding) for o in view.options])
            for v in view.voices
        ]

    @property
    def given_count(self) -> int:
        return len(self.view.voices) - len(self.waiting_for)


def _cell(
    view: DecisionView, voice_key: UUID, option: Option, hiding: bool
) -> GridCell:
    position = view.positions.get((option.pk, voice_key))
    if hiding and voice_key != view.viewer:
        return GridCell(option, note=HIDDEN)
    if position is None:
        return GridCell(option, note=NOT_YET)
    stale = position.wording < option.wording
    return GridCell(
        option,
        mark=mark_for(position.stance),
        what_matters=position.what_matters,
        note=ASKED_AGAIN if stale else "",
    )


def _dissent(
    view: DecisionView, chosen: Option, people: dict[UUID, Voice]
) -> list[Dissent]:
    order = {key: i for i, key in enumerate(people)}
    found = sorted(
        view.dissent_on(chosen), key=lambda p: order.get(p.voice_key, len(order))
    )
    return [
        Dissent(
            voice=people.get(p.voice_key),
            name=p.voice_name,
            mark=mark_for(p.stance),
            what_matters=p.what_matters,
            earlier_wording=p.wording < chosen.wording,
            answer=view.answers.get(p.voice_key),
        )
        for p in found
    ]


def present_decision(
    view: DecisionView,
    capacity: list[CapacityRecord],
    wordings: dict[UUID, list[str]] | None = None,
    *,
    reveal: bool = False,
) -> DecisionShown:
    """The decision as its viewer may see it: others' positions hidden until
    they have given theirs, unless an outcome is recorded or `reveal` (the
    page where the outcome is recorded, where every position is needed)."""
    participants = view.voices
    people = {v.key: v for v in participants}
    hiding = view.hidden and view.outcome is None and not reveal
    options = [
        OptionRow(
            option=o,
            number=i,
            proposer=people.get(o.proposer_key),
            earlier_wordings=(wordings or {}).get(o.pk, []),
        )
        for i, o in enumerate(view.options, start=1)
    ]
    outcome = None
    if view.outcome is not None:
        # The chosen option is one of the decision's, already loaded: the
        # outcome's own relation is read only if it somehow is not.
        chosen = (
            next((o for o in view.options if o.pk == view.outcome.chosen_id), None)
            or view.outcome.chosen
        )
        outcome = OutcomeShown(
            outcome=view.outcome,
            chosen=chosen,
            rule=view.outcome.get_deciding_rule_display(),
            capacity=next(
                (c for c in capacity if c.key == view.outcome.capacity_record), None
            ),
            dissent=_dissent(view, chosen, people),
        )
    waiting = (
        [v for v in participants if not view.has_given_all(v.key)]
        if view.options
        else []
    )
    return DecisionShown(
        view=view,
        options=options,
        hiding=hiding,
        outcome=outcome,
        waiting_for=waiting,
    )


def present_decisions(
    views: list[DecisionView], capacity: list[CapacityRecord]
) -> list[DecisionShown]:
    return [present_decision(v, capacity) for v in views]


def decisions_shown(host: Host, viewer: UUID | None = None) -> list[DecisionShown]:
    """Every decision of the host, with its grid, outcome and dissent (4 queries,
    and the host's voices and capacity records unless it has them already).
    Positions a viewer has not earned the sight of are hidden (`viewer` None:
    only what sits beside an outcome, which is never hidden)."""
    views = decision_views(host.context_type, host.context_id, host.voices(), viewer)
    return present_decisions(views, host.capacity_records())


def earlier_wordings(
    wordings: list[OptionWording], options: list[Option]
) -> dict[UUID, list[str]]:
    """Each option's earlier texts, oldest first."""
    current = {o.pk: o.wording for o in options}
    found: dict[UUID, list[str]] = {}
    for w in wordings:
        if w.wording < current.get(w.option_id, 0):
            found.setdefault(w.option_id, []).append(w.text)
    return found


@dataclass
class HistoryLine:
    position: Position
    name: str
    mark: Mark
    answered: str  # the option's words the position answered
    changed_mind: bool
    earlier_wording: bool
    scribe: str
    own_device: bool = False  # given by the voice on their own device


def _scribe(p: Position, people: dict[UUID, Voice], scribes: dict[UUID, User]) -> str:
    """Who typed it, when that was not the voice themselves (on their account
    or their own device)."""
    voice = people.get(p.voice_key)
    if p.recorded_by_id is None or (
        voice is not None and voice.user_id == p.recorded_by_id
    ):
        return ""
    scribe = scribes.get(p.recorded_by_id)
    return scribe.display_name if scribe else ""


def present_history(
    positions: list[Position],
    wordings: list[OptionWording],
    scribes: dict[UUID, User],
    voices: list[Voice],
) -> list[HistoryLine]:
    """Every position given, newest first, with the words it answered."""
    texts = {(w.option_id, w.wording): w.text for w in wordings}
    people = {v.key: v for v in voices}
    return [
        HistoryLine(
            position=p,
            name=p.voice_name,
            mark=mark_for(p.stance),
            answered=texts.get((p.option_id, p.wording), p.option.text),
            changed_mind=p.supersedes_id is not None,
            earlier_wording=p.wording < p.option.wording,
            scribe=_scribe(p, people, scribes),
            own_device=p.via_code_id is not None,
        )
        for p in reversed(positions)
    ]


@dataclass(frozen=True)
class SpeakingFirst:
    """Where the person speaks first: their name, whether they have said they
    do not want to give a position, and the numbers of the options they have
    not yet given one on (others wait on those)."""

    name: str
    declined: bool
    waiting: list[int]

    @property
    def others_may_speak(self) -> bool:
        return self.declined or not self.waiting


def speaking_first(host: Host, decision: Decision) -> SpeakingFirst | None:
    """None unless the person speaks first on `decision` (2 queries)."""
    if not decision.person_first:
        return None
    person = next((v for v in host.voices() if v.is_person), None)
    declined, given = person_spoken(decision)
    options = list(decision.options.all())
    return SpeakingFirst(
        name=person.name if person else "The person",
        declined=declined is not None,
        waiting=[n for n, o in enumerate(options, start=1) if o.pk not in given],
    )


def declined_words(declined: PersonDeclined | None) -> str:
    """How staff read that the person chose not to say what they think about
    a decision ("" if they have not): who, and on their own device or
    recorded by whom. For example "Sam Reid chose not to say, on their own
    device." It stands beside any position they gave later."""
    if declined is None:
        return ""
    if declined.via_code_id is not None:
        how = "on their own device"
    elif declined.recorded_by is not None:
        how = f"recorded by {declined.recorded_by.display_name}"
    else:
        how = "recorded by staff"
    return f"{declined.voice_name} chose not to say, {how}."


def decline_shown(decision: Decision) -> str:
    """`declined_words` for `decision` (1 query)."""
    return declined_words(
        PersonDeclined.objects.filter(decision=decision)
        .select_related("recorded_by")
        .first()
    )
