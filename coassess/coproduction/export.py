"""The peer-led research export: a de-identified table of co-production
measures for a period, as CSV, with a Frictionless data package descriptor
(`datapackage.json`) that researchers' tools read as its data dictionary.

What it holds: one row per month, source of referral, measure and answer, with
a count of assessments. Nothing about any one assessment or person: no names,
NHS numbers, dates of birth, ids, free text or staff; dates only as months.
No totals across months or sources are given, so a withheld group cannot be
worked out from a total.

Small counts are withheld (`suppress`): a group (a month and source) with fewer
than `threshold` assessments is withheld whole; within a group, each measure's
answers add up to the group's count, so any count below the threshold is
withheld, and then more counts of that measure (smallest first) until the
withheld ones add up to at least the threshold and there are at least two,
so none can be worked out as the total minus the others.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from coassess.coproduction.dashboard import Figures
from coassess.coproduction.summary import INDICATORS, OWN_WORDS_BANDS, WAIT_BANDS
from coassess.referrals.models import Source

CSV_NAME = "coproduction-measures.csv"
COLUMNS = ("month", "source", "measure", "answer", "count", "withheld")
GROUP = "assessments"  # the measure row that gives a group's size
ANSWERS = ("yes", "no", "cannot_tell")


@dataclass(frozen=True)
class Row:
    month: str  # YYYY-MM
    source: str
    measure: str
    answer: str
    count: int | None  # None when withheld

    def cells(self) -> tuple[str, ...]:
        withheld = self.count is None
        return (
            self.month,
            self.source,
            self.measure,
            self.answer,
            "" if withheld else str(self.count),
            "yes" if withheld else "no",
        )


def suppress(counts: Sequence[int], total: int, threshold: int) -> list[int | None]:
    """`counts` (which add up to `total`, which is published) with small ones
    withheld (None): every count below `threshold`; then, while the withheld
    are fewer than two or add up to less than `threshold`, the smallest count
    still shown. Either nothing is withheld, or at least two counts are, whose
    sum is at least `threshold` unless every count is withheld."""
    if sum(counts) != total:
        raise ValueError("the counts must add up to the total")
    withheld = {i for i, c in enumerate(counts) if c < threshold}
    while withheld and (
        len(withheld) < 2 or sum(counts[i] for i in withheld) < threshold
    ):
        shown = [i for i in range(len(counts)) if i not in withheld]
        if not shown:
            break
        withheld.add(min(shown, key=lambda i: (counts[i], i)))
    return [None if i in withheld else c for i, c in enumerate(counts)]


def _measures(cell: Any) -> Iterator[tuple[str, tuple[str, ...], list[int]]]:
    """Each measure of a cell: its name, its answers, and their counts."""
    for i in INDICATORS:
        yes, no = cell.yes[i.name], cell.no[i.name]
        yield i.name, ANSWERS, [yes, no, cell.assessments - yes - no]
    own = list(cell.own_words)
    yield (
        "own_words_share",
        (*OWN_WORDS_BANDS, "cannot_tell"),
        [*own, cell.assessments - sum(own)],
    )
    waits = list(cell.waits)
    yield "wait", (*WAIT_BANDS, "cannot_tell"), [*waits, cell.assessments - sum(waits)]


def rows(figures: Figures, threshold: int) -> Iterator[Row]:
    """The export's rows, small counts withheld, month by month, every source."""
    for month in figures.scope.months:
        label = month.isoformat()[:7]
        for source in [figures.scope.source] if figures.scope.source else Source.values:
            cell = figures.source(source, month)
            if not cell.assessments:
                continue
            small = cell.assessments < threshold
            yield Row(label, source, GROUP, "all", None if small else cell.assessments)
            for name, answers, counts in _measures(cell):
                shown = (
                    [None] * len(counts)
                    if small
                    else suppress(counts, cell.assessments, threshold)
                )
                for answer, count in zip(answers, shown, strict=True):
                    yield Row(label, source, name, answer, count)


def csv_lines(found: Iterator[Row]) -> Iterator[str]:
    """The header and each row as CSV text, one line at a time (for streaming)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for cells in [COLUMNS, *(r.cells() for r in found)]:
        writer.writerow(cells)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def descriptor(threshold: int, period: str) -> dict[str, Any]:
    """The Frictionless data package descriptor of the CSV: what each column
    holds, every measure and answer, and how small counts are withheld."""
    measures = [GROUP, *(i.name for i in INDICATORS), "own_words_share", "wait"]
    answers = ["all", *ANSWERS, *OWN_WORDS_BANDS, *WAIT_BANDS]
    return {
        "profile": "tabular-data-package",
        "name": "coassess-coproduction-measures",
        "title": "Co-production measures of crisis assessments, de-identified",
        "description": (
            f"Counts of assessments by month ({period}), source of referral, "
            "measure and answer. Read from the records, never typed in: see "
            "docs/coproduction-measures.md for what each measure means and its "
            f"limits. Any count below {threshold} is withheld, with other counts "
            "of the same measure where needed so that none can be worked out; "
            f"a month and source with fewer than {threshold} assessments is "
            "withheld whole. No names, NHS numbers, dates of birth, ids or free "
            "text; dates are months; no totals across months or sources."
        ),
        "resources": [
            {
                "name": "coproduction-measures",
                "path": CSV_NAME,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": _schema(measures, answers, threshold),
            }
        ],
    }


def _schema(measures: list[str], answers: list[str], threshold: int) -> dict[str, Any]:
    labels = "; ".join(f"{i.name}: {i.label}" for i in INDICATORS)
    return {
        "fields": [
            {
                "name": "month",
                "type": "yearmonth",
                "description": "The month the referral arrived.",
            },
            {
                "name": "source",
                "type": "string",
                "description": "Where the referral came from.",
                "constraints": {"enum": list(Source.values)},
            },
            {
                "name": "measure",
                "type": "string",
                "description": (
                    "assessments: how many in the group. Yes or no measures: "
                    f"{labels}. own_words_share: the share of entries in the "
                    "person's own words. wait: time to first face-to-face "
                    "contact against the response standard."
                ),
                "constraints": {"enum": measures},
            },
            {
                "name": "answer",
                "type": "string",
                "description": "The answer or band counted; cannot_tell where the "
                "record cannot tell or the measure does not apply.",
                "constraints": {"enum": answers},
            },
            {
                "name": "count",
                "type": "integer",
                "description": f"Assessments; empty when withheld (below {threshold}, "
                "or withheld so that another cannot be worked out).",
                "constraints": {"minimum": 0},
            },
            {
                "name": "withheld",
                "type": "boolean",
                "description": "yes when the count is withheld.",
                "trueValues": ["yes"],
                "falseValues": ["no"],
            },
        ],
        "missingValues": [""],
        "primaryKey": ["month", "source", "measure", "answer"],
    }
