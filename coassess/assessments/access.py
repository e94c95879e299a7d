"""Who may open an assessment: the clinical staff of the team that owns it
(or, to read only, anyone who broke glass for its person)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Model, UUIDField
from django.http import Http404

from coassess.accounts.models import Team, User
from coassess.assessments.models import Assessment
from coassess.core.prepared import Prepared, columns, joined, related_columns
from coassess.people.access import record_policy
from coassess.people.models import Person
from coassess.referrals.models import Referral

# The assessment with its person, referral, team and who started it, in one
# query compiled once per connection (`core.prepared`): every page of an
# assessment loads it.
RELATED: dict[str, type[Model]] = {
    "person": Person,
    "referral": Referral,
    "team": Team,
}
STARTED_BY = ("started_by__first_name", "started_by__last_name", "started_by__username")


LOAD = Prepared(
    lambda pk: Assessment.objects.filter(pk=pk).values_list(
        *columns(Assessment),
        *(c for name, model in RELATED.items() for c in related_columns(name, model)),
        *STARTED_BY,
    ),
    UUIDField(),
)


def _load(pk: Any) -> Assessment:
    """The assessment `pk` (a UUID) with its person, referral, team and
    starter (their names) attached; Http404 if there is none."""
    found = LOAD.rows(pk) if isinstance(pk, UUID) else []
    if not found:
        raise Http404("No such assessment.")
    row = found[0]
    (assessment,) = joined(Assessment, [row], RELATED)
    start = len(columns(Assessment)) + sum(
        len(model._meta.concrete_fields) for model in RELATED.values()
    )
    assessment.started_by = User.from_db(
        "default",
        ["id", "first_name", "last_name", "username"],
        (assessment.started_by_id, *row[start:]),
    )
    return assessment


def _team(assessment: Assessment) -> Team:
    return assessment.team


def _person(assessment: Assessment) -> Person:
    return assessment.person


assessment_record = record_policy(
    name="assessment_record",
    id_kwarg="assessment_id",
    load=_load,
    person_of=_person,
    owner_of=_team,
)
