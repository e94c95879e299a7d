"""Staff, teams and the role each member plays in their team."""

from __future__ import annotations

import uuid
from functools import cached_property
from typing import Any, Literal, overload

from django.contrib.auth.models import AbstractUser
from django.db import models

from coassess.core.models import PublicModel
from coassess.core.prepared import Prepared, columns, joined, related_columns
from coassess.core.text import TEXT_LIMIT


class Role(models.TextChoices):
    CLINICIAN = "clinician", "Clinician"
    PEER_WORKER = "peer_worker", "Peer support worker"
    TEAM_LEAD = "team_lead", "Team lead"
    COPRODUCTION = "coproduction", "Co-production member"
    ADMINISTRATOR = "administrator", "Administrator"


# Roles that work with people's records. An administrator manages accounts and a
# co-production member works on the team's audit; neither sees a clinical
# record by that role alone.
CLINICAL_ROLES = frozenset({Role.CLINICIAN, Role.PEER_WORKER, Role.TEAM_LEAD})
ALL_ROLES = frozenset(Role)


class Team(PublicModel):
    """A liaison mental health service at one site, with its response standards."""

    name = models.CharField(max_length=200, unique=True)
    site = models.CharField(max_length=200)
    ed_response_minutes = models.PositiveIntegerField(
        default=60, help_text="Emergency department referrals: minutes to respond."
    )
    ward_response_minutes = models.PositiveIntegerField(
        default=24 * 60, help_text="Ward referrals: minutes to respond."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    ed_response_minutes__gt=0, ward_response_minutes__gt=0
                ),
                name="team_response_standards_positive",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.site}"


def display_name(first_name: str, last_name: str, username: str) -> str:
    """How a member of staff is named on pages: their full name, else username."""
    return f"{first_name} {last_name}".strip() or username


class User(AbstractUser):
    """A member of staff. People in crisis and their supporters never need an account."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["username"]

    @cached_property
    def membership(self) -> Membership | None:
        """The team this member works in now (the first, if they belong to
        several), with its team, in one compiled-once query: every staff page
        asks."""
        found = MEMBERSHIP.rows(self.pk)
        if not found:
            return None
        (membership,) = joined(Membership, found, {"team": Team})
        return membership

    @property
    def display_name(self) -> str:
        return display_name(self.first_name, self.last_name, self.username)


class Membership(PublicModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "team"], name="one_membership_per_team"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in Role]),
                name="membership_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) in {self.team}"


@overload
def staff_member() -> models.ForeignKey[User, User]: ...


@overload
def staff_member(
    *, optional: Literal[True]
) -> models.ForeignKey[User | None, User | None]: ...


def staff_member(*, optional: bool = False) -> models.ForeignKey[Any, Any]:
    """A reference to the member of staff who did something to a record (who
    typed it, signed it, recorded it). Kept for good: an account with records
    behind it cannot be deleted (PROTECT), only switched off; no reverse
    accessor (`related_name="+"`)."""
    return models.ForeignKey(
        User,
        null=optional,
        blank=optional,
        on_delete=models.PROTECT,
        related_name="+",
    )


class AccountChange(models.TextChoices):
    CREATED = "created", "Account made"
    SWITCHED_OFF = "switched_off", "Switched off"
    SWITCHED_ON = "switched_on", "Switched on"
    ROLE = "role", "Role changed"
    TEAM = "team", "Team changed"
    PASSWORD = "password", "Temporary password set"
    SECOND_FACTOR = "second_factor", "Sign-in code device reset"
    UNLOCKED = "unlocked", "Unlocked"


class AccountEvent(models.Model):
    """One change to a member of staff's account: who made it, why, and to whom.

    Append-only, like the access log (triggers refuse UPDATE and DELETE). The
    lead of the member's team sees every change (accounts.views.account_changes).
    `actor` is empty for a change made from the command line.
    """

    id = models.BigAutoField(primary_key=True)  # never in a URL; keeps order
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        User, null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_team = models.ForeignKey(
        Team, null=True, on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    member_team = models.ForeignKey(
        Team, null=True, on_delete=models.PROTECT, related_name="+"
    )
    change = models.CharField(max_length=20, choices=AccountChange.choices)
    detail = models.CharField(max_length=200, blank=True)
    reason = models.TextField()
    request_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["member_team", "-at"], name="accountevent_team_at")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="accountevent_reason_given"
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.change} {self.member_id}"


# The most a draft keeps, in characters: room for an entry typed past its limit
# (core.text.TEXT_LIMIT) to be kept whole while the writer shortens it.
DRAFT_LIMIT = 4 * TEXT_LIMIT


class Draft(PublicModel):
    """Words a member of staff typed and has not saved yet: never part of any record.

    An autosave keeps one draft per member and `target` (the form and the thing it
    adds to or changes, such as an assessment's entry; `accounts.drafts` says how
    targets are named), so one member's unsaved words never reach the record or
    another member. Saving the form deletes the draft; so do Discard and
    expiry (`settings.DRAFT_HOURS` after it was last kept).
    """

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    target = models.CharField(max_length=200)
    text = models.TextField()
    kept_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "target"], name="one_draft_per_owner_and_target"
            )
        ]

    def __str__(self) -> str:
        return f"draft {self.target} ({self.kept_at:%Y-%m-%d %H:%M})"

    @property
    def longer_than_an_entry(self) -> bool:
        """True when the draft holds more than an entry may (TEXT_LIMIT)."""
        return len(self.text) > TEXT_LIMIT


MEMBERSHIP = Prepared(
    lambda user: (
        Membership.objects.filter(user_id=user)
        .order_by("created_at")
        .values_list(
            *columns(Membership),
            *related_columns("team", Team),
        )[:1]
    ),
    models.UUIDField(),
)
