"""The indicators the dashboards and the research export count, each read once
from an assessment's measures, and the summary rows that hold them.

An indicator is a yes or no question about one assessment ("Did the person's
voice appear in the record?"), answered True, False or None (the record cannot
tell, or the question does not apply: no decisions, no plan yet). It is a plain
reading of `measures.AssessmentMeasures`; docs/coproduction-measures.md says
what each measure means and its limits, under the measure's own name.

`refresh(assessments)` writes the missing summary rows of those assessments
from the record, in batches of BATCH through `measures.measure_many`; the
access-log trigger (`coproduction.triggers.STALE`) deletes rows when a record
changes, and the due triggers (`triggers.DUE`) note each assessment left
without a row, so `refresh` finds them without reading the whole year.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from uuid import UUID
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet

from coassess.assessments.models import Assessment
from coassess.coproduction.measures import AssessmentMeasures, measure_many
from coassess.coproduction.models import MeasureSummary, MonthCount, SummaryDue

BATCH = 500

M = AssessmentMeasures


def _applies(value: bool | None, condition: bool) -> bool | None:
    return value if condition else None


@dataclass(frozen=True)
class Indicator:
    """One yes-or-no question, its column in MeasureSummary, and how it is read
    from the measures (None: does not apply, or cannot tell)."""

    name: str
    label: str  # what "yes" means, for a chart's axis and a table's row
    read: Callable[[M], bool | None]


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "person_heard", "The person's voice is in the record", lambda m: m.person_heard
    ),
    Indicator(
        "supporters_took_part", "Supporters took part", lambda m: m.supporters > 0
    ),
    Indicator(
        "peer_worker_took_part",
        "A peer support worker took part",
        lambda m: m.peer_workers > 0,
    ),
    Indicator(
        "interpreter_present",
        "An interpreter took part, when needed",
        lambda m: m.interpreter_present,
    ),
    Indicator(
        "concerns_agreed",
        "Every concern was agreed",
        lambda m: _applies(m.concerns_agreed == m.concerns, m.concerns > 0),
    ),
    Indicator(
        "concerns_answered",
        "The plan answers every agreed concern",
        lambda m: _applies(
            m.agreed_concerns_answered == m.concerns_agreed,
            m.agreed_concerns_answered is not None and m.concerns_agreed > 0,
        ),
    ),
    Indicator(
        "person_gave_positions",
        "The person gave a view on every decision",
        lambda m: _applies(
            m.decisions_person_gave_position == m.decisions, m.decisions > 0
        ),
    ),
    Indicator(
        "reason_when_not_followed",
        "A reason is given wherever the person's view did not prevail",
        lambda m: _applies(
            m.person_not_prevailed_with_reason == m.person_not_prevailed,
            m.person_not_prevailed > 0,
        ),
    ),
    Indicator(
        "dissent_held",
        "Disagreement is held beside every outcome it followed",
        lambda m: _applies(
            m.dissent_held == m.decisions_with_dissent, m.decisions_with_dissent > 0
        ),
    ),
    Indicator(
        "individualised", "The plan is individualised", lambda m: m.individualised
    ),
    Indicator(
        "strengths_recorded", "Strengths are recorded", lambda m: m.strengths > 0
    ),
    Indicator(
        "contingency_complete",
        "The crisis plan is complete",
        lambda m: m.contingency_complete,
    ),
    Indicator(
        "person_confirmed",
        "The person confirmed the plan or recorded disagreement",
        lambda m: m.person_confirmed_or_disagreed,
    ),
    Indicator(
        "copy_given",
        "The person's copy was printed or downloaded",
        lambda m: m.copy_printed_or_downloaded,
    ),
    Indicator(
        "capacity_recorded",
        "Capacity for the plan decision is recorded",
        lambda m: _applies(
            m.capacity_for_plan in ("has", "lacks"), m.capacity_for_plan is not None
        ),
    ),
    Indicator(
        "within_standard",
        "Seen within the response standard",
        lambda m: m.within_standard,
    ),
)
BY_NAME = {i.name: i for i in INDICATORS}

# Share of entries in the person's own words, in bands of a fifth:
# 0 is none, 1 is up to 20%, ... 5 is over 80%.
OWN_WORDS_BANDS = (
    "None",
    "1 to 20%",
    "21 to 40%",
    "41 to 60%",
    "61 to 80%",
    "Over 80%",
)
# Time to first contact against the standard.
WAIT_BANDS = (
    "Within half the standard",
    "Within the standard",
    "Up to twice the standard",
    "More than twice the standard",
)


def own_words_band(share: float | None) -> int | None:
    """The band (index into OWN_WORDS_BANDS) of a share from 0 to 1."""
    if share is None:
        return None
    if share == 0:
        return 0
    return min(5, 1 + int((share * 100 - 1e-9) // 20))


def wait_band(minutes: int | None, standard: int) -> int | None:
    """The band (index into WAIT_BANDS) of a wait of `minutes` against `standard`."""
    if minutes is None:
        return None
    if 2 * minutes <= standard:
        return 0
    if minutes <= standard:
        return 1
    return 2 if minutes <= 2 * standard else 3


def month_of(moment: dt.datetime) -> dt.date:
    """The first day of the month `moment` falls in, in the service's time zone."""
    local = moment.astimezone(ZoneInfo(settings.TIME_ZONE))
    return local.date().replace(day=1)


