"""What a team's dashboard counts, from the measure summary, for a period.

A `Scope` is one team (its site), a run of whole months and, optionally, one
source of referral. `figures(scope)` first writes any summary rows the scope's
assessments lack (`summary.refresh`), then counts everything in one grouped
query on the summary's (team, month, source) index: for each month and source,
how many assessments, and for each indicator how many answered yes and no
(the rest the record cannot tell), how many fall in each band of the
own-words and waiting-time distributions.

`assessments_behind(scope, figure)` lists the assessments behind any one
figure, so no number stands without its evidence.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from coassess.accounts.models import Team
from coassess.assessments.models import Assessment
from coassess.coproduction import summary
from coassess.coproduction.models import MeasureSummary, MonthCount
from coassess.coproduction.summary import INDICATORS, OWN_WORDS_BANDS, WAIT_BANDS
from coassess.referrals.models import Source


def next_month(month: dt.date) -> dt.date:
    """The first day of the month after `month` (a first of the month)."""
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every first of the month from `start` to `end`, both included."""
    months = []
    month = start
    while month <= end:
        months.append(month)
        month = next_month(month)
    return months


@dataclass(frozen=True)
class Scope:
    """One team, whole months from `start` to `end` (firsts of the month, both
    included), and one source of referral or "" for all."""

    team: Team
    start: dt.date
    end: dt.date
    source: str = ""

    @property
    def months(self) -> list[dt.date]:
        return months_between(self.start, self.end)


def summaries(scope: Scope) -> QuerySet[MeasureSummary]:
    """The scope's summary rows (written or not yet: see `refresh`)."""
    rows = MeasureSummary.objects.filter(
        team=scope.team, month__gte=scope.start, month__lte=scope.end
    )
    return rows.filter(source=scope.source) if scope.source else rows


def period_bounds(scope: Scope) -> tuple[dt.datetime, dt.datetime]:
    """The scope's months as instants: from the first moment of its first month
    (included) to the first moment after its last (excluded), UK time."""
    zone = ZoneInfo(settings.TIME_ZONE)
    since = dt.datetime.combine(scope.start, dt.time(), zone)
    return since, dt.datetime.combine(next_month(scope.end), dt.time(), zone)


def assessments_in(scope: Scope) -> QuerySet[Assessment]:
    """The scope's assessments: its team's, whose referral arrived in its
    months (in the service's time zone), from its source if it has one."""
    since, until = period_bounds(scope)
    found = Assessment.objects.filter(
        team=scope.team,
        referral__received_at__gte=since,
        referral__received_at__lt=until,
    )
    return found.filter(referral__source=scope.source) if scope.source else found


def refresh(scope: Scope) -> int:
    """Write the scope's missing summary rows; how many were written."""
    return summary.refresh(assessments_in(scope))


@dataclass
class Cell:
    """The counts of one month and source (or of a whole period)."""

    assessments: int = 0
    yes: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    no: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    own_words: list[int] = field(default_factory=lambda: [0] * len(OWN_WORDS_BANDS))
    waits: list[int] = field(default_factory=lambda: [0] * len(WAIT_BANDS))

    def unknown(self, indicator: str) -> int:
        return self.assessments - self.yes[indicator] - self.no[indicator]

    def add(self, other: Cell) -> None:
        self.assessments += other.assessments
        for name in other.yes:
            self.yes[name] += other.yes[name]
        for name in other.no:
            self.no[name] += other.no[name]
        for i, n in enumerate(other.own_words):
            self.own_words[i] += n
        for i, n in enumerate(other.waits):
            self.waits[i] += n


def _columns() -> list[str]:
    """The counting query's columns after month and source, in order."""
    found = ["n"]
    for i in INDICATORS:
        found += [f"{i.name}__yes", f"{i.name}__no"]
    found += [f"own_words__{b}" for b in range(len(OWN_WORDS_BANDS))]
    found += [f"wait__{b}" for b in range(len(WAIT_BANDS))]
    return found


def _count_sql(months: int) -> str:
    """One grouped query with a conditional count per column (`_columns`) for
    one team and `months` months, every source. Written by hand: the ORM took
    longer to compile its forty-odd counts than the database took to run them.
    Plain SQL that SQLite and PostgreSQL both run: a boolean column is its own
    condition."""
    sums = ["COUNT(*)"]
    for i in INDICATORS:
        sums.append(f"SUM(CASE WHEN {i.name} THEN 1 ELSE 0 END)")
        sums.append(f"SUM(CASE WHEN NOT {i.name} THEN 1 ELSE 0 END)")
    for column, bands in (
        ("own_words_band", OWN_WORDS_BANDS),
        ("wait_band", WAIT_BANDS),
    ):
        sums += [
            f"SUM(CASE WHEN {column} = {b} THEN 1 ELSE 0 END)"
            for b in range(len(bands))
        ]
    in_months = ", ".join(["%s"] * months)
    # Every name here is a column or table name from this module, never input.
    return (
        f"SELECT month, source, {', '.join(sums)} "  # noqa: S608
        f"FROM {MeasureSummary._meta.db_table} "
        f"WHERE team_id = %s AND month IN ({in_months}) "
        "GROUP BY month, source"
    )


COLUMNS = _columns()
# A month's counts are counted again after this long, whatever happened: a
# bound on how long a count written in a race with a change can stay wrong.
MONTH_COUNT_SECONDS = 600


