"""Which assessments a view must measure is kept as it happens (`SummaryDue`,
written by triggers), so the dashboard finds them without reading the whole
year: a new assessment is due, a deleted summary row makes its assessment due,
and a refresh writes the rows of those in its scope and clears only what it
read."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coassess.accounts.models import User
from coassess.assessments.models import Assessment
from coassess.coproduction import dashboard, summary
from coassess.coproduction.models import MeasureSummary, SummaryDue
from tests.coproduction.helpers import make_assessment


def due() -> set[Any]:
    return set(SummaryDue.objects.values_list("assessment_id", flat=True))


def scope_of(a: Assessment, **kw: Any) -> dashboard.Scope:
    month = summary.month_of(a.referral.received_at)
    return dashboard.Scope(team=a.team, start=month, end=month, **kw)


@pytest.fixture
def two(clinician: User) -> list[Assessment]:
    return [
        make_assessment(clinician, 1, source="ed"),
        make_assessment(clinician, 2, source="ward"),
    ]


def test_a_new_assessment_is_due_until_a_view_measures_it(
    two: list[Assessment],
) -> None:
    assert due() == {two[0].pk, two[1].pk}
    assert not MeasureSummary.objects.exists()

    assert dashboard.refresh(scope_of(two[0])) == 2
    assert due() == set()
    assert MeasureSummary.objects.count() == 2
    # Nothing left to do: a second view writes nothing.
    assert dashboard.refresh(scope_of(two[0])) == 0


def test_a_deleted_summary_row_makes_its_assessment_due(
    two: list[Assessment],
) -> None:
    dashboard.refresh(scope_of(two[0]))
    MeasureSummary.objects.filter(assessment=two[1]).delete()
    assert due() == {two[1].pk}
    assert dashboard.refresh(scope_of(two[0])) == 1
    assert MeasureSummary.objects.filter(assessment=two[1]).exists()
    assert due() == set()


def test_only_the_scope_is_measured_and_the_rest_stay_due(
    two: list[Assessment],
) -> None:
    # Only the ward's, of the two.
    assert dashboard.refresh(scope_of(two[0], source="ward")) == 1
    assert set(MeasureSummary.objects.values_list("assessment_id", flat=True)) == {
        two[1].pk
    }
    assert due() == {two[0].pk}
    # A month with neither leaves both as they are.
    month = summary.month_of(two[0].referral.received_at)
    earlier = (month - dt.timedelta(days=1)).replace(day=1)
    empty = dashboard.Scope(team=two[0].team, start=earlier, end=earlier)
    assert dashboard.refresh(empty) == 0
    assert due() == {two[0].pk}


def test_an_assessment_not_due_is_not_looked_for(two: list[Assessment]) -> None:
    """What makes it fast: the view reads the due rows, not every assessment.
    (An assessment with no row and nothing due cannot happen: the triggers
    note every one; here the note is removed by hand to show it is relied on.)"""
    SummaryDue.objects.filter(assessment_id=two[0].pk).delete()
    with CaptureQueriesContext(connection) as queries:
        assert dashboard.refresh(scope_of(two[0])) == 1
    assert not MeasureSummary.objects.filter(assessment=two[0]).exists()
    first = queries.captured_queries[0]["sql"]
    assert "coproduction_summarydue" in first and "assessments_assessment" not in first


def test_no_assessment_is_without_both_a_summary_row_and_a_due_row(
    two: list[Assessment],
) -> None:
    """The rule the migration's seed follows, and the triggers keep: no
    assessment is without both a summary row and a due row."""
    dashboard.refresh(scope_of(two[0], source="ed"))
    lacking = set(
        summary.missing(Assessment.objects.all()).values_list("pk", flat=True)
    )
    assert lacking == {two[1].pk} and lacking <= due()
