"""Who wrote something into a person's record: a member of staff, or a viewer
(the person, or one of their supporters) from their own device with their
access code.

Services that a viewer may also call take `actor: Author` (one service per
action, whoever acts). A row that keeps its writer has two columns: the staff
member who typed it, and `via_code`, the viewer's code; a database check keeps
exactly one of them set. `written_by` fills them, `record_by` logs the change,
and `check_record` refuses a code for someone else's record.
"""

from __future__ import annotations

from typing import Any, TypeAlias
from uuid import UUID

from django.db import models

from coassess.accesslog.models import Action
from coassess.accesslog.services import record_access, record_viewer_access
from coassess.accounts.models import User
from coassess.core.exceptions import DomainError
from coassess.people.models import AccessCode, Person

Author: TypeAlias = User | AccessCode

NOT_YOUR_RECORD = "That is not part of your record."


def staff_of(by: Author) -> User | None:
    """The member of staff acting, or None for a viewer."""
    return by if isinstance(by, User) else None


def code_of(by: Author) -> AccessCode | None:
    """The viewer's code, or None for a member of staff."""
    return by if isinstance(by, AccessCode) else None


def written_by(by: Author, staff_field: str) -> dict[str, Any]:
    """The writer's two columns for a new row: {staff_field: the member of
    staff or None, "via_code": the viewer's code or None}."""
    return {staff_field: staff_of(by), "via_code": code_of(by)}


def one_writer(staff_field: str, name: str) -> models.CheckConstraint:
    """The database check that exactly one of `staff_field` and `via_code`
    is set: a row is typed by staff or written from a viewer's device, never
    both, never neither."""
    staff = models.Q(**{f"{staff_field}__isnull": False})
    code = models.Q(via_code__isnull=False)
    return models.CheckConstraint(
        condition=(staff & ~code) | (~staff & code), name=name
    )


def via_code_field() -> models.ForeignKey[AccessCode | None, AccessCode | None]:
    """The viewer's code when the person or a supporter wrote a row from their
    own device (None when staff typed it). Kept for good, like the code."""
    return models.ForeignKey(
        AccessCode,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )


def check_record(by: Author, person_id: UUID, team_id: UUID) -> None:
    """Raise DomainError(NOT_YOUR_RECORD) when `by` is a viewer's code for
    another person's record, or for the same person as another team holds it.
    Staff are checked by their access policy instead."""
    code = code_of(by)
    if code is not None and (code.person_id, code.team_id) != (person_id, team_id):
        raise DomainError(NOT_YOUR_RECORD)


def record_by(
    by: Author, person: Person | None, action: Action, what: str, object_id: object
) -> None:
    """Log `action` to `what` in `person`'s record, done by `by`: through
    `record_access` for staff, `record_viewer_access` for a viewer (the code
    kept, no staff actor). Call it inside the transaction it records."""
    code = code_of(by)
    if code is None:
        record_access(staff_of(by), person, action, what, object_id)
        return
    if person is None:
        raise DomainError(NOT_YOUR_RECORD)
    record_viewer_access(code, person, action, what, object_id)
