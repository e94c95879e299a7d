"""What the person's own view keeps: the entries the person keeps private
from every supporter."""

from __future__ import annotations

from django.db import models

from coassess.accounts.models import staff_member
from coassess.core.models import PublicModel


class PrivateFromSupporters(PublicModel):
    """The person's choice about one entry of their record (every version of
    it: its lineage): kept private from all their supporters (`private`
    True), or no longer. Never changed or deleted: a new choice is a new row,
    and the newest row for a lineage is the choice that holds. Made by the
    person from their own view (`by_code`) or by a clinician for them
    (`by_staff`)."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+"
    )
    lineage = models.UUIDField()
    private = models.BooleanField()
    by_code = models.ForeignKey(
        "people.AccessCode",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    by_staff = staff_member(optional=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["person", "lineage"], name="private_mark")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(by_code__isnull=False)
                | models.Q(by_staff__isnull=False),
                name="private_mark_by_someone",
            )
        ]
