"""Reflections on co-produced work, the team self-assessment, and the
versioned instruments both are answered on.

An instrument's items are data (`instruments.py` as shipped); a team's
co-production group rewords them in the app, which adds a version and never
changes one that answers point to. A reflection is about a *subject* named
generically (its kind, its public uuid, the team that owns it), so an
assessment, a co-production project or a meeting can each be reflected on
without a change to these tables.

Co-production projects keep their models in `projects.models`; they are
imported here so Django finds them.
"""

from __future__ import annotations

from django.db import models

from coassess.accounts.models import staff_member
from coassess.coproduction.instruments import LADDERS, Kind
from coassess.coproduction.projects.models import (  # noqa: F401 - see above
    Contribution,
    Meeting,
    Member,
    Project,
)
from coassess.core.models import PublicModel

DONT_KNOW_WORDS = "don't know"


class InstrumentVersion(PublicModel):
    """One version of one team's instrument: its items as data, numbered
    1, 2, 3 ... per team and kind. Never changed once made."""

    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    number = models.PositiveIntegerField()
    items = models.JSONField(help_text="A list of items: see instruments.py.")
    reason = models.TextField(max_length=2000)
    changed_by = staff_member(optional=True)  # empty for the shipped version

    class Meta:
        ordering = ["kind", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "kind", "number"], name="one_instrument_number"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=Kind.values), name="instrument_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, version {self.number}"

    def item_ids(self) -> list[str]:
        return [item["id"] for item in self.items]


class LadderChoice(PublicModel):
    """Which ladder of participation a team places its work on. The newest
    choice is in force; earlier ones stay as its history."""

    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="+"
    )
    ladder = models.CharField(
        max_length=20, choices=[(k.value, k.label) for k in LADDERS]
    )
    chosen_by = staff_member()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ladder__in=[k.value for k in LADDERS]),
                name="ladder_choice_valid",
            )
        ]


class SubjectKind(models.TextChoices):
    """What a reflection is about."""

    ASSESSMENT = "assessment", "An assessment"
    PROJECT = "project", "A co-production project"
    MEETING = "meeting", "A meeting"


class Voice(models.TextChoices):
    """Whose reflection it is: who answered, not who typed it."""

    STAFF = "staff", "Staff"
    EXPERT = "expert", "Expert by experience"
    PERSON = "person", "The person"
    SUPPORTER = "supporter", "A supporter"


# Voices recorded by a member of staff only at the respondent's request.
ON_BEHALF_VOICES = (Voice.PERSON, Voice.SUPPORTER)
# Voices counted as lived experience in aggregates; everyone else is staff.
LIVED_EXPERIENCE = (Voice.EXPERT, Voice.PERSON, Voice.SUPPORTER)


class Reflection(PublicModel):
    """One participant's private reflection on one subject: ratings of the
    values (`ValueRating`) and a place on the team's ladder.

    Never shown one by one to anyone but its own writer, and a reflection made
    on someone's behalf not even to them: `queries` gives only aggregates.
    `token` is the form's own id, so the same form sent twice saves once.
    """

    token = models.UUIDField(unique=True)
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="+"
    )
    subject_kind = models.CharField(max_length=20, choices=SubjectKind.choices)
    subject_id = models.UUIDField()
    voice = models.CharField(max_length=20, choices=Voice.choices)
    on_behalf = models.BooleanField(
        default=False,
        help_text="Typed by staff for the person or a supporter, who asked them to.",
    )
    written_by = staff_member()
    values_version = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="+"
    )
    ladder_version = models.ForeignKey(
        InstrumentVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rung = models.CharField(max_length=50, blank=True)
    ladder_comment = models.TextField(max_length=2000, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["team", "subject_kind", "created_at"],
                name="reflection_team_kind",
            ),
            models.Index(
                fields=["subject_kind", "subject_id"], name="reflection_subject"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(voice__in=Voice.values),
                name="reflection_voice_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    on_behalf=True, voice__in=[v.value for v in ON_BEHALF_VOICES]
                )
                | models.Q(
                    on_behalf=False, voice__in=[Voice.STAFF.value, Voice.EXPERT.value]
                ),
                name="reflection_on_behalf_only_for_person_or_supporter",
            ),
            models.CheckConstraint(
                condition=models.Q(rung="") | models.Q(ladder_version__isnull=False),
                name="reflection_rung_has_its_ladder",
            ),
            models.UniqueConstraint(
                fields=["subject_kind", "subject_id", "written_by"],
                condition=models.Q(on_behalf=False),
                name="one_own_reflection_per_subject",
            ),
        ]


class ValueRating(models.Model):
    """How one reflection rated one value: 1 to 5, or empty for "don't know".
    A value left unanswered has no row."""

    id = models.BigAutoField(primary_key=True)  # never in a URL
    reflection = models.ForeignKey(
        Reflection, on_delete=models.PROTECT, related_name="ratings"
    )
    value_id = models.CharField(max_length=50)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(max_length=2000, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reflection", "value_id"], name="one_rating_per_value"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True)
                | models.Q(rating__gte=1, rating__lte=5),
                name="rating_one_to_five",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value_id}: {self.rating or DONT_KNOW_WORDS}"


