"""The dashboard's panels: each a chart, a one-sentence summary and a table of
the same figures, every number in the table linked to the assessments behind
it when the viewer may open them (a team lead; a co-production member sees the
figures without links, since their role opens no record).

Charts are cached by their exact figures and words (`_drawn`), so a dashboard
whose figures have not changed is not drawn again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlencode

from markupsafe import Markup
from matplotlib.figure import Figure

from coassess.coproduction import charts
from coassess.coproduction.dashboard import Cell, Figures
from coassess.coproduction.queries import Distribution, ReflectionSummary
from coassess.coproduction.summary import (
    BY_NAME,
    INDICATORS,
    OWN_WORDS_BANDS,
    WAIT_BANDS,
)
from coassess.referrals.models import SOURCE_LABELS, Source

# Makes a link to the assessments behind a figure (`dashboard.behind`), in
# one month or the whole period, from one source or the scope's; or None.
Linker = Callable[[str, dt.date | None, str | None], str | None]


@dataclass(frozen=True)
class Entry:
    """One table cell: its text and, for a figure, where its evidence is."""

    text: str
    href: str | None = None


@dataclass(frozen=True)
class Panel:
    key: str
    heading: str
    summary: str
    svg: Markup
    caption: str
    head: tuple[str, ...]
    rows: tuple[tuple[Entry, ...], ...]


def pct(part: int, whole: int) -> float | None:
    """`part` of `whole` as a percentage, None when there is no whole."""
    return 100 * part / whole if whole else None


def pct_text(value: float | None) -> str:
    return "No data" if value is None else f"{value:.0f}%"


def month_short(month: dt.date) -> str:
    return month.strftime("%b %Y")


@lru_cache(maxsize=256)
def _drawn(kind: str, key: str, title: str, summary: str, data: tuple[Any, ...]) -> str:
    """A chart's SVG, drawn once for the same figures and words (`data` is
    the drawing function's arguments, plain hashable values)."""
    draw: dict[str, Callable[..., Figure]] = {
        "shares": charts.share_bars,
        "lines": charts.lines,
        "bars": charts.grouped_bars,
        "paired": charts.paired_share_bars,
    }
    return charts.svg_for(draw[kind](*data), key, title, summary)


def _chart(kind: str, key: str, title: str, summary: str, *data: Any) -> Markup:
    # Safe: matplotlib escapes what it draws; svg_for escapes the title and summary.
    return Markup(_drawn(kind, key, title, summary, data))  # noqa: S704


def measures_panel(figures: Figures, period: str, link: Linker) -> Panel:
    """How often each measure was met over the period, of the assessments
    where the record can tell."""
    total = figures.total
    shares = [
        pct(total.yes[i.name], total.yes[i.name] + total.no[i.name]) for i in INDICATORS
    ]
    known = [
        (s, i.label) for s, i in zip(shares, INDICATORS, strict=True) if s is not None
    ]
    if known:
        high, low = max(known), min(known)
        summary = (
            f"Of {total.assessments} assessments in {period}, the measure met most "
            f"often was “{high[1]}” ({high[0]:.0f}%) and the least often “{low[1]}” "
            f"({low[0]:.0f}%)."
        )
    else:
        summary = f"There are no assessments with these measures in {period}."
    rows = tuple(
        (
            Entry(i.label),
            Entry(str(total.yes[i.name]), link(f"indicator:{i.name}:yes", None, None)),
            Entry(str(total.no[i.name]), link(f"indicator:{i.name}:no", None, None)),
            Entry(
                str(total.unknown(i.name)),
                link(f"indicator:{i.name}:unknown", None, None),
            ),
            Entry(pct_text(s)),
        )
        for i, s in zip(INDICATORS, shares, strict=True)
    )
    title = "How often each measure was met"
    labels = tuple(i.label for i in INDICATORS)
    return Panel(
        "measures",
        title,
        summary,
        _chart(
            "shares",
            "measures",
            title,
            summary,
            labels,
            tuple(shares),
            "Percent of assessments where the record can tell",
        ),
        f"Each measure in {period}: yes, no, and where the record cannot tell",
        ("Measure", "Yes", "No", "Cannot tell", "Yes, of those that can tell"),
        rows,
    )


