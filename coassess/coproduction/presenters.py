"""The co-production measures in plain words: each one's name, what the record
shows, and what it means, grouped as the page shows them.

What each measure means is said here once for the page; how it is computed and
its limits are in docs/coproduction-measures.md, under the same names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from coassess.coproduction.dashboard import Scope
from coassess.coproduction.instruments import VALUE_SCALE, Kind
from coassess.coproduction.measures import AssessmentMeasures
from coassess.coproduction.queries import Distribution, ReflectionSummary
from coassess.coproduction.summary import BY_NAME, OWN_WORDS_BANDS, WAIT_BANDS
from coassess.core.presenters import duration_words
from coassess.referrals.models import SOURCE_LABELS


@dataclass(frozen=True)
class Row:
    """One measure: its name, what the record shows, what it means."""

    name: str
    shows: str
    means: str


@dataclass(frozen=True)
class Group:
    heading: str
    rows: tuple[Row, ...]


M = AssessmentMeasures


def percent(part: int, whole: int) -> str:
    """'3 of 10 (30%)'."""
    return f"{part} of {whole} ({round(100 * part / whole)}%)" if whole else "none"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}" if n else f"No {many}"


def _yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def _or_unknown(m: M, name: str, words: Callable[[], str]) -> str:
    """`words()`, or why the record cannot tell when the measure is None."""
    if getattr(m, name) is None:
        return f"Cannot tell from the record. {m.unknown[name]}"
    return words()


def _interpreter(m: M) -> str:
    return _or_unknown(
        m,
        "interpreter_present",
        lambda: (
            "Needed, and one took part"
            if m.interpreter_present
            else "Needed, but no interpreter is recorded as taking part"
        ),
    )


def _shares(m: M) -> str:
    if not m.entries:
        return "No entries yet"
    return "; ".join(
        f"{v.group}: {percent(v.entries, m.entries)}" for v in m.voice_shares
    )


def _voices(m: M) -> Group:
    return Group(
        "Voices",
        (
            Row(
                "The person's voice in the record",
                _yes_no(m.person_heard),
                "At least one entry, concern or position is in the person's own voice.",
            ),
            Row(
                "Supporters taking part",
                _count(m.supporters, "supporter", "supporters"),
                "People the person named (carers, family, friends, advocates) who took part.",
            ),
            Row(
                "Peer support workers taking part",
                _count(m.peer_workers, "peer support worker", "peer support workers"),
                "Staff who bring their own experience of crisis.",
            ),
            Row(
                "Interpreter",
                _interpreter(m),
                "Whether an interpreter took part when the person needs one.",
            ),
            Row(
                "Entries in each voice",
                _shares(m),
                "Whose voice each current entry in the assessment is in.",
            ),
            Row(
                "Entries in the person's own words",
                _or_unknown(
                    m,
                    "own_words_share",
                    lambda: percent(m.own_words_entries, m.entries),
                ),
                "Entries in the person's voice, written as they said them.",
            ),
        ),
    )


def _concerns(m: M) -> Group:
    agreed = (
        f"{m.concerns_agreed} of {m.concerns}; the person agreed "
        f"{m.concerns_agreed_by_person} of them"
        if m.concerns
        else "No concerns recorded"
    )
    return Group(
        "Immediate concerns",
        (
            Row(
                "Concerns agreed",
                agreed,
                "Concerns marked as agreed to act on now, and how many of those "
                "the person is recorded as agreeing.",
            ),
            Row(
                "Agreed concerns the plan answers",
                _or_unknown(
                    m,
                    "agreed_concerns_answered",
                    lambda: f"{m.agreed_concerns_answered} of {m.concerns_agreed}",
                ),
                "Agreed concerns linked to at least one action in the plan.",
            ),
        ),
    )


def _not_prevailed(m: M) -> str:
    if not m.decisions_with_outcome:
        return "No decision has an outcome yet"
    if not m.person_not_prevailed:
        return f"None of {m.decisions_with_outcome} decided"
    return (
        f"{m.person_not_prevailed} of {m.decisions_with_outcome} decided; a reason "
        f"is recorded for {m.person_not_prevailed_with_reason}"
    )


def _dissent(m: M) -> str:
    if not m.decisions_with_dissent:
        return "No decided option has anyone disagreeing"
    return (
        f"{m.dissent_held} of {m.decisions_with_dissent} decisions where someone "
        "disagreed with what was chosen"
    )


def _decisions(m: M) -> Group:
    return Group(
        "Decisions",
        (
            Row(
                "Decisions where the person gave a position",
                f"{m.decisions_person_gave_position} of {m.decisions}"
                if m.decisions
                else "No decisions recorded",
                "Decisions in which the person said where they stand on at least "
                "one option.",
            ),
            Row(
                "Where the person's view did not prevail",
                _not_prevailed(m),
                "Decisions that went against the person's position, and whether "
                "the outcome says why.",
            ),
            Row(
                "Disagreement held beside the outcome",
                _dissent(m),
                "Where someone disagreed with what was chosen, whether the outcome "
                "says what disagreement remains or how it is respected.",
            ),
        ),
    )


CONFIRMATION_WORDS = {
    "agree": "Yes: they agreed with the plan",
    "disagree": "Yes: they took part and recorded what they disagree with",
    "on_behalf": "No: it was recorded on their behalf",
}


def _individualised(m: M) -> str:
    if not m.individual_details:
        return "No: nothing in the crisis plan is specific to this person"
    return "Yes: " + "; ".join(m.individual_details)


def _plan(m: M) -> Group:
    return Group(
        "The plan",
        (
            Row(
                "Plan individualised",
                _or_unknown(m, "individualised", lambda: _individualised(m)),
                "The crisis plan holds at least one detail about this person, not "
                "only advice any plan could give.",
            ),
            Row(
                "Strengths recorded",
                _count(m.strengths, "entry", "entries"),
                "Entries about what helps, people who matter, skills, achievements "
                "and hopes.",
            ),
            Row(
                "Crisis plan complete",
                _or_unknown(
                    m,
                    "contingency_complete",
                    lambda: (
                        "Yes"
                        if m.contingency_complete
                        else "No. Missing: " + ", ".join(m.contingency_missing)
                    ),
                ),
                "Warning signs, what they can do themselves, people and places that "
                "help, making things safer, and someone to contact are all filled in.",
            ),
            Row(
                "The person confirmed the plan or recorded disagreement",
                _or_unknown(
                    m,
                    "person_confirmation",
                    lambda: CONFIRMATION_WORDS[m.person_confirmation or ""],
                ),
                "What the person said about the plan as it stands now, recorded "
                "in their name.",
            ),
            Row(
                "The person's copy printed or downloaded",
                _yes_no(m.copy_printed_or_downloaded),
                "Someone in the team made the person's copy as a PDF, to print or "
                "send. This does not show the person received it.",
            ),
        ),
    )


CAPACITY_WORDS = {
    "has": "Recorded: they have capacity for this decision",
    "lacks": "Recorded: they lack capacity for this decision, at this time",
    "not recorded": "No capacity assessment is recorded, so capacity is presumed",
}


def _capacity(m: M) -> Group:
    return Group(
        "Capacity and consent",
        (
            Row(
                "Capacity for the plan decision",
                _or_unknown(
                    m,
                    "capacity_for_plan",
                    lambda: CAPACITY_WORDS[m.capacity_for_plan or ""],
                ),
                "The latest capacity assessment whose decision names the plan.",
            ),
            Row(
                "Supporters taking part with the person's consent",
                _or_unknown(m, "supporters_consented", lambda: ""),
                "Whether the person agreed to each supporter taking part.",
            ),
            Row(
                "Information from carers or relatives with the person's agreement",
                f"{m.information_with_consent} of {m.information_from_others}"
                if m.information_from_others
                else "None recorded",
                "What carers or relatives told the team, asked for with the "
                "person's agreement.",
            ),
        ),
    )


def _response(m: M) -> Group:
    standard = duration_words(dt.timedelta(minutes=m.standard_minutes))

    def words() -> str:
        waited = duration_words(dt.timedelta(minutes=m.minutes_to_first_contact or 0))
        verb = "within" if m.within_standard else "outside"
        return f"{waited}, {verb} the team's standard of {standard}"

    return Group(
        "Response time",
        (
            Row(
                "Time from referral to first face-to-face contact",
                _or_unknown(m, "minutes_to_first_contact", words),
                "Measured against the team's standard for where the referral "
                "came from, as it was when the referral arrived.",
            ),
        ),
    )


def measure_groups(m: AssessmentMeasures) -> list[Group]:
    """Every measure of one assessment, in plain words, in the page's order."""
    return [
        part(m)
        for part in (_voices, _concerns, _decisions, _plan, _capacity, _response)
    ]


