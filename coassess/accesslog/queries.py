from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, UUIDField

from coassess.accesslog.models import AccessEvent, BreakGlassGrant, GrantReview
from coassess.accounts.models import Team, User
from coassess.core.middleware import current_request_id
from coassess.core.prepared import Prepared
from coassess.core.wallclock import start_of_day

# Each gives the ids of people a team has a relationship with, as a subquery
# (a values("pk") queryset). Registered from the apps that know: people (the
# team registered them), referrals (the team holds a referral for them). The
# log sits below both, so it names neither.
KnownPeople = Callable[[Team], QuerySet[Any]]
_KNOWN_PEOPLE: list[KnownPeople] = []


def register_known_people(known: KnownPeople) -> None:
    if known not in _KNOWN_PEOPLE:
        _KNOWN_PEOPLE.append(known)


class Scope:
    TEAM = "team"
    OUTSIDE = "outside"


def team_events(team: Team, filters: dict[str, Any]) -> QuerySet[AccessEvent]:
    """The team lead's log, newest first.

    `filters["scope"]` is Scope.TEAM (the default: everything the team's staff
    did) or Scope.OUTSIDE (everything anyone outside the team did with the
    records of people the team has ever had a relationship with, break glass
    or not). `person` (a Person id), `action`, `staff` (a username),
    `date_from` and `date_to` narrow either.
    """
    if filters.get("scope") == Scope.OUTSIDE:
        known = [Q(person_id__in=people(team)) for people in _KNOWN_PEOPLE]
        events = (
            AccessEvent.objects.filter(reduce(or_, known)).exclude(actor_team=team)
            if known
            else AccessEvent.objects.none()
        )
    else:
        events = AccessEvent.objects.filter(actor_team=team)
    events = events.select_related("actor", "actor_team", "person")
    if filters.get("person"):
        events = events.filter(person_id=filters["person"])
    if filters.get("action"):
        events = events.filter(action=filters["action"])
    if filters.get("staff"):
        events = events.filter(actor__username__iexact=filters["staff"])
    if filters.get("date_from"):
        events = events.filter(at__gte=start_of_day(filters["date_from"]))
    if filters.get("date_to"):
        events = events.filter(
            at__lt=start_of_day(filters["date_to"] + dt.timedelta(days=1))
        )
    return events


def team_grants(team: Team) -> QuerySet[BreakGlassGrant]:
    return BreakGlassGrant.objects.filter(team=team).select_related("user", "person")


def waiting_grants(team: Team) -> QuerySet[BreakGlassGrant]:
    """The team's grants nobody has reviewed yet, newest first."""
    return team_grants(team).exclude(
        Exists(GrantReview.objects.filter(grant=OuterRef("pk")))
    )


def latest_reviews(team: Team) -> QuerySet[GrantReview]:
    """The newest review of each of the team's grants, newest first, with its grant."""
    newer = GrantReview.objects.filter(
        grant=OuterRef("grant"), reviewed_at__gt=OuterRef("reviewed_at")
    )
    return (
        GrantReview.objects.filter(grant__team=team)
        .exclude(Exists(newer))
        .select_related("reviewed_by", "grant__user", "grant__person")
        .order_by("-reviewed_at")
    )


# Compiled once per connection (`core.prepared`): read on every opening of
# the whole-assessment page.
LAST_LOOKED = Prepared(
    lambda person, actor, what, object_id, request_id: (
        AccessEvent.objects.filter(
            person_id=person,
            actor_id=actor,
            action="view",
            what=what,
            object_id=object_id,
        )
        .exclude(request_id=request_id)
        .order_by("-at", "-id")
        .values_list("at")[:1]
    ),
    UUIDField(),
    UUIDField(),
    CharField(),
    CharField(),
    CharField(),
)


def last_looked(
    actor: User, person_id: Any, what: str, object_id: Any
) -> dt.datetime | None:
    """When `actor` (a member of staff) last read the page `what` (the view's
    name as the record policy logs it, "show assessment") of the record
    `object_id` in `person_id`'s record, before this request; None if never.
    The read this request has just logged is not counted, so "new since you
    last looked" means since their previous visit."""
    found = LAST_LOOKED.rows(
        person_id, actor.pk, what, str(object_id), current_request_id.get()
    )
    return found[0][0] if found else None