def trend_panel(figures: Figures, name: str, link: Linker) -> Panel:
    """One measure, month by month."""
    indicator = BY_NAME[name]
    months = figures.scope.months
    cells = [figures.month(m) for m in months]
    values = [pct(c.yes[name], c.yes[name] + c.no[name]) for c in cells]
    known = [(v, m) for v, m in zip(values, months, strict=True) if v is not None]
    title = f"Month by month: {indicator.label}"
    if len(known) >= 2:
        summary = (
            f"“{indicator.label}” was {known[0][0]:.0f}% in "
            f"{known[0][1]:%B %Y} and {known[-1][0]:.0f}% in {known[-1][1]:%B %Y}."
        )
    else:
        summary = f"There are too few months with data to show a trend for “{indicator.label}”."
    rows = tuple(
        (
            Entry(month_short(m)),
            Entry(str(c.assessments), link("all", m, None)),
            Entry(str(c.yes[name]), link(f"indicator:{name}:yes", m, None)),
            Entry(str(c.no[name]), link(f"indicator:{name}:no", m, None)),
            Entry(pct_text(v)),
        )
        for m, c, v in zip(months, cells, values, strict=True)
    )
    x = tuple(month_short(m) for m in months)
    return Panel(
        "trend",
        title,
        summary,
        _chart(
            "lines",
            "trend",
            title,
            summary,
            x,
            ((indicator.label, tuple(values)),),
            "Percent yes",
        ),
        f"{indicator.label}, by month",
        ("Month", "Assessments", "Yes", "No", "Yes, of those that can tell"),
        rows,
    )


def own_words_panel(figures: Figures, period: str, link: Linker) -> Panel:
    """How the share of entries in the person's own words is spread."""
    counts = figures.total.own_words
    counted = sum(counts)
    title = "Entries in the person's own words"
    if counted:
        most = max(range(len(counts)), key=lambda b: counts[b])
        summary = (
            f"In {counted} assessments with entries in {period}, the most common "
            f"share in the person's own words was “{OWN_WORDS_BANDS[most]}” "
            f"({counts[most]} assessments)."
        )
    else:
        summary = f"No assessment in {period} has entries yet."
    rows = tuple(
        (Entry(band), Entry(str(n), link(f"own_words:{b}", None, None)))
        for b, (band, n) in enumerate(zip(OWN_WORDS_BANDS, counts, strict=True))
    )
    return Panel(
        "own-words",
        title,
        summary,
        _chart(
            "bars",
            "own-words",
            title,
            summary,
            OWN_WORDS_BANDS,
            (("Assessments", tuple(counts)),),
            "Assessments",
        ),
        f"Assessments by the share of entries in the person's own words, {period}",
        ("Share in the person's own words", "Assessments"),
        rows,
    )


def sources_of(figures: Figures) -> list[str]:
    """The sources to show apart: the chosen one, else ED and ward (and other
    when there is any)."""
    if figures.scope.source:
        return [figures.scope.source]
    shown = [Source.EMERGENCY_DEPARTMENT.value, Source.WARD.value]
    if figures.source(Source.OTHER.value).assessments:
        shown.append(Source.OTHER.value)
    return shown


def _met(cell: Cell) -> tuple[int, int]:
    return cell.yes["within_standard"], cell.no["within_standard"]


