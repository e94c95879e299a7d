"""Reads of referrals that views share."""

from __future__ import annotations

from django.db.models import QuerySet

from coassess.accounts.models import Team
from coassess.people.models import Person
from coassess.referrals.models import Referral


def open_referrals(team: Team) -> QuerySet[Referral]:
    """The team's open referrals with their people, in one query (the board's index)."""
    return Referral.objects.filter(team=team, closed_at__isnull=True).select_related(
        "person"
    )


def open_referrals_for_person(team: Team, person: Person) -> list[Referral]:
    return list(
        Referral.objects.filter(team=team, person=person, closed_at__isnull=True)
    )
