from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from coassess.accesslog.models import AccessEvent, BreakGlassGrant
from coassess.accounts.models import Team


def team_events(team: Team, filters: dict[str, Any]) -> QuerySet[AccessEvent]:
    """Everything the team's staff did to people's records, newest first."""
    events = AccessEvent.objects.filter(actor_team=team).select_related(
        "actor", "person"
    )
    if filters.get("action"):
        events = events.filter(action=filters["action"])
    if filters.get("staff"):
        events = events.filter(actor__username__iexact=filters["staff"])
    tz = timezone.get_current_timezone()
    if filters.get("date_from"):
        events = events.filter(
            at__gte=dt.datetime.combine(filters["date_from"], dt.time.min, tz)
        )
    if filters.get("date_to"):
        events = events.filter(
            at__lt=dt.datetime.combine(
                filters["date_to"] + dt.timedelta(days=1), dt.time.min, tz
            )
        )
    return events


def team_grants(team: Team) -> QuerySet[BreakGlassGrant]:
    return BreakGlassGrant.objects.filter(team=team).select_related(
        "user", "person", "reviewed_by"
    )