def _response_table(
    figures: Figures, sources: list[str], link: Linker
) -> tuple[tuple[tuple[Entry, ...], ...], tuple[str, ...]]:
    """Per month, for each source: seen in time of those seen, and seen late."""
    rows = []
    for m in figures.scope.months:
        row = [Entry(month_short(m))]
        for source in sources:
            met, missed = _met(figures.source(source, m))
            row += [
                Entry(
                    f"{met} of {met + missed} ({pct_text(pct(met, met + missed))})",
                    link("indicator:within_standard:yes", m, source),
                ),
                Entry(str(missed), link("indicator:within_standard:no", m, source)),
            ]
        rows.append(tuple(row))
    head = ["Month"]
    for s in sources:
        head += [f"{SOURCE_LABELS[s]}: seen in time", f"{SOURCE_LABELS[s]}: seen late"]
    return tuple(rows), tuple(head)


def response_panel(figures: Figures, period: str, link: Linker) -> Panel:
    """The share seen within the standard, by month and source, with breaches."""
    months = figures.scope.months
    sources = sources_of(figures)
    series = []
    parts = []
    for source in sources:
        values = []
        for m in months:
            met, missed = _met(figures.source(source, m))
            values.append(pct(met, met + missed))
        series.append((SOURCE_LABELS[source], tuple(values)))
        met, missed = _met(figures.source(source))
        parts.append(
            f"{SOURCE_LABELS[source].lower()} {pct_text(pct(met, met + missed))} "
            f"({missed} seen later than the standard)"
        )
    title = "Seen within the response standard"
    summary = (
        f"In {period}, the share seen within the standard was: "
        + "; ".join(parts)
        + "."
    )
    rows, head = _response_table(figures, sources, link)
    x = tuple(month_short(m) for m in months)
    return Panel(
        "response",
        title,
        summary,
        _chart(
            "lines",
            "response",
            title,
            summary,
            x,
            tuple(series),
            "Percent seen within the standard",
        ),
        f"Seen within the standard, by month and source, {period}",
        head,
        rows,
    )


def waits_panel(figures: Figures, period: str, link: Linker) -> Panel:
    """How long people waited for first contact, against the standard, by source."""
    sources = sources_of(figures)
    counts = {s: figures.source(s).waits for s in sources}
    late = {s: counts[s][2] + counts[s][3] for s in sources}
    title = "Time to first face-to-face contact"
    summary = (
        f"In {period}, seen later than the standard: "
        + "; ".join(
            f"{SOURCE_LABELS[s].lower()} {late[s]} of {sum(counts[s])}" for s in sources
        )
        + "."
    )
    rows = tuple(
        (
            Entry(band),
            *(Entry(str(counts[s][b]), link(f"wait:{b}", None, s)) for s in sources),
        )
        for b, band in enumerate(WAIT_BANDS)
    )
    return Panel(
        "waits",
        title,
        summary,
        _chart(
            "bars",
            "waits",
            title,
            summary,
            WAIT_BANDS,
            tuple((SOURCE_LABELS[s], tuple(counts[s])) for s in sources),
            "Assessments",
        ),
        f"Time to first contact against the standard, by source, {period}",
        ("Time to first contact", *(SOURCE_LABELS[s] for s in sources)),
        rows,
    )


def panels(figures: Figures, period: str, measure: str, link: Linker) -> list[Panel]:
    """Every panel of the dashboard, in order."""
    return [
        measures_panel(figures, period, link),
        trend_panel(figures, measure, link),
        own_words_panel(figures, period, link),
        response_panel(figures, period, link),
        waits_panel(figures, period, link),
    ]


def period_words(first: dt.date, last: dt.date) -> str:
    """'April 2026 to March 2027', or 'March 2027' for one month."""
    if first == last:
        return f"{first:%B %Y}"
    return f"{first:%B %Y} to {last:%B %Y}"


def linker(base: str, query: dict[str, str], allowed: bool) -> Linker:
    """Links to `base` (the list of assessments) with the scope's `query` and
    the figure, month and source; none when the viewer may not open records."""
    scope_source = query.get("source", "")
    start = f"{base}?{urlencode({k: v for k, v in query.items() if k != 'source'})}"

    def link(figure: str, month: dt.date | None, source: str | None) -> str | None:
        if not allowed:
            return None
        found = f"{start}&figure={quote(figure)}&source={source or scope_source}"
        return found + (f"&month={month.isoformat()[:7]}" if month else "")

    return link


