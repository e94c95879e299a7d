"""Who saw or changed whose record, and when. Append-only, down to the database.

Rows of every table here are never updated or deleted: triggers on both SQLite
and PostgreSQL refuse every statement that would rewrite one
(`accesslog.triggers`), so not even a bug or a hand-typed SQL statement in the
app's own connection can rewrite history. A grant's review is a new row.
"""

from __future__ import annotations

from django.db import models

from coassess.accounts.models import staff_member
from coassess.core.models import PublicModel


class Action(models.TextChoices):
    VIEW = "view", "Viewed"
    SEARCH = "search", "Listed in search results"
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    BREAK_GLASS = "break_glass", "Broke glass"
    REVIEW = "review", "Reviewed break-glass access"
    SIGN_IN = "sign_in", "Signed in with an access code"
    REFUSED = "refused", "Refused: a wrong answer with an access code"


class AccessEvent(models.Model):
    """One read or change of a person's record. Written only through
    `accesslog.services`, which link each event into the hash chain
    (`accesslog.chain`)."""

    # The id never appears in a URL. The chain gives each event the id after
    # the last one's, so the log is in order and ids follow on.
    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_role = models.CharField(max_length=40, blank=True)
    actor_team = models.ForeignKey(
        "accounts.Team", null=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", null=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    what = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64, blank=True)
    request_id = models.CharField(max_length=64, blank=True)  # made by the server
    # The load balancer's id for the same request, from a trusted proxy only.
    upstream_request_id = models.CharField(max_length=64, blank=True, default="")
    reason = models.TextField(blank=True)
    # Set when the person or a supporter did this from their own device with an
    # access code (people.AccessCode); then there is no staff actor.
    viewer_code = models.ForeignKey(
        "people.AccessCode",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The hash chain: the event before this one (its id and hash) and this
    # event's own hash over its fields and that link (accesslog.chain).
    previous_id = models.BigIntegerField(null=True, editable=False)
    previous_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["person", "-at"], name="accessevent_person_at"),
            models.Index(fields=["actor_team", "-at"], name="accessevent_team_at"),
        ]
        constraints = [
            # Every event is linked into the chain: an insert that bypasses
            # accesslog.chain.append is refused.
            models.CheckConstraint(
                condition=~models.Q(hash="") & ~models.Q(previous_hash=""),
                name="accessevent_chained",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} {self.action} {self.what}"


class BreakGlassGrant(PublicModel):
    """Time-boxed access to a person's record for staff whose team has no relationship.

    The reason is required and is shown to the team lead, who reviews each grant
    (`GrantReview`: the grant itself never changes).
    """

    user = staff_member()
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-granted_at"]
        indexes = [
            models.Index(
                fields=["user", "person", "expires_at"], name="breakglass_lookup"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="breakglass_reason_given"
            ),
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("granted_at")),
                name="breakglass_expires_after_grant",
            ),
        ]


class GrantReview(PublicModel):
    """A team lead's review of a break-glass grant: a row of its own, so the
    grant is never changed. The newest review of a grant is the one shown."""

    grant = models.ForeignKey(
        BreakGlassGrant, on_delete=models.PROTECT, related_name="reviews"
    )
    reviewed_by = staff_member()
    reviewed_at = models.DateTimeField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-reviewed_at"]
