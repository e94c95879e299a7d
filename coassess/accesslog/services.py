"""Writing to the access log. Every read and write of a person's record calls this.

Call it inside the same transaction as the change it records, so that a change
without its log entry cannot be committed. Each event is linked into the hash
chain as it is written (`accesslog.chain`); on PostgreSQL that makes writers of
events queue from their first event to the end of their transaction, so a
service records its events after its other writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import models, transaction
from django.utils import timezone

from coassess.accesslog import chain
from coassess.accesslog.models import AccessEvent, Action, BreakGlassGrant, GrantReview
from coassess.core.exceptions import DomainError
from coassess.core.middleware import current_request_id, current_upstream_request_id

if TYPE_CHECKING:
    from coassess.accounts.models import User

# The person whose record it is (people.Person): the log sits below people,
# so it takes any model and the foreign key checks it is a person.
Person = models.Model


def _stamped(event: AccessEvent, actor: User | None) -> AccessEvent:
    """`event` with when it happened, who did it (their role and team at the
    time) and the request it came in."""
    membership = actor.membership if actor is not None else None
    event.at = timezone.now()
    event.actor = actor
    event.actor_role = membership.role if membership else ""
    event.actor_team = membership.team if membership else None
    event.request_id = current_request_id.get()
    event.upstream_request_id = current_upstream_request_id.get()
    return event


def record_access(
    actor: User | None,
    person: Person | None,
    action: Action,
    what: str,
    object_id: object = "",
    *,
    reason: str = "",
) -> AccessEvent:
    """Log that `actor` did `action` to `what` (the record `object_id`) in
    `person`'s record: the one helper every service and access policy calls,
    inside the transaction of what it records. Positional, so each call is one
    line: record_access(actor, person, Action.CREATE, "referral", referral.pk).
    """
    event = AccessEvent(
        person_id=person.pk if person is not None else None,
        action=action,
        what=what,
        object_id=str(object_id),
        reason=reason,
    )
    chain.append([_stamped(event, actor)])
    return event


def record_viewer_access(
    code: models.Model,
    person: Person,
    action: Action,
    what: str,
    object_id: object = "",
) -> AccessEvent:
    """Log that the viewer holding access code `code` (a people.AccessCode:
    the person, or one supporter) did `action` to `what` in `person`'s record,
    from their own device. No staff actor; the role is the viewer's kind
    ("person" or "supporter") and the code is kept, so the person can see which
    of their supporters looked. Call it inside the transaction it records."""
    event = AccessEvent(
        person_id=person.pk,
        action=action,
        what=what,
        object_id=str(object_id),
        viewer_code_id=code.pk,
    )
    _stamped(event, None)
    event.actor_role = "supporter" if getattr(code, "supporter_id", None) else "person"
    chain.append([event])
    return event


def record_listing(*, actor: User, people: Iterable[Person], what: str) -> None:
    """One event per person shown in a list (search results), in one insert."""
    chain.append(
        [
            _stamped(
                AccessEvent(
                    person_id=p.pk, action=Action.SEARCH, what=what, object_id=str(p.pk)
                ),
                actor,
            )
            for p in people
        ]
    )


@transaction.atomic
def review_grant(*, reviewer: User, grant: BreakGlassGrant, note: str) -> GrantReview:
    """A team lead records that they have read a break-glass reason: a new
    review row, and the grant stays as it was. A grant already reviewed is
    refused; two leads reviewing at the same moment both keep their review."""
    if grant.reviews.exists():
        raise DomainError("This has already been reviewed.")
    review = GrantReview.objects.create(
        grant=grant, reviewed_by=reviewer, reviewed_at=timezone.now(), note=note
    )
    record_access(
        reviewer,
        grant.person,
        Action.REVIEW,
        "break-glass access",
        grant.pk,
        reason=note,
    )
    return review