class SelfAssessment(PublicModel):
    """One sitting of the team's co-production self-assessment, by a mixed
    group: scores with evidence (`PrincipleScore`) and an action plan
    (`PlannedAction`). `token` is the form's own id, so a double send saves once."""

    token = models.UUIDField(unique=True)
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="+"
    )
    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="+"
    )
    taken_on = models.DateField()
    staff_count = models.PositiveSmallIntegerField()
    expert_count = models.PositiveSmallIntegerField()
    who_took_part = models.TextField(max_length=2000, blank=True)
    recorded_by = staff_member()

    class Meta:
        ordering = ["-taken_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(staff_count__gte=1, expert_count__gte=1),
                name="self_assessment_mixed_group",
            )
        ]


class PrincipleScore(models.Model):
    """The group's score, 1 to 5, for one statement, with its evidence."""

    id = models.BigAutoField(primary_key=True)
    self_assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.PROTECT, related_name="scores"
    )
    statement_id = models.CharField(max_length=50)
    score = models.PositiveSmallIntegerField()
    evidence = models.TextField(max_length=2000, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["self_assessment", "statement_id"],
                name="one_score_per_statement",
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="score_one_to_five"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement_id}: {self.score}"


class PlannedAction(PublicModel):
    """One action in a self-assessment's plan: what, who will do it, by when."""

    self_assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.PROTECT, related_name="actions"
    )
    statement_id = models.CharField(max_length=50)
    text = models.TextField(max_length=2000)
    owner = models.CharField(max_length=200)
    due_on = models.DateField()

    class Meta:
        ordering = ["due_on", "created_at"]


class MeasureSummary(models.Model):
    """One assessment's measures, as the dashboards count them.

    Each indicator is True (met), False (not met) or None (the record cannot
    tell, or it does not apply), exactly as `summary.INDICATORS` reads it from
    `measures.AssessmentMeasures`. Bands are small whole numbers
    (`summary.OWN_WORDS_BANDS`, `summary.WAIT_BANDS`), None when unknown.
    """

    assessment = models.OneToOneField(
        "assessments.Assessment",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.CASCADE, related_name="+"
    )
    # Not a foreign key: the access-log trigger deletes by it, and it is never shown.
    person_id = models.UUIDField(db_index=True)
    source = models.CharField(max_length=10)
    month = models.DateField(help_text="First day of the month the referral arrived.")
    person_heard = models.BooleanField(null=True)
    supporters_took_part = models.BooleanField(null=True)
    peer_worker_took_part = models.BooleanField(null=True)
    interpreter_present = models.BooleanField(null=True)
    concerns_agreed = models.BooleanField(null=True)
    concerns_answered = models.BooleanField(null=True)
    person_gave_positions = models.BooleanField(null=True)
    reason_when_not_followed = models.BooleanField(null=True)
    dissent_held = models.BooleanField(null=True)
    individualised = models.BooleanField(null=True)
    strengths_recorded = models.BooleanField(null=True)
    contingency_complete = models.BooleanField(null=True)
    person_confirmed = models.BooleanField(null=True)
    copy_given = models.BooleanField(null=True)
    capacity_recorded = models.BooleanField(null=True)
    within_standard = models.BooleanField(null=True)
    own_words_band = models.PositiveSmallIntegerField(null=True)
    wait_band = models.PositiveSmallIntegerField(null=True)
    minutes_to_first_contact = models.PositiveIntegerField(null=True)
    standard_minutes = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["team", "month", "source"], name="summary_team_month"),
        ]

    def __str__(self) -> str:
        return f"Measures of assessment {self.assessment_id}"


class MonthCount(models.Model):
    """A team's counts for one month and source, as the dashboard's counting
    query gives them (`dashboard.COLUMNS`, in order, as a JSON list), kept so
    that a year is read as a few dozen rows rather than counted afresh from
    every summary row on each view.

    A cache like the summary: the access-log trigger deletes the months its
    deleted summary rows were in, writing summary rows deletes theirs, and a
    row older than `dashboard.MONTH_COUNT_SECONDS` is counted again."""

    team = models.ForeignKey(
        "accounts.Team", on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField()
    source = models.CharField(max_length=10)
    counts = models.JSONField()
    counted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["team", "month", "source"], name="one_count_per_month"
            )
        ]

    def __str__(self) -> str:
        return f"Counts of {self.month:%B %Y}, {self.source}"


class SummaryDue(models.Model):
    """An assessment whose summary row is to be measured (again), so a view
    finds the rows it must write among these few rather than by comparing
    every assessment of a year with every summary row.

    Written only by database triggers (`coproduction.triggers.DUE`): one when
    an assessment is added, and one whenever a summary row is deleted (by the
    access-log trigger after a change, or by anyone). So every assessment
    without a summary row has a row here; `summary.refresh` measures those in
    its scope and deletes the rows it read, and only those."""

    id = models.BigAutoField(primary_key=True)
    # Not a foreign key: triggers write it, and an assessment is never deleted.
    assessment_id = models.UUIDField(db_index=True)

    def __str__(self) -> str:
        return f"Summary of assessment {self.assessment_id} due"
