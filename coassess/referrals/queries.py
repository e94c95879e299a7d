"""Reads of referrals that views share."""

from __future__ import annotations

from django.db.models import QuerySet

from coassess.accounts.models import Team
from coassess.people.models import Person
from coassess.referrals.models import Referral


def open_referrals(team: Team) -> QuerySet[Referral]:
    """The team's open referrals with their people and any assessment, in one query."""
    return Referral.objects.filter(team=team, closed_at__isnull=True).select_related(
        "person", "assessment"
    )


def referrals_for_person(person: Person) -> list[Referral]:
    """Every referral of this person, newest first, with its team and any assessment."""
    return list(
        Referral.objects.filter(person=person)
        .select_related("team", "assessment")
        .order_by("-received_at")
    )


def open_referrals_for_person(team: Team, person: Person) -> list[Referral]:
    return list(
        Referral.objects.filter(team=team, person=person, closed_at__isnull=True)
    )
