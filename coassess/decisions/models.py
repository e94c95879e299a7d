"""The dissensus engine: decisions, options, positions and outcomes.

Every voice states a position on every option, with what matters to them;
disagreement is held in view, never erased; a balanced outcome says how the
remaining dissent is respected (values-based practice, DOMAIN.md §6).

The engine knows nothing about assessments. A decision belongs to a *context*
(an assessment now, a co-production project later) named by a type and an id,
and the people taking part are *voices*: a stable key from the host app, with
a name and whether the voice is the person at the centre. The host passes its
voices in (`decisions.voices.Voice`); nothing here reaches back into it.
"""

from __future__ import annotations

from django.db import models

from coassess.accounts.models import staff_member
from coassess.core.models import PublicModel, Superseding
from coassess.core.text import TEXT_LIMIT
from coassess.people.authors import one_writer, via_code_field


class Stance(models.TextChoices):
    AGREE = "agree", "Agree"
    RESERVATIONS = "reservations", "Agree, with reservations"
    UNSURE = "unsure", "Unsure"
    DISAGREE = "disagree", "Disagree"
    OBJECT = "object", "Object: this cannot go ahead for me"


# A reason is required for these, in the domain layer and in the database.
STANCES_NEEDING_REASONS = (Stance.RESERVATIONS, Stance.DISAGREE, Stance.OBJECT)
DISSENTING_STANCES = (Stance.DISAGREE, Stance.OBJECT)


class Decision(PublicModel):
    context_type = models.CharField(max_length=40)
    context_id = models.UUIDField(db_index=True)
    question = models.CharField(max_length=500)
    # Positions stay hidden from each voice until it has given its own, so no
    # one is anchored by others' views (the default, so the person speaks first).
    hide_until_given = models.BooleanField(default=True)
    # The person speaks first: no one else's position on an option is taken
    # until the person has given theirs on it, or has said they do not want to.
    person_first = models.BooleanField(default=False)
    created_by = staff_member()

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["context_type", "context_id"], name="decision_context")
        ]

    def __str__(self) -> str:
        return self.question


class Option(PublicModel):
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="options"
    )
    text = models.CharField(max_length=1000)
    # Goes up each time the text changes; a position answers one wording.
    wording = models.PositiveIntegerField(default=1)
    proposer_key = models.UUIDField()
    proposer_name = models.CharField(max_length=200)
    recorded_by = staff_member()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text


class OptionWording(models.Model):
    """Every wording an option has had, so a position can show what it answered."""

    id = models.BigAutoField(primary_key=True)
    option = models.ForeignKey(
        Option, on_delete=models.PROTECT, related_name="wordings"
    )
    wording = models.PositiveIntegerField()
    text = models.CharField(max_length=1000)
    changed_by = staff_member()
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["wording"]
        constraints = [
            models.UniqueConstraint(
                fields=["option", "wording"], name="one_text_per_wording"
            )
        ]

    def __str__(self) -> str:
        return f"{self.option_id} v{self.wording}"


class Position(Superseding):
    """One voice's stance on one option, and what matters to them. Superseded,
    never edited. Typed by staff (`recorded_by`) or given by the person or a
    supporter on their own device (`via_code`): exactly one of the two."""

    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="positions"
    )
    option = models.ForeignKey(
        Option, on_delete=models.PROTECT, related_name="positions"
    )
    voice_key = models.UUIDField()
    voice_name = models.CharField(max_length=200)
    voice_is_person = models.BooleanField(default=False)
    stance = models.CharField(max_length=20, choices=Stance.choices)
    what_matters = models.TextField(blank=True, max_length=TEXT_LIMIT)
    wording = models.PositiveIntegerField(
        help_text="The option's wording this answers."
    )
    recorded_by = staff_member(optional=True)
    via_code = via_code_field()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["option", "voice_key"],
                condition=models.Q(is_current=True),
                name="one_current_position_per_voice",
            ),
            models.CheckConstraint(
                condition=~models.Q(
                    stance__in=[s.value for s in STANCES_NEEDING_REASONS]
                )
                | ~models.Q(what_matters=""),
                name="position_reason_given_for_dissent",
            ),
            one_writer("recorded_by", "position_one_writer"),
        ]

    def __str__(self) -> str:
        return f"{self.voice_name}: {self.get_stance_display()}"


