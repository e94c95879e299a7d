"""Recording referrals and the first face-to-face contact."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from coassess.accesslog.models import Action
from coassess.accesslog.services import record_access
from coassess.accounts.models import Team, User
from coassess.core.exceptions import DomainError
from coassess.people.models import Person
from coassess.referrals.models import Referral, Source, Urgency

REFERRAL_FIELDS = (
    "source",
    "department",
    "ward",
    "bed",
    "referrer_name",
    "referrer_contact",
    "reason",
    "urgency",
    "received_at",
)


def response_minutes_for(team: Team, source: str, urgency: str) -> int:
    """The team's standard for this referral: ED, or ward; 'other' follows its urgency."""
    if source == Source.EMERGENCY_DEPARTMENT:
        return team.ed_response_minutes
    if source == Source.WARD:
        return team.ward_response_minutes
    return (
        team.ed_response_minutes
        if urgency == Urgency.EMERGENCY
        else team.ward_response_minutes
    )


@transaction.atomic
def record_referral(*, actor: User, person: Person, data: dict[str, Any]) -> Referral:
    membership = actor.membership
    if membership is None:
        raise DomainError("You need to be in a team to record a referral.")
    received_at = data.get("received_at") or timezone.now()
    if received_at > timezone.now() + dt.timedelta(minutes=1):
        raise DomainError("The time the referral was received cannot be in the future.")
    values = {f: data[f] for f in REFERRAL_FIELDS if f in data}
    values["received_at"] = received_at
    referral = Referral(
        **values,
        person=person,
        team=membership.team,
        recorded_by=actor,
        response_minutes=response_minutes_for(
            membership.team, values["source"], values["urgency"]
        ),
    )
    referral.full_clean()
    referral.save()
    record_access(actor, person, Action.CREATE, "referral", referral.pk)
    return referral


@transaction.atomic
def record_first_seen(*, actor: User, referral: Referral, at: dt.datetime) -> Referral:
    """Stop the clock at the first face-to-face contact (once; later calls keep the first)."""
    if at > timezone.now() + dt.timedelta(minutes=1):
        raise DomainError("The time you first saw them cannot be in the future.")
    if at < referral.received_at:
        raise DomainError(
            "The time you first saw them cannot be before the referral arrived."
        )
    updated = Referral.objects.filter(
        pk=referral.pk, first_seen_at__isnull=True
    ).update(first_seen_at=at)
    if updated:
        record_access(
            actor, referral.person, Action.UPDATE, "referral first seen", referral.pk
        )
    referral.refresh_from_db()
    return referral


@transaction.atomic
def close_referral(*, actor: User, referral: Referral, outcome: str) -> Referral:
    if not outcome.strip():
        raise DomainError("Say what happened with this referral before closing it.")
    updated = Referral.objects.filter(pk=referral.pk, closed_at__isnull=True).update(
        closed_at=timezone.now(), outcome=outcome.strip()
    )
    if not updated:
        raise DomainError("This referral is already closed.")
    record_access(actor, referral.person, Action.UPDATE, "referral closed", referral.pk)
    referral.refresh_from_db()
    return referral
