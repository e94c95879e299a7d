"""Forms for decisions in an assessment. Plain messages; what was typed is always kept.

The rules about positions and outcomes (a reason for reservations, disagreement
and objection; why the person's view did not prevail) live in the engine. These
forms check only the shape of what was typed, and the views show the engine's
messages beside the part they are about.
"""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django import forms

from coassess.assessments.decisions import Answer
from coassess.assessments.forms import ParticipantChoiceField, choose_from_participants
from coassess.assessments.models import Assessment, CapacityAssessment, Participant
from coassess.core.forms import add_moment_fields, clean_future_moment
from coassess.core.presenters import local_datetime
from coassess.core.text import TEXT_LIMIT
from coassess.decisions.models import (
    DecidingRule,
    Option,
    Position,
    Stance,
)

NOT_TAKING_PART = "Choose someone who is taking part in this assessment."
TOO_LONG = f"Keep this under {TEXT_LIMIT:,} characters."


def _participant_field(label: str, required_message: str) -> ParticipantChoiceField:
    return ParticipantChoiceField(
        queryset=Participant.objects.none(),
        label=label,
        empty_label=None,
        error_messages={
            "required": required_message,
            "invalid_choice": NOT_TAKING_PART,
        },
    )


def _text(
    label: str, *, required: bool = False, message: str = "", help_text: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea,
        help_text=help_text,
        error_messages={"required": message, "max_length": TOO_LONG},
    )


class DecisionForm(forms.Form):
    question = forms.CharField(
        label="The question, in plain words",
        max_length=500,
        help_text="For example: Where will you be supported tonight?",
        error_messages={
            "required": "Write the question, in plain words.",
            "max_length": "Keep the question under 500 characters.",
        },
    )


class OptionForm(forms.Form):
    text = forms.CharField(
        label="The option",
        max_length=1000,
        widget=forms.Textarea,
        help_text="Anyone taking part can suggest one. Write it in their words.",
        error_messages={
            "required": "Write the option.",
            "max_length": "Keep the option under 1,000 characters.",
        },
    )
    proposer = _participant_field("Who suggests it?", "Choose who suggests it.")

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from_participants(self, "proposer", assessment)


class RewordForm(forms.Form):
    """New words for an option. `wording` is the one the writer saw."""

    wording = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    text = forms.CharField(
        label="The option, reworded",
        max_length=1000,
        widget=forms.Textarea,
        help_text="Everyone who gave a position on it will be asked again.",
        error_messages={
            "required": "Write the option.",
            "max_length": "Keep the option under 1,000 characters.",
        },
    )


def stance_name(option: Option) -> str:
    return f"stance_{option.pk}"


def matters_name(option: Option) -> str:
    return f"matters_{option.pk}"


