"""Who may open an assessment: the clinical staff of the team that owns it
(or, to read only, anyone who broke glass for its person)."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from coassess.accounts.models import Team
from coassess.assessments.models import Assessment
from coassess.people.access import record_policy
from coassess.people.models import Person


def _load(pk: Any) -> Assessment:
    return get_object_or_404(
        Assessment.objects.select_related("person", "referral", "team"),
        pk=pk,
    )


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