# Reflections: every figure comes from queries.summarise_reflections, which has
# already withheld what rests on too few answers; these only word it.

WITHHELD = "Not shown yet: fewer than {n} answers"


@dataclass(frozen=True)
class Cell:
    """One group's answers to one question, in words: a headline ("4 of 6
    said mostly or completely") and each answer's count."""

    headline: str
    counts: tuple[str, ...]


def distribution_cell(d: Distribution | None, min_responses: int) -> Cell:
    """How one group answered, or why it is not shown."""
    if d is None:
        return Cell(WITHHELD.format(n=min_responses), ())
    high = d.counts[3] + d.counts[4]
    counts = tuple(f"{words}: {d.counts[n - 1]}" for n, words in VALUE_SCALE) + (
        f"Don't know: {d.dont_know}",
    )
    return Cell(f"{high} of {d.answers} said mostly or completely", counts)


def rung_count(n: int | None, min_responses: int) -> str:
    """How many placed the work on one rung, or why it is not shown."""
    return WITHHELD.format(n=min_responses) if n is None else str(n)


@dataclass(frozen=True)
class ValueRow:
    name: str
    question: str
    staff: Cell
    lived: Cell


def value_rows(summary: ReflectionSummary) -> list[ValueRow]:
    """Each value with how staff and people with lived experience answered."""
    n = summary.min_responses
    return [
        ValueRow(
            v.name,
            v.question,
            distribution_cell(v.staff, n),
            distribution_cell(v.lived, n),
        )
        for v in summary.values
    ]


def ladder_name(kind: str) -> str:
    return Kind(kind).label


def figure_words(figure: str, month: dt.date | None, scope: Scope) -> str:
    """What the assessments behind a dashboard figure have in common, in words:
    'The person's voice is in the record: yes. March 2026, emergency department.'"""
    kind, _, rest = figure.partition(":")
    if kind == "indicator":
        name, _, answer = rest.partition(":")
        answers = {"yes": "yes", "no": "no", "unknown": "the record cannot tell"}
        what = f"{BY_NAME[name].label}: {answers[answer]}"
    elif kind == "own_words":
        what = (
            f"Share of entries in the person's own words: {OWN_WORDS_BANDS[int(rest)]}"
        )
    elif kind == "wait":
        what = f"Time to first contact: {WAIT_BANDS[int(rest)].lower()}"
    else:
        what = "Every assessment"
    when = f"{month:%B %Y}" if month else f"{scope.start:%B %Y} to {scope.end:%B %Y}"
    source = f", {SOURCE_LABELS[scope.source].lower()}" if scope.source else ""
    return f"{what}. {when}{source}."