class PositionsForm(forms.Form):
    """One voice's positions on every option of a decision, each with what matters."""

    voice = _participant_field(
        "Whose position is this?", "Choose whose position this is."
    )

    def __init__(
        self,
        *args: Any,
        assessment: Assessment,
        options: list[Option],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choose_from_participants(self, "voice", assessment)
        self.options = options
        for number, option in enumerate(options, start=1):
            self.fields[stance_name(option)] = forms.ChoiceField(
                label=f"Option {number}: {option.text}",
                choices=Stance.choices,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[matters_name(option)] = _text(
                "What matters to you here",
                help_text="Needed for agree with reservations, disagree or object.",
            )

    def answer_rows(
        self,
    ) -> list[tuple[int, Option, forms.BoundField, forms.BoundField]]:
        return [
            (n, o, self[stance_name(o)], self[matters_name(o)])
            for n, o in enumerate(self.options, start=1)
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        answers = []
        for option in self.options:
            stance = cleaned.get(stance_name(option)) or ""
            matters = cleaned.get(matters_name(option)) or ""
            if stance:
                answers.append(Answer(option, stance, matters))
            elif matters.strip():
                self.add_error(
                    stance_name(option),
                    "Choose a position on this option, or clear what you wrote.",
                )
        if not answers and self.options and not self.errors:
            self.add_error(
                stance_name(self.options[0]),
                "Choose a position on at least one option.",
            )
        cleaned["answers"] = answers
        return cleaned

    def show_refusals(self, errors: dict[UUID, str]) -> None:
        """Put the engine's message beside each option it refused."""
        for option in self.options:
            if option.pk in errors:
                self.add_error(matters_name(option), errors[option.pk])


def current_answers(positions: list[Position]) -> dict[str, Any]:
    """Initial data for a voice's positions form: what they said last time."""
    initial: dict[str, Any] = {}
    for p in positions:
        initial[f"stance_{p.option_id}"] = p.stance
        initial[f"matters_{p.option_id}"] = p.what_matters
    return initial


class ViewAsForm(forms.Form):
    """`?as=<participant>`: whose eyes the voices grid is seen through."""

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["as"] = ParticipantChoiceField(
            queryset=Participant.objects.none(),
            label="See the positions as",
            required=False,
            empty_label="Choose someone taking part",
        )
        choose_from_participants(self, "as", assessment)

    def viewer(self) -> Participant | None:
        if not self.is_bound or not self.is_valid():
            return None
        return cast("Participant | None", self.cleaned_data.get("as"))


def _capacity_label(record: CapacityAssessment) -> str:
    decision = (
        record.decision if len(record.decision) <= 80 else record.decision[:77] + "…"
    )
    return (
        f"{decision} ({record.get_outcome_display().lower()}, "
        f"{local_datetime(record.assessed_at)})"
    )


class OutcomeForm(forms.Form):
    """The balanced decision. `based_on` is the outcome the writer saw, for the conflict check."""

    based_on = forms.UUIDField(widget=forms.HiddenInput, required=False)
    chosen = forms.ChoiceField(
        label="What was decided",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the option that was decided.",
            "invalid_choice": "Choose one of this decision's options.",
        },
    )
    deciding_rule = forms.ChoiceField(
        label="How was it decided?",
        choices=DecidingRule.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say how the decision was reached."},
    )
    rationale = _text(
        "Why this option",
        required=True,
        message="Write why this option was chosen.",
    )
    values_weighed = _text(
        "The values weighed",
        required=True,
        message="Write the values that were weighed.",
        help_text="What mattered to each person, and how they were balanced.",
    )
    remaining_disagreements = _text(
        "Disagreements that remain",
        help_text="Who still disagrees, and about what. Leave it empty if no one does.",
    )
    how_respected = _text(
        "How the remaining disagreement is respected",
        help_text="For example: an earlier review, or what will change course.",
    )
    why_person_not_followed = _text(
        "Where the person’s view did not decide it, why",
        help_text="Needed when the person disagrees with what was decided, or "
        "when a legal duty or their best interests decided it.",
    )
    capacity_record = forms.ChoiceField(
        label="The capacity assessment this rests on",
        required=False,
        help_text="Needed for a best-interests decision.",
        error_messages={
            "invalid_choice": "Choose one of this assessment’s capacity assessments."
        },
    )

    def __init__(
        self,
        *args: Any,
        options: list[Option],
        capacity: list[CapacityAssessment],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.options = {str(o.pk): o for o in options}
        self.capacity = {str(c.pk): c for c in capacity}
        cast(forms.ChoiceField, self.fields["chosen"]).choices = [
            (k, o.text) for k, o in self.options.items()
        ]
        cast(forms.ChoiceField, self.fields["capacity_record"]).choices = [
            ("", "None")
        ] + [(k, _capacity_label(c)) for k, c in self.capacity.items()]
        add_moment_fields(
            self, "review", time_label="Time of the review", default_now=False
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["review_at"] = clean_future_moment(
            self,
            "review",
            what="the review",
            past_message="The review must be in the future.",
        )
        cleaned["chosen"] = self.options.get(cleaned.get("chosen") or "")
        cleaned["capacity_record"] = self.capacity.get(
            cleaned.get("capacity_record") or ""
        )
        return cleaned
