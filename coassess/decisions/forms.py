"""Forms for decisions, for any host. Plain messages; what was typed is always kept.

The rules about positions and outcomes (a reason for reservations, disagreement
and objection; why the person's view did not prevail) live in `rules`. These
forms check only the shape of what was typed, and the views show the rules'
messages beside the part they are about. Voices are chosen from the host's.
"""

from __future__ import annotations

import dataclasses
from typing import Any, cast
from uuid import UUID

from django import forms

from coassess.core.forms import Moment, MomentForm, choice_field
from coassess.core.text import text_field
from coassess.decisions.hosts import CapacityRecord
from coassess.decisions.models import DecidingRule, Option, Position, Stance
from coassess.decisions.rules import OutcomeDraft
from coassess.decisions.services import Answer
from coassess.decisions.voices import Voice

NOT_TAKING_PART = "Choose someone who is taking part in this assessment."
OPTION_LIMIT = 1000


def voice_field(
    label: str, *, required: bool = True, message: str = ""
) -> forms.TypedChoiceField:
    """Choose one of the host's voices (`choose_voices` fills in the choices);
    cleans to the voice's key."""
    return forms.TypedChoiceField(
        label=label,
        required=required,
        coerce=UUID,
        empty_value=None,
        error_messages={"required": message, "invalid_choice": NOT_TAKING_PART},
    )


def choose_voices(
    form: forms.Form, name: str, voices: list[Voice], empty: str = ""
) -> None:
    """Offer these voices, and only them, in the field `name`."""
    choices = [(str(v.key), v.label) for v in voices]
    field = cast(forms.TypedChoiceField, form.fields[name])
    field.choices = [("", empty), *choices] if empty else choices


class DecisionForm(forms.Form):
    question = text_field(
        "The question, in plain words",
        message="Write the question, in plain words.",
        help_text="For example: Where will you be supported tonight?",
        limit=500,
        long=False,
    )


class OptionForm(forms.Form):
    text = text_field(
        "The option",
        limit=OPTION_LIMIT,
        message="Write the option.",
        help_text="Anyone taking part can suggest one. Write it in their words.",
    )
    proposer = voice_field("Who suggests it?", message="Choose who suggests it.")

    def __init__(self, *args: Any, voices: list[Voice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_voices(self, "proposer", voices)


class RewordForm(forms.Form):
    """New words for an option. `based_on_wording` is the one the writer saw."""

    based_on_wording = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    text = text_field(
        "The option, reworded",
        limit=OPTION_LIMIT,
        message="Write the option.",
        help_text="Everyone who gave a position on it will be asked again.",
    )


def stance_name(option: Option) -> str:
    return f"stance_{option.pk}"


def matters_name(option: Option) -> str:
    return f"matters_{option.pk}"


class PositionsForm(forms.Form):
    """One voice's positions on the options of a decision, each with what matters.

    An option left without a position is skipped, so people can answer some now
    and the rest later; at least one is needed. `word` names the options
    ("Option 1: ...", "Action 1: ...").
    """

    voice = voice_field(
        "Whose position is this?", message="Choose whose position this is."
    )

    def __init__(
        self,
        *args: Any,
        voices: list[Voice],
        options: list[Option],
        word: str = "option",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choose_voices(self, "voice", voices)
        self.options = options
        self.word = word
        for number, option in enumerate(options, start=1):
            self.fields[stance_name(option)] = forms.ChoiceField(
                label=f"{word.capitalize()} {number}: {option.text}",
                choices=Stance.choices,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Choose one of the positions."},
            )
            self.fields[matters_name(option)] = text_field(
                f"What matters to you here ({word} {number})",
                required=False,
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
                    f"Choose a position on this {self.word}, or clear what you wrote.",
                )
        if not answers and self.options and not self.errors:
            self.add_error(
                stance_name(self.options[0]),
                f"Choose a position on at least one {self.word}.",
            )
        cleaned["answers"] = answers
        return cleaned

    def show_refusals(self, errors: dict[UUID, str]) -> None:
        """Put the rules' message beside each option they refused."""
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
    """`?as=<voice>`: whose eyes the voices grid is seen through."""

    def __init__(self, *args: Any, voices: list[Voice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["as"] = voice_field("See the positions as", required=False)
        choose_voices(self, "as", voices, empty="Choose someone taking part")

    def viewer(self) -> UUID | None:
        if not self.is_bound or not self.is_valid():
            return None
        return cast("UUID | None", self.cleaned_data.get("as"))


class OutcomeForm(MomentForm):
    """The balanced decision. `based_on` is the outcome the writer saw, for the conflict check."""

    moment = Moment(
        "review",
        "review_at",
        time_label="Time of the review",
        what="the review",
        wrong_side="The review must be in the future.",
        to_come=True,
    )

    based_on = forms.UUIDField(widget=forms.HiddenInput, required=False)
    chosen = forms.ChoiceField(
        label="What was decided",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the option that was decided.",
            "invalid_choice": "Choose one of this decision's options.",
        },
    )
    deciding_rule = choice_field(
        "How was it decided?", DecidingRule.choices, "Say how the decision was reached."
    )
    rationale = text_field(
        "Why this option", message="Write why this option was chosen."
    )
    values_weighed = text_field(
        "The values weighed",
        message="Write the values that were weighed.",
        help_text="What mattered to each person, and how they were balanced.",
    )
    remaining_disagreements = text_field(
        "Disagreements that remain",
        required=False,
        help_text="Who still disagrees, and about what. Leave it empty if no one does.",
    )
    how_respected = text_field(
        "How the remaining disagreement is respected",
        required=False,
        help_text="For example: an earlier review, or what will change course.",
    )
    why_person_not_followed = text_field(
        "Where the person’s view did not decide it, why",
        required=False,
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
        capacity: list[CapacityRecord],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.options = {str(o.pk): o for o in options}
        self.capacity = {str(c.key): c for c in capacity}
        cast(forms.ChoiceField, self.fields["chosen"]).choices = [
            (k, o.text) for k, o in self.options.items()
        ]
        cast(forms.ChoiceField, self.fields["capacity_record"]).choices = [
            ("", "None")
        ] + [(k, c.label) for k, c in self.capacity.items()]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["chosen"] = self.options.get(cleaned.get("chosen") or "")
        record = self.capacity.get(cleaned.get("capacity_record") or "")
        cleaned["capacity_record"] = record.key if record else None
        return cleaned

    def draft(self) -> OutcomeDraft:
        """The outcome as typed, for the rules to judge."""
        return OutcomeDraft(
            **{
                f.name: self.cleaned_data[f.name]
                for f in dataclasses.fields(OutcomeDraft)
            }
        )


def outcome_initial(outcome: Any) -> dict[str, Any]:
    """The outcome form filled in from the current outcome (None: a new one)."""
    if outcome is None:
        return {"based_on": None}
    return {
        "based_on": outcome.pk,
        "chosen": str(outcome.chosen_id),
        "deciding_rule": outcome.deciding_rule,
        "rationale": outcome.rationale,
        "values_weighed": outcome.values_weighed,
        "remaining_disagreements": outcome.remaining_disagreements,
        "how_respected": outcome.how_respected,
        "why_person_not_followed": outcome.why_person_not_followed,
        "capacity_record": str(outcome.capacity_record or ""),
    }