def _cell(row: Mapping[str, Any]) -> Cell:
    cell = Cell(assessments=row["n"])
    for i in INDICATORS:
        cell.yes[i.name] = row[f"{i.name}__yes"]
        cell.no[i.name] = row[f"{i.name}__no"]
    cell.own_words = [row[f"own_words__{b}"] for b in range(len(OWN_WORDS_BANDS))]
    cell.waits = [row[f"wait__{b}"] for b in range(len(WAIT_BANDS))]
    return cell


def _sum(cells: Iterable[Cell]) -> Cell:
    total = Cell()
    for cell in cells:
        total.add(cell)
    return total


@dataclass(frozen=True)
class Figures:
    """A scope's counts: by (month, source), and summed by month, by source
    and for the whole period. Months and sources with no assessments have
    empty cells."""

    scope: Scope
    cells: dict[tuple[dt.date, str], Cell]

    def month(self, month: dt.date) -> Cell:
        return _sum(c for (m, _), c in self.cells.items() if m == month)

    def source(self, source: str, month: dt.date | None = None) -> Cell:
        if month is not None:
            return self.cells.get((month, source)) or Cell()
        return self._by_source.get(source) or Cell()

    @cached_property
    def _by_source(self) -> dict[str, Cell]:
        found: dict[str, Cell] = defaultdict(Cell)
        for (_, source), cell in self.cells.items():
            found[source].add(cell)
        return dict(found)

    @cached_property
    def total(self) -> Cell:
        return _sum(self._by_source.values())


def _month(value: Any) -> dt.date:
    """A month as the database gives it: a date, or SQLite's ISO text."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _counted(team: Team, months: list[dt.date]) -> dict[tuple[dt.date, str], list[int]]:
    """Count `months` of `team` from the summary rows, every source: one query."""
    meta = MeasureSummary._meta
    prep = meta.get_field("month").get_db_prep_value
    params: list[Any] = [meta.get_field("team").get_db_prep_value(team.pk, connection)]
    params += [prep(m, connection) for m in months]
    with connection.cursor() as cursor:
        cursor.execute(_count_sql(len(months)), params)
        rows = cursor.fetchall()
    return {(_month(r[0]), r[1]): [int(v or 0) for v in r[2:]] for r in rows}


def _recount(team: Team, months: list[dt.date]) -> dict[tuple[dt.date, str], list[int]]:
    """Count `months` again and keep their counts (every source, zeros too)."""
    found = _counted(team, months)
    zeros = [0] * len(COLUMNS)
    now = timezone.now()
    with transaction.atomic():
        MonthCount.objects.filter(team=team, month__in=months).delete()
        MonthCount.objects.bulk_create(
            [
                MonthCount(
                    team=team,
                    month=m,
                    source=source,
                    counts=found.get((m, source), zeros),
                    counted_at=now,
                )
                for m in months
                for source in Source.values
            ],
            ignore_conflicts=True,
        )
    return found


def count(scope: Scope) -> Figures:
    """The scope's counts: the months already counted read as they are, the
    rest counted from the summary rows and kept (`MonthCount`)."""
    sources = [scope.source] if scope.source else list(Source.values)
    fresh_since = timezone.now() - dt.timedelta(seconds=MONTH_COUNT_SECONDS)
    kept = MonthCount.objects.filter(
        team=scope.team,
        month__gte=scope.start,
        month__lte=scope.end,
        counted_at__gte=fresh_since,
    ).values_list("month", "source", "counts")
    have = {(m, s): c for m, s, c in kept}
    wanted = {(m, s) for m in scope.months for s in Source.values}
    missing = sorted({m for m, _ in wanted - have.keys()})
    if missing:
        have.update(_recount(scope.team, missing))
    return Figures(
        scope,
        {
            (m, s): _cell(dict(zip(COLUMNS, c, strict=True)))
            for (m, s), c in have.items()
            if s in sources and c[0]
        },
    )


def figures(scope: Scope) -> Figures:
    """The scope's counts, after writing any summary rows it lacks."""
    refresh(scope)
    return count(scope)


# What a figure counts, as `kind:key:value`, e.g. "indicator:person_heard:yes",
# "own_words:2", "wait:3", "all"; with an optional month.
ANSWERS = ("yes", "no", "unknown")


def behind(
    scope: Scope, figure: str, month: dt.date | None = None
) -> QuerySet[MeasureSummary] | None:
    """The summary rows behind `figure` (see above), or None if it names no figure."""
    rows = summaries(scope)
    if month is not None:
        rows = rows.filter(month=month)
    kind, _, rest = figure.partition(":")
    if kind == "all" and not rest:
        return rows
    if kind == "indicator":
        name, _, answer = rest.partition(":")
        if name not in summary.BY_NAME or answer not in ANSWERS:
            return None
        value = {"yes": True, "no": False, "unknown": None}[answer]
        return rows.filter(
            **{f"{name}__isnull": True} if value is None else {name: value}
        )
    bands = {"own_words": OWN_WORDS_BANDS, "wait": WAIT_BANDS}.get(kind)
    if bands is not None and rest.isdigit() and int(rest) < len(bands):
        column = "own_words_band" if kind == "own_words" else "wait_band"
        return rows.filter(**{column: int(rest)})
    return None


def assessments_behind(rows: QuerySet[MeasureSummary]) -> QuerySet[Assessment]:
    """The assessments of these summary rows, with their people and referrals,
    earliest referral first."""
    return (
        Assessment.objects.filter(pk__in=rows.values("assessment_id"))
        .select_related("person", "referral")
        .order_by("referral__received_at")
    )