def _high(d: Distribution | None) -> tuple[float | None, str]:
    """The share who said mostly or completely, and it in words (or why not)."""
    if d is None:
        return None, "Not shown: fewer than 5 answers"
    high = d.counts[3] + d.counts[4]
    return pct(
        high, d.answers
    ), f"{high} of {d.answers} ({pct_text(pct(high, d.answers))})"


def values_panel(summary: ReflectionSummary, period: str) -> Panel:
    """Staff beside people with lived experience, per value: the share who said
    the work lived it mostly or completely."""
    rows, staff, lived, gaps = [], [], [], []
    for v in summary.values:
        (s, s_words), (lv, l_words) = _high(v.staff), _high(v.lived)
        staff.append(s)
        lived.append(lv)
        rows.append((Entry(v.name), Entry(s_words), Entry(l_words)))
        if s is not None and lv is not None:
            gaps.append((abs(s - lv), v.name, s, lv))
    title = "Values: staff and people with lived experience"
    if gaps:
        gap, name, s, lv = max(gaps)
        summary_text = (
            f"In {period}, staff and people with lived experience saw “{name}” "
            f"most differently: {s:.0f}% of staff and {lv:.0f}% of people with "
            "lived experience said the work lived it mostly or completely."
        )
    else:
        summary_text = (
            f"In {period}, too few reflections to compare staff and people with "
            "lived experience: each figure needs at least 5 answers."
        )
    labels = tuple(v.name for v in summary.values)
    return Panel(
        "values",
        title,
        summary_text,
        _chart(
            "paired",
            "values",
            title,
            summary_text,
            labels,
            (("Staff", tuple(staff)), ("Lived experience", tuple(lived))),
            "Percent who said mostly or completely",
        ),
        f"Said mostly or completely, by value, {period}",
        ("Value", "Staff", "Lived experience"),
        tuple(rows),
    )


def ladder_panel(summary: ReflectionSummary, period: str) -> Panel:
    """Where staff and people with lived experience placed the work on the ladder."""
    rows = tuple(
        (
            Entry(r.rung["name"]),
            Entry("Not shown: fewer than 5" if r.staff is None else str(r.staff)),
            Entry("Not shown: fewer than 5" if r.lived is None else str(r.lived)),
        )
        for r in summary.rungs
    )
    title = "Ladder of participation: staff and people with lived experience"
    shown = [(r.staff or 0) + (r.lived or 0) for r in summary.rungs]
    if any(shown):
        top = summary.rungs[max(range(len(shown)), key=lambda i: shown[i])]
        summary_text = (
            f"In {period}, the rung chosen most often was “{top.rung['name']}”; "
            "rungs with fewer than 5 placements in a group are not shown."
        )
    else:
        summary_text = (
            f"In {period}, too few placements on the ladder to show: each "
            "figure needs at least 5."
        )
    return Panel(
        "ladder",
        title,
        summary_text,
        _chart(
            "bars",
            "ladder",
            title,
            summary_text,
            tuple(r.rung["name"] for r in summary.rungs),
            (
                ("Staff", tuple(r.staff or 0 for r in summary.rungs)),
                ("Lived experience", tuple(r.lived or 0 for r in summary.rungs)),
            ),
            "Placements",
        ),
        f"Placements on the ladder, {period}",
        ("Rung", "Staff", "Lived experience"),
        rows,
    )


def reflection_panels(summary: ReflectionSummary, period: str) -> list[Panel]:
    """The reflections part of the dashboard, from `queries.summarise_reflections`
    (which has already withheld every figure from fewer than 5 answers): values
    and ladder placements, staff beside lived experience. Reflections are
    private, so these figures link to no one."""
    if not (summary.reflections.get("staff") or summary.reflections.get("lived")):
        return []
    return [values_panel(summary, period), ladder_panel(summary, period)]
