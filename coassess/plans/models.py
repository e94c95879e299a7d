"""The negotiated plan: agreed actions, rationale, a contingency plan, confirmations,
sign-off and addenda.

A plan is signed once. After that nothing in it changes: later changes are
addenda with their reason, author and time, and the signed text is kept
exactly as it was signed (`SignedVersion`).
"""

from __future__ import annotations

from django.db import models

from coassess.accounts.models import staff_member
from coassess.core.models import PublicModel
from coassess.core.text import TEXT_LIMIT
from coassess.people.authors import one_writer, via_code_field


class Plan(PublicModel):
    assessment = models.OneToOneField(
        "assessments.Assessment", on_delete=models.PROTECT, related_name="plan"
    )
    rationale = models.TextField(blank=True, max_length=TEXT_LIMIT)
    # If the person could not take part, why; and, for any plan, when it will
    # be gone through again with them (needed when they could not take part).
    person_not_able_reason = models.TextField(blank=True, max_length=TEXT_LIMIT)
    revisit_with_person_at = models.DateTimeField(null=True, blank=True)
    # The engine decision whose options are the actions (positions on each action).
    actions_decision = models.OneToOneField(
        "decisions.Decision", on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = staff_member(optional=True)
    # What the signer confirmed signing means, in the words they were shown.
    signed_declaration = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"Plan for {self.assessment_id}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


# What signing means: the signer ticks a box to confirm it, and it is kept
# with the signature (Plan.signed_declaration).
SIGNING_DECLARATION = (
    "I have gone through this plan with the people who made it. It says what "
    "we agreed, and every disagreement is written down in it. Once I sign, no "
    "one can change it. Any change is added after it, with the reason."
)


class Action(PublicModel):
    """An agreed action: what, who, by when; the concerns it answers and where it came from."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="actions")
    what = models.TextField(max_length=TEXT_LIMIT)
    who = models.CharField(max_length=200)
    by_when = models.CharField(
        max_length=200, help_text="For example: by 10:00 tomorrow."
    )
    concerns = models.ManyToManyField(
        "assessments.ImmediateConcern", blank=True, related_name="+"
    )
    strengths = models.ManyToManyField(
        "assessments.Contribution", blank=True, related_name="+"
    )
    from_decision = models.ForeignKey(
        "decisions.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Its option in the plan's actions decision, so everyone can take a position on it.
    option = models.OneToOneField(
        "decisions.Option", on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = staff_member()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.what


class ContingencyPlan(PublicModel):
    """What to do if things get worse, in the person's own words where they choose."""

    plan = models.OneToOneField(
        Plan, on_delete=models.PROTECT, related_name="contingency"
    )
    in_own_words = models.BooleanField(default=True)
    warning_signs = models.TextField(blank=True, max_length=TEXT_LIMIT)
    what_i_can_do = models.TextField(blank=True, max_length=TEXT_LIMIT)
    people_and_places = models.TextField(blank=True, max_length=TEXT_LIMIT)
    making_safer = models.TextField(blank=True, max_length=TEXT_LIMIT)
    keeps_me_going = models.TextField(blank=True, max_length=TEXT_LIMIT)
    care_preferences = models.TextField(blank=True, max_length=TEXT_LIMIT)
    treatments_i_would_refuse = models.TextField(blank=True, max_length=TEXT_LIMIT)
    if_engagement_difficult = models.TextField(blank=True, max_length=TEXT_LIMIT)
    likelihood_of_use = models.TextField(blank=True, max_length=TEXT_LIMIT)
    what_might_get_in_the_way = models.TextField(blank=True, max_length=TEXT_LIMIT)
    version = models.PositiveIntegerField(default=1)
    # The person's code when they last changed it from their own device (None:
    # last changed by staff, or never), so staff can see whose words it holds.
    changed_via_code = via_code_field()

    def __str__(self) -> str:
        return f"Contingency plan for {self.plan_id}"


class Contact(PublicModel):
    """Who to contact and how, and when they can be reached."""

    contingency = models.ForeignKey(
        ContingencyPlan, on_delete=models.PROTECT, related_name="contacts"
    )
    name = models.CharField(max_length=200)
    role = models.CharField(
        max_length=200, blank=True, help_text="For example: mum, crisis line."
    )
    how = models.CharField(
        max_length=200, help_text="A phone number, or how to reach them."
    )
    when = models.CharField(
        max_length=200, help_text="For example: any time; 9am to 5pm."
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.name


class Meaning(models.TextChoices):
    AGREE = "agree", "I agree with this plan"
    DISAGREE = "disagree", "I took part but do not agree with part of it"
    ON_BEHALF = "on_behalf", "Recorded by the clinician on the person's behalf"


class Confirmation(PublicModel):
    """One participant's confirmation of the plan, or their recorded
    disagreement: recorded by staff (`recorded_by`) or given by the participant
    on their own device (`via_code`), exactly one of the two."""

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="confirmations"
    )
    participant = models.ForeignKey(
        "assessments.Participant", on_delete=models.PROTECT, related_name="+"
    )
    meaning = models.CharField(max_length=20, choices=Meaning.choices)
    reason = models.TextField(blank=True, max_length=TEXT_LIMIT)
    plan_version = models.PositiveIntegerField()
    recorded_by = staff_member(optional=True)
    via_code = via_code_field()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(meaning="agree") | ~models.Q(reason=""),
                name="confirmation_reason_unless_agree",
            ),
            one_writer("recorded_by", "confirmation_one_writer"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id}: {self.meaning}"


class SignedVersion(models.Model):
    """The plan and assessment exactly as signed, kept as text that never changes."""

    id = models.BigAutoField(primary_key=True)
    plan = models.OneToOneField(
        Plan, on_delete=models.PROTECT, related_name="signed_version"
    )
    content = models.JSONField()
    signed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Signed plan {self.plan_id}"


class Addendum(PublicModel):
    """A change after signing, with why, by whom and when. It either adds to the
    plan (`text`), or changes one agreed action (`action`): then `text` is what
    the action says now, and `who` and `by_when` its new who and when (blank:
    as before). The person's copy shows the plan with each change applied and
    marked; the signed version keeps the words as signed."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="addenda")
    reason = models.TextField(max_length=TEXT_LIMIT)
    text = models.TextField(max_length=TEXT_LIMIT)
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    who = models.CharField(max_length=200, blank=True)
    by_when = models.CharField(max_length=200, blank=True)
    author = staff_member()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Addendum to {self.plan_id}"