class PersonDeclined(models.Model):
    """The person has said they do not want to give a position on this decision
    (so, where they speak first, others may now give theirs). Kept, never
    removed; the person may still give a position later. Recorded by staff
    (`recorded_by`) or said by the person on their own device (`via_code`):
    exactly one of the two."""

    id = models.BigAutoField(primary_key=True)
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="declined"
    )
    voice_key = models.UUIDField()
    voice_name = models.CharField(max_length=200)
    recorded_by = staff_member(optional=True)
    via_code = via_code_field()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "voice_key"], name="person_declines_once"
            ),
            one_writer("recorded_by", "person_declined_one_writer"),
        ]

    def __str__(self) -> str:
        return f"{self.voice_name} declined {self.decision_id}"


class DecidingRule(models.TextChoices):
    EVERYONE_AGREES = "consensus", "Everyone could agree to it"
    PERSONS_CHOICE = "persons_choice", "It is the person's own choice"
    BALANCED = (
        "balanced",
        "A balance of everyone's views, with the person's view weighed first",
    )
    LAWFUL_DUTY = "lawful_duty", "A legal duty meant the team had to act"
    BEST_INTERESTS = (
        "best_interests",
        (
            "The person lacked capacity for this decision, so it was made in their best interests"
        ),
    )


class Outcome(Superseding):
    """The balanced decision, stated separately from the positions, which it never hides."""

    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="outcomes"
    )
    chosen = models.ForeignKey(Option, on_delete=models.PROTECT, related_name="+")
    deciding_rule = models.CharField(max_length=20, choices=DecidingRule.choices)
    rationale = models.TextField(max_length=TEXT_LIMIT)
    values_weighed = models.TextField(max_length=TEXT_LIMIT)
    remaining_disagreements = models.TextField(blank=True, max_length=TEXT_LIMIT)
    # How the remaining disagreement is respected, in full: each dissenting
    # voice's answer (DissentAnswer) on a line, then `how_others_respected`.
    how_respected = models.TextField(blank=True, max_length=TEXT_LIMIT)
    # As the writer typed it: how reservations, or anything else, are respected.
    how_others_respected = models.TextField(blank=True, max_length=TEXT_LIMIT)
    review_at = models.DateTimeField(null=True, blank=True)
    # Where the person's position did not prevail, why (a lawful duty; lacking
    # capacity for this decision, with the capacity record it rests on).
    person_not_followed = models.BooleanField(default=False)
    why_person_not_followed = models.TextField(blank=True, max_length=TEXT_LIMIT)
    capacity_record = models.UUIDField(null=True, blank=True)
    author = staff_member()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision"],
                condition=models.Q(is_current=True),
                name="one_current_outcome",
            ),
            models.CheckConstraint(
                condition=models.Q(person_not_followed=False)
                | ~models.Q(why_person_not_followed=""),
                name="outcome_says_why_person_not_followed",
            ),
        ]

    def __str__(self) -> str:
        return f"Outcome of {self.decision_id}"


class DissentAnswer(models.Model):
    """What an outcome says to one participant whose view did not prevail: why
    not, and how their view is respected. One for every voice who disagrees
    with or objects to the chosen option; made with the outcome, never changed."""

    id = models.BigAutoField(primary_key=True)
    outcome = models.ForeignKey(
        Outcome, on_delete=models.PROTECT, related_name="dissent_answers"
    )
    voice_key = models.UUIDField()
    voice_name = models.CharField(max_length=200)
    voice_is_person = models.BooleanField(default=False)
    stance = models.CharField(max_length=20, choices=Stance.choices)
    why_not_prevailed = models.TextField(max_length=TEXT_LIMIT)
    how_respected = models.TextField(max_length=TEXT_LIMIT)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["outcome", "voice_key"], name="one_answer_per_dissenter"
            ),
            models.CheckConstraint(
                condition=~models.Q(why_not_prevailed="") & ~models.Q(how_respected=""),
                name="dissent_answer_says_why_and_how",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voice_name}: {self.outcome_id}"
