"""Reads of referrals that views share."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple
from uuid import UUID

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from coassess.accounts.models import Team
from coassess.people.models import Person
from coassess.referrals.models import Referral


class BoardItem(NamedTuple):
    """What the team board shows of one open referral, and nothing more: a
    named tuple, quicker to make than a model instance, 200 at a time."""

    referral_id: UUID
    person_id: UUID
    given_name: str
    preferred_name: str
    family_name: str
    pronouns: str
    birth_year: int | None
    birth_month: int | None
    birth_day: int | None
    estimated_age: int | None
    age_estimated_on: dt.date | None
    nhs_number: str
    source: str
    department: str
    ward: str
    bed: str
    urgency: str
    received_at: dt.datetime
    response_minutes: int
    first_seen_at: dt.datetime | None
    assessment_id: UUID | None


def board_items(team: Team) -> list[BoardItem]:
    """The team's open referrals for the board, in one query of only the columns
    it shows: with 200 open, making full model instances was a third of the page."""
    rows = Referral.objects.filter(team=team, closed_at__isnull=True).values_list(
        "pk",
        "person_id",
        "person__given_name",
        "person__preferred_name",
        "person__family_name",
        "person__pronouns",
        "person__birth_year",
        "person__birth_month",
        "person__birth_day",
        "person__estimated_age",
        "person__age_estimated_on",
        "person__nhs_number",
        "source",
        "department",
        "ward",
        "bed",
        "urgency",
        "received_at",
        "response_minutes",
        "first_seen_at",
        "assessment__id",
    )
    return [BoardItem._make(row) for row in rows]


def referrals_for_person(person: Person) -> list[Referral]:
    """Every referral of this person, newest first, with its team and any assessment."""
    return list(
        Referral.objects.filter(person=person)
        .select_related("team", "assessment")
        .order_by("-received_at")
    )


def team_refers(team: Team, person: Person) -> bool:
    """The team holds a referral for the person that is open, or closed within
    RELATIONSHIP_DAYS_AFTER_REFERRAL: its relationship with them (people.access)."""
    since = timezone.now() - dt.timedelta(
        days=settings.RELATIONSHIP_DAYS_AFTER_REFERRAL
    )
    return (
        Referral.objects.filter(team=team, person=person)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=since))
        .exists()
    )


def open_referrals_received(team: Team, person: Person) -> list[dt.datetime]:
    """When each of the team's open referrals for the person arrived."""
    return list(
        Referral.objects.filter(
            team=team, person=person, closed_at__isnull=True
        ).values_list("received_at", flat=True)
    )


def ever_referred(team: Team) -> QuerySet[Referral, Any]:
    """The ids of everyone ever referred to the team, as a subquery: whose
    records the lead watches for access from outside (accesslog.queries)."""
    return Referral.objects.filter(team=team).values("person_id")
