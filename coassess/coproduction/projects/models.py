"""Projects, their members and meetings, and the contribution log.

A contribution is never edited in place: a correction is a new row that
supersedes the old one (`core.models.Superseding`); all rows of one
contribution share a `lineage`, and the database allows one current row per
lineage.
"""

from __future__ import annotations

import uuid

from django.db import models

from coassess.accounts.models import Team, User, staff_member
from coassess.assessments.models import Expertise
from coassess.core.models import PublicModel, Superseding
from coassess.core.text import TEXT_LIMIT

# The most one entry may hold: a long day's work. Longer work is logged a day
# at a time, so a typing slip (600 hours for 6) is caught.
MOST_MINUTES = 12 * 60

MEMBER_EXPERTISE = (
    Expertise.LIVED,
    Expertise.CARER,
    Expertise.PEER,
    Expertise.PROFESSIONAL,
)


class Project(PublicModel):
    """A service-improvement project of one team ("Redesign the ED assessment
    room"), led by one member of that team's staff."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    purpose = models.TextField(blank=True, max_length=TEXT_LIMIT)
    lead = staff_member()
    created_by = staff_member()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Member(PublicModel):
    """Someone taking part in a project: a member of the team's staff (`user`),
    or a named person without an account, recorded by the project lead."""

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="members"
    )
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200)
    expertise = models.CharField(max_length=20, choices=Expertise.choices)
    added_by = staff_member()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "user"],
                condition=models.Q(user__isnull=False),
                name="project_member_once",
            ),
            models.CheckConstraint(
                condition=~models.Q(name=""), name="project_member_named"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def expertise_label(self) -> str:
        return str(Expertise(self.expertise).label).lower()


class Leaving(PublicModel):
    """A member left the project on `left_on`, as recorded by `recorded_by`
    (the project lead or the team lead). A new row, never a deletion: the
    member, their contributions and their statement stay, and the members list
    shows when they left."""

    member = models.OneToOneField(
        Member, on_delete=models.PROTECT, related_name="leaving"
    )
    left_on = models.DateField()
    recorded_by = staff_member()

    def __str__(self) -> str:
        return f"{self.member_id} left {self.left_on}"


class Meeting(PublicModel):
    """One meeting of a project: when, what happened, and who came."""

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="meetings"
    )
    held_on = models.DateField()
    notes = models.TextField(max_length=TEXT_LIMIT)
    came = models.ManyToManyField(Member, related_name="meetings")
    recorded_by = staff_member()

    class Meta:
        ordering = ["-held_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.project_id} {self.held_on}"


class Recognition(models.TextChoices):
    """How a contribution is recognised (NHS England's involvement payments
    policy: DOMAIN.md 7.7)."""

    PAYMENT = "payment", "Payment for time, at the organisation’s rate"
    EXPENSES = "expenses", "Expenses (travel, care costs)"
    VOUCHER = "voucher", "A voucher"
    NONE = "none", "Nothing"
    DECLINED = "declined", "Declined what was offered"


OFFERS = (
    Recognition.PAYMENT,
    Recognition.EXPENSES,
    Recognition.VOUCHER,
    Recognition.NONE,
)


class Contribution(Superseding):
    """Time one member gave on one date, what they did, and the recognition
    offered and what they took. A correction supersedes; nothing is edited."""

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="contributions"
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="contributions"
    )
    lineage = models.UUIDField(default=uuid.uuid4, editable=False)
    worked_on = models.DateField()
    minutes = models.PositiveIntegerField()
    activity = models.CharField(max_length=500)
    offered = models.CharField(max_length=20, choices=Recognition.choices)
    taken = models.CharField(max_length=20, choices=Recognition.choices)
    # The rate when it was logged, so a later change of rate rewrites nothing.
    rate_pence_per_hour = models.PositiveIntegerField(null=True, blank=True)
    expenses_pence = models.PositiveIntegerField(default=0)
    why_corrected = models.TextField(blank=True, max_length=TEXT_LIMIT)
    recorded_by = staff_member()

    class Meta:
        ordering = ["-worked_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["lineage"],
                condition=models.Q(is_current=True),
                name="one_current_contribution",
            ),
            models.CheckConstraint(
                condition=models.Q(minutes__gt=0, minutes__lte=MOST_MINUTES),
                name="contribution_minutes_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(offered__in=[r.value for r in OFFERS])
                & models.Q(taken__in=[r.value for r in Recognition]),
                name="contribution_recognition_known",
            ),
        ]
        indexes = [
            models.Index(fields=["project", "member"], name="contribution_member")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.worked_on} {self.minutes} min"

    @property
    def payment_pence(self) -> int:
        """What the time is worth at the rate logged, to the penny (rounded
        half up); 0 unless payment was taken."""
        if self.taken != Recognition.PAYMENT or not self.rate_pence_per_hour:
            return 0
        return (self.minutes * self.rate_pence_per_hour + 30) // 60
