"""The year generator's fast path writes the same rows as the code before it.

`EXPECTED` was recorded from the generator as it was before rows were built as
tuples and written with COPY or one executemany (when it made model instances
and let Django prepare each value), on SQLite and on PostgreSQL alike: the same
seed gave the same fingerprint on both. The fast path must give it too, on
each database. Should the year itself be changed on purpose (new sentences, a
new table), record the new fingerprint here and say so in the commit.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection, transaction

from coassess.accounts.models import Team, User
from coassess.assessments.models import Assessment, Participant
from coassess.coproduction.measures import measure_many
from coassess.coproduction.models import MeasureSummary
from coassess.coproduction.summary import INDICATORS, summary_row
from coassess.demo import bulk, synthetic_people, synthetic_year
from coassess.people.models import Person
from coassess.referrals.models import Referral
from tests.demo.year_fingerprint import fingerprint

EXPECTED_COUNTS = {
    "assessment": 120,
    "participant": 331,
    "contribution": 599,
    "concern": 179,
    "decision": 110,
    "plan": 110,
    "contingency": 110,
    "contact": 143,
    "confirmation": 69,
    "summary": 120,
}
EXPECTED_DIGEST = "180a79a3014be22c435b61e313b6fb983a1ac3d7be9761b92a671886c65fc4d3"


def test_the_fast_path_writes_the_rows_it_wrote_before(
    team: Team, clinician: User
) -> None:
    synthetic_people.generate_people(
        team=team, registered_by=clinician, count=40, seed=3
    )
    synthetic_year.generate_year(team=team, count=120, seed=3, batch_size=50)

    found = fingerprint(team)
    assert found["counts"] == EXPECTED_COUNTS
    assert found["digest"] == EXPECTED_DIGEST, connection.vendor
    # A sample of summary rows against the measures read back from the record.
    sample = list(
        Assessment.objects.filter(team=team)
        .select_related("referral", "person")
        .order_by("started_at")[::10]
    )
    measured = measure_many(sample)
    names = ["source", "month", "own_words_band", "wait_band"]
    names += [i.name for i in INDICATORS]
    for a in sample:
        stored = MeasureSummary.objects.get(assessment=a)
        fresh = summary_row(a, measured[a.pk])
        assert [getattr(stored, n) for n in names] == [getattr(fresh, n) for n in names]


def test_rows_come_back_as_django_stores_them(
    team: Team, clinician: User, person: Person
) -> None:
    """UUIDs, times (one in the hour the clocks change) and empty values are
    read back by the ORM as they were written, on either database."""
    when = dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC)
    ref, one = uuid.uuid4(), uuid.uuid4()
    with transaction.atomic():
        bulk.write_rows(
            Referral,
            [
                (ref, when, person.pk, team.pk, "ward", "", "Ward 3", "Bed 2",
                 "Dr A", "ext 1", "Low mood", "urgent", when, 1440, when, None, "",
                 clinician.pk, 1)
            ],
        )  # fmt: skip
        bulk.write_rows(
            Assessment,
            [(one, when, ref, person.pk, team.pk, "signed", when, clinician.pk, "")],
        )
    got = Assessment.objects.select_related("referral").get(pk=one)
    assert got.referral_id == ref and got.started_at == when
    assert got.referral.first_seen_at == when and got.referral.closed_at is None
    assert (got.referral.ward, got.referral.department) == ("Ward 3", "")
    assert got.started_by == clinician and got.referral.recorded_by == clinician


def test_a_model_that_changed_is_refused_before_anything_is_written() -> None:
    with pytest.raises(RuntimeError, match="update the generator"):
        bulk.check_columns(Participant, ("id", "created_at", "assessment_id"))
    bulk.check_columns(Participant, bulk.columns(Participant))
