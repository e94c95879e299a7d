"""Writing to the access log. Every read and write of a person's record calls this.

Call it inside the same transaction as the change it records, so that a change
without its log entry cannot be committed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import models, transaction
from django.utils import timezone

from coassess.accesslog.models import AccessEvent, Action, BreakGlassGrant
from coassess.core.exceptions import DomainError
from coassess.core.middleware import current_request_id

if TYPE_CHECKING:
    from coassess.accounts.models import User

# The person whose record it is (people.Person): the log sits below people,
# so it takes any model and the foreign key checks it is a person.
Person = models.Model


def _event(
    *,
    actor: User | None,
    person: Person | None,
    action: Action,
    what: str,
    object_id: str = "",
    reason: str = "",
) -> AccessEvent:
    membership = actor.membership if actor is not None else None
    return AccessEvent(
        at=timezone.now(),
        actor=actor,
        actor_role=membership.role if membership else "",
        actor_team=membership.team if membership else None,
        person_id=person.pk if person is not None else None,
        action=action,
        what=what,
        object_id=str(object_id),
        request_id=current_request_id.get(),
        reason=reason,
    )


def record_access(
    *,
    actor: User | None,
    person: Person | None,
    action: Action,
    what: str,
    object_id: object = "",
    reason: str = "",
) -> AccessEvent:
    event = _event(
        actor=actor,
        person=person,
        action=action,
        what=what,
        object_id=str(object_id),
        reason=reason,
    )
    event.save()
    return event


def record_listing(*, actor: User, people: Iterable[Person], what: str) -> None:
    """One event per person shown in a list (search results), in one insert."""
    AccessEvent.objects.bulk_create(
        [
            _event(
                actor=actor,
                person=p,
                action=Action.SEARCH,
                what=what,
                object_id=str(p.pk),
            )
            for p in people
        ]
    )


@transaction.atomic
def review_grant(
    *, reviewer: User, grant: BreakGlassGrant, note: str
) -> BreakGlassGrant:
    """A team lead records that they have read a break-glass reason."""
    if grant.reviewed_at is not None:
        raise DomainError("This has already been reviewed.")
    grant.reviewed_by = reviewer
    grant.reviewed_at = timezone.now()
    grant.review_note = note
    grant.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
    record_access(
        actor=reviewer,
        person=grant.person,
        action=Action.REVIEW,
        what="break-glass access",
        object_id=grant.pk,
        reason=note,
    )
    return grant