def summary_row(a: Assessment, m: M) -> MeasureSummary:
    """The summary row of assessment `a` (loaded with its referral) from its measures."""
    row = MeasureSummary(
        assessment_id=a.pk,
        team_id=a.team_id,
        person_id=a.person_id,
        source=a.referral.source,
        month=month_of(a.referral.received_at),
        own_words_band=own_words_band(m.own_words_share),
        wait_band=wait_band(m.minutes_to_first_contact, m.standard_minutes),
        minutes_to_first_contact=m.minutes_to_first_contact,
        standard_minutes=m.standard_minutes,
    )
    for indicator in INDICATORS:
        setattr(row, indicator.name, indicator.read(m))
    return row


def missing(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Those of `assessments` with no summary row."""
    return assessments.order_by().exclude(
        Exists(MeasureSummary.objects.filter(assessment_id=OuterRef("pk")))
    )


def _batches(ids: list[UUID]) -> Iterator[list[UUID]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def refresh(assessments: QuerySet[Assessment]) -> int:
    """Write the summary rows missing for `assessments`, measured from the
    record; returns how many were written.

    Only assessments due to be measured (`SummaryDue`, kept by the triggers)
    are looked at: every assessment without a row is one, so the work grows
    with what changed, not with the size of the year. The due rows read of
    those in `assessments` are then deleted, and no others: one added
    meanwhile (a change while this measured) stays for the next view. A row
    written meanwhile by another request is kept (ignore_conflicts)."""
    due: dict[UUID, list[int]] = defaultdict(list)
    for pk, assessment_id in SummaryDue.objects.values_list("pk", "assessment_id"):
        due[assessment_id].append(pk)
    written = 0
    for batch in _batches(list(due)):
        here = list(assessments.filter(pk__in=batch).values_list("pk", flat=True))
        lacking = missing(Assessment.objects.filter(pk__in=here))
        loaded = list(lacking.select_related("referral", "person"))
        if loaded:
            write(loaded)
            written += len(loaded)
        done = [pk for a in here for pk in due[a]]
        SummaryDue.objects.filter(pk__in=done).delete()
    return written


def write(assessments: Iterable[Assessment]) -> None:
    """Measure these assessments (loaded with referral and person) and store their rows."""
    loaded = list(assessments)
    write_measured(loaded, measure_many(loaded))


def write_measured(
    assessments: Iterable[Assessment], measured: dict[UUID, AssessmentMeasures]
) -> None:
    """Store the rows of these assessments (loaded with referral and person)
    from their measures, already taken."""
    rows = [summary_row(a, measured[a.pk]) for a in assessments]
    MeasureSummary.objects.bulk_create(rows, ignore_conflicts=True)
    forget_counts(rows)


def forget_counts(rows: Iterable[MeasureSummary]) -> None:
    """Drop the month counts these summary rows fall in, so those months are
    counted again with them (`dashboard.count`)."""
    combos = {(r.team_id, r.month) for r in rows}
    if combos:
        query = Q()
        for team_id, month in combos:
            query |= Q(team_id=team_id, month=month)
        MonthCount.objects.filter(query).delete()
