"""Referrals to the liaison team, and the response clock each one starts.

The clock runs against the team's standard for the referral's source: by
default 1 hour for the emergency department and 24 hours for wards (NHS
England / NCCMH liaison standards, DOMAIN.md §1). It stops at the first
face-to-face contact, which is recorded when the assessment starts.
"""

from __future__ import annotations

import datetime as dt

from django.db import models

from coassess.accounts.models import staff_member
from coassess.core.models import PublicModel


class Source(models.TextChoices):
    EMERGENCY_DEPARTMENT = "ed", "Emergency department"
    WARD = "ward", "Ward"
    OTHER = "other", "Other"


SOURCE_LABELS = dict(Source.choices)


class Urgency(models.TextChoices):
    EMERGENCY = "emergency", "Emergency"
    URGENT = "urgent", "Urgent"
    ROUTINE = "routine", "Routine"


URGENCY_LABELS = dict(Urgency.choices)


class Referral(PublicModel):
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="referrals"
    )
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="referrals"
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    department = models.CharField(max_length=100, blank=True)
    ward = models.CharField(max_length=100, blank=True)
    bed = models.CharField(max_length=40, blank=True)
    referrer_name = models.CharField(max_length=200)
    referrer_contact = models.CharField(max_length=200, blank=True)
    reason = models.TextField(max_length=20000)
    urgency = models.CharField(max_length=10, choices=Urgency.choices)
    received_at = models.DateTimeField()
    # Minutes allowed, copied from the team's standard when the referral arrives,
    # so a later change to the standard does not rewrite past performance.
    response_minutes = models.PositiveIntegerField()
    first_seen_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    recorded_by = staff_member()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["received_at"]
        indexes = [
            models.Index(
                fields=["team", "closed_at", "received_at"], name="referral_board"
            ),
            models.Index(fields=["person", "team"], name="referral_person_team"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_seen_at__isnull=True)
                | models.Q(first_seen_at__gte=models.F("received_at")),
                name="referral_seen_after_received",
            ),
            models.CheckConstraint(
                condition=models.Q(response_minutes__gt=0),
                name="referral_response_minutes_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral of {self.person} from {self.get_source_display()}"

    @property
    def due_at(self) -> dt.datetime:
        # In UTC: adding to a local time would add wall-clock time, an hour
        # out across a change of the clocks.
        received = self.received_at.astimezone(dt.UTC)
        return received + dt.timedelta(minutes=self.response_minutes)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def location(self) -> str:
        return location_words(self.department, self.ward, self.bed, self.source)


def location_words(department: str, ward: str, bed: str, source: str) -> str:
    """'ED majors, bed 4'; the source's name when nothing more is known."""
    parts = [department, ward, f"bed {bed}" if bed else ""]
    return ", ".join(p for p in parts if p) or SOURCE_LABELS.get(source, source)
