"""Who may open a person's record, and each record that belongs to it.

A person's details (and their supporters) are open to clinical staff whose team
has a relationship with the person: the team registered them, or another app
says it knows them (`people.registry`: referrals registers a referral that is
open or closed within RELATIONSHIP_DAYS_AFTER_REFERRAL).

A record a team owns (a referral, an assessment and everything in it: entries,
decisions, the plan, the person's copy) is open only to that team's clinical
staff. A relationship with the person is not enough: anyone can create one by
filing a referral, so it never opens another team's records.

Anyone else must break glass: give a reason, which is logged and reviewed by
their team lead. Breaking glass lets them read, never change, for
BREAK_GLASS_MINUTES.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from enum import StrEnum
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from coassess.accesslog.models import Action, BreakGlassGrant
from coassess.accesslog.services import record_access
from coassess.accounts.access import require_role
from coassess.accounts.models import CLINICAL_ROLES, Team, User
from coassess.core.access import declare
from coassess.core.exceptions import DomainError
from coassess.core.text import clean_reason
from coassess.people.models import Person
from coassess.people.registry import relationship_tests

T = TypeVar("T")

READS = ("GET", "HEAD")


class Grounds(StrEnum):
    TEAM = "team"
    BREAK_GLASS = "break_glass"


def team_has_relationship(team: Team, person: Person) -> bool:
    """The team registered the person, or a registered test says it knows them
    (referrals: it holds a recent referral for them)."""
    if person.registered_by_team_id == team.pk:
        return True
    return any(test(team, person) for test in relationship_tests())


def active_grant(user: User, person: Person) -> BreakGlassGrant | None:
    return (
        BreakGlassGrant.objects.filter(
            user=user, person=person, expires_at__gt=timezone.now()
        )
        .order_by("-expires_at")
        .first()
    )


def grounds_for_access(
    user: User, person: Person, owner: Team | None = None
) -> Grounds | None:
    """Why `user` may read a record of `person`, or None if they may not.

    `owner` is the team that owns the record (a referral's or an assessment's
    team); None means the person's own details, which go by relationship.
    TEAM grounds allow reading and writing; BREAK_GLASS grounds only reading.
    """
    membership = user.membership
    if membership is None or membership.role not in CLINICAL_ROLES:
        return None
    if owner is None:
        if team_has_relationship(membership.team, person):
            return Grounds.TEAM
    elif owner.pk == membership.team_id:
        return Grounds.TEAM
    if active_grant(user, person) is not None:
        return Grounds.BREAK_GLASS
    return None


@transaction.atomic
def break_glass(*, user: User, person: Person, reason: str) -> BreakGlassGrant:
    membership = user.membership
    if membership is None or membership.role not in CLINICAL_ROLES:
        raise DomainError("Only clinical staff can open a record this way.")
    if not reason.strip():
        raise DomainError("Give a reason for opening this record.")
    reason = clean_reason(reason, what="why you need to see this record", limit=2000)
    now = timezone.now()
    grant = BreakGlassGrant.objects.create(
        user=user,
        team=membership.team,
        person=person,
        reason=reason,
        granted_at=now,
        expires_at=now + timedelta(minutes=settings.BREAK_GLASS_MINUTES),
    )
    record_access(
        user, person, Action.BREAK_GLASS, "person record", person.pk, reason=reason
    )
    return grant


def _without_grounds(
    request: HttpRequest, person: Person, grounds: Grounds | None, owner: Team | None
) -> HttpResponse:
    """A read without grounds goes to break glass; a write gets 403 (PermissionDenied)."""
    if grounds == Grounds.BREAK_GLASS:
        raise PermissionDenied(
            "Breaking glass lets you read this record, not change it."
        )
    if request.method in READS:
        target = reverse("people:break_glass", kwargs={"person_id": person.pk})
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
    raise PermissionDenied(
        "This record belongs to another team."
        if owner
        else "Your team has no relationship with this person."
    )


def record_policy(
    *,
    name: str,
    id_kwarg: str,
    load: Callable[[Any], T],
    person_of: Callable[[T], Person],
    owner_of: Callable[[T], Team] | None = None,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Make a policy for views of one record that belongs to a person.

    The record named by the `id_kwarg` URL argument is loaded and passed to the
    view instead of its id. `owner_of` gives the team that owns the record; its
    clinical staff may use the view. Without `owner_of` (the person's own
    details), staff whose team has a relationship with the person may. Staff
    who broke glass may read (GET, HEAD) but get 403 for anything else.
    Each read is logged; writes are logged by services. Without grounds, a
    read goes to the break-glass page and anything else gets 403.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            require_role(request, CLINICAL_ROLES)
            record = load(kwargs.pop(id_kwarg))
            person = person_of(record)
            user: User = request.user  # type: ignore[assignment]
            owner = owner_of(record) if owner_of else None
            grounds = grounds_for_access(user, person, owner)
            reading = request.method in READS
            if grounds is None or (grounds == Grounds.BREAK_GLASS and not reading):
                return _without_grounds(request, person, grounds, owner)
            request.access_grounds = grounds  # type: ignore[attr-defined]
            if reading:
                record_access(
                    user,
                    person,
                    Action.VIEW,
                    view.__name__.replace("_", " "),
                    getattr(record, "pk", ""),
                    reason="break glass" if grounds == Grounds.BREAK_GLASS else "",
                )
            return view(request, record, *args, **kwargs)

        declare(wrapper, name)
        return wrapper

    return decorator


def _load_person(pk: Any) -> Person:
    return get_object_or_404(Person, pk=pk)


def _same(person: Person) -> Person:
    return person


person_record = record_policy(
    name="person_record", id_kwarg="person_id", load=_load_person, person_of=_same
)
