"""A year of finished assessments in bulk: spread over twelve months, getting
better as the year goes, with a measure summary that is exactly what the
measures read from the record; and the demo's year, added once."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command

from coassess.accesslog.models import AccessEvent
from coassess.accounts.models import Team, User
from coassess.assessments.models import Assessment
from coassess.coproduction.measures import measure_many
from coassess.coproduction.models import MeasureSummary
from coassess.coproduction.summary import INDICATORS, summary_row
from coassess.demo import synthetic_people, synthetic_year


@pytest.fixture
def people(team: Team, clinician: User) -> int:
    return synthetic_people.generate_people(
        team=team, registered_by=clinician, count=40, seed=3
    )


def test_a_year_spreads_over_twelve_months_with_its_summary(
    team: Team, people: int
) -> None:
    batches: list[int] = []
    written = synthetic_year.generate_year(
        team=team, count=120, seed=3, batch_size=50, on_batch=batches.append
    )
    assert written == 120 and batches == [50, 50, 20]
    assessments = list(
        Assessment.objects.filter(team=team).select_related("referral", "person")
    )
    assert len(assessments) == 120
    months = {s.month for s in MeasureSummary.objects.all()}
    assert 12 <= len(months) <= 13
    # Nothing written in the access log: no member of staff did any of it.
    assert not AccessEvent.objects.exists()
    # Each stored row is what the measures read from the record now.
    measured = measure_many(assessments)
    fields = ["source", "month", "own_words_band", "wait_band"] + [
        i.name for i in INDICATORS
    ]
    for a in assessments:
        stored = MeasureSummary.objects.get(assessment=a)
        fresh = summary_row(a, measured[a.pk])
        assert [getattr(stored, f) for f in fields] == [
            getattr(fresh, f) for f in fields
        ]


def test_the_year_gets_better_as_it_goes(team: Team, people: int) -> None:
    synthetic_year.generate_year(team=team, count=400, seed=5)
    rows = list(MeasureSummary.objects.order_by("month"))
    first, last = rows[:100], rows[-100:]

    def share(rows: list[Any], name: str) -> float:
        return sum(1 for r in rows if getattr(r, name)) / len(rows)

    assert share(last, "peer_worker_took_part") > share(first, "peer_worker_took_part")
    assert share(last, "within_standard") >= share(first, "within_standard")


def test_the_demo_year_is_added_once(team: Team, clinician: User) -> None:
    added = synthetic_year.load_demo_year(team)
    assert added == synthetic_year.DEMO_YEAR_ASSESSMENTS
    assert synthetic_year.load_demo_year(team) == 0
    assert Assessment.objects.filter(team=team).count() == added


def test_generate_says_what_it_needs(team: Team, clinician: User) -> None:
    with pytest.raises(CommandError, match="synthetic people first"):
        call_command("generate", "--team", team.name, "--year", "5", verbosity=0)
    with pytest.raises(CommandError, match="--year must be 0 or more"):
        call_command("generate", "--team", team.name, "--year", "-1", verbosity=0)
