"""Forms for what the person (or a supporter) writes from their own device.

The engine's positions form and the plan's crisis plan form are reused, with
what a viewer must not choose taken out: whose position it is (always their
own) and whether it is in their own words (it always is). Every message is
kind and says what to do; what was typed is always kept.
"""

from __future__ import annotations

from typing import Any

from django import forms

from coassess.assessments.models import Topic
from coassess.assessments.sections import Section
from coassess.core.text import TEXT_LIMIT, reason_field, text_field
from coassess.decisions.forms import PositionsForm
from coassess.decisions.models import STANCES_NEEDING_REASONS
from coassess.decisions.voices import Voice
from coassess.plans.forms import ContingencyForm
from coassess.plans.models import Meaning

TOO_LONG = f"This is too long to save. Please keep it under {TEXT_LIMIT:,} characters."


class OwnWordsForm(forms.Form):
    """The viewer's own account for one part (prompt) of a section."""

    text = text_field(
        "What you want to say",
        message="Write what you want to say, then press Save.",
        wording=None,  # their own words: no prompts to reword them
    )

    def __init__(self, *args: Any, section: Section, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["max_length"] = TOO_LONG
        choices = [(p.key, p.label) for p in section.prompts]
        self.fields["prompt"] = forms.ChoiceField(
            label="Which part is this about?",
            choices=choices,
            initial=choices[0][0],
            widget=forms.RadioSelect,
            error_messages={
                "required": "Choose which part this is about.",
                "invalid_choice": "Choose one of the parts listed.",
            },
        )
        self.order_fields(["prompt", "text"])


class DisputeForm(forms.Form):
    account = reason_field(
        "What is wrong, and what you would say instead",
        what="what is wrong",
        message="Write what you disagree with, then press Save.",
        wording=None,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].error_messages["max_length"] = TOO_LONG


DECLINE_LABEL = "I don’t want to say what I think about this"
DECLINE_HINT = (
    "That is fine. The team will know you chose not to say. You can still say "
    "what you think later, if you want to."
)
DECLINE_AND_ANSWER = (
    "You chose an answer and also said you don’t want to say. Please do one "
    "or the other."
)


class OwnPositionsForm(PositionsForm):
    """The engine's positions form for one voice, the viewer's own: no choice
    of whose position it is. Where `may_decline`, the person (and only the
    person) may instead say they do not want to say what they think
    (`declines`, sent by its own button); a supporter's form has no such
    field, so it is never taken from them."""

    def __init__(
        self, *args: Any, own: Voice, may_decline: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, voices=[own], **kwargs)
        self.own = own
        self.may_decline = may_decline and own.is_person
        del self.fields["voice"]
        if self.may_decline:
            self.fields["declines"].label = DECLINE_LABEL
            self.fields["declines"].help_text = DECLINE_HINT
        else:
            del self.fields["declines"]
        for option in self.options:
            self.fields[f"stance_{option.pk}"].error_messages["invalid_choice"] = (
                "Choose one of the answers."
            )
            matters = self.fields[f"matters_{option.pk}"]
            matters.widget.attrs.pop("data-wording", None)
            matters.error_messages["max_length"] = TOO_LONG

    def _declining(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        if any(cleaned.get(f"stance_{o.pk}") for o in self.options):
            self.add_error("declines", DECLINE_AND_ANSWER)
        cleaned["answers"] = []
        return cleaned

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["voice"] = self.own.key
        cleaned["declines"] = bool(cleaned.get("declines")) and self.may_decline
        if cleaned["declines"]:
            return cleaned
        for option in self.options:
            stance = cleaned.get(f"stance_{option.pk}")
            matters = cleaned.get(f"matters_{option.pk}") or ""
            if stance in STANCES_NEEDING_REASONS and not matters.strip():
                self.add_error(f"matters_{option.pk}", NEEDS_A_REASON)
        return cleaned


NEEDS_A_REASON = (
    "Please say what matters to you here. We ask for this when you do not "
    "fully agree, so the team can understand."
)


class OwnContingencyForm(ContingencyForm):
    """The plan's crisis plan form, in the person's own words (always)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["in_own_words"]
        for field in self.text_fields():
            field.field.widget.attrs.pop("data-wording", None)
            field.field.error_messages["max_length"] = TOO_LONG


class ConfirmForm(forms.Form):
    meaning = forms.ChoiceField(
        label="Do you agree with this plan?",
        choices=[
            (Meaning.AGREE.value, "Yes, I agree with this plan"),
            (Meaning.DISAGREE.value, "I do not agree with part of it"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose yes, or that you do not agree with part of it.",
            "invalid_choice": "Choose one of the answers.",
        },
    )
    reason = reason_field(
        "If you do not agree: which part, and why",
        what="which part you do not agree with, and why",
        required=False,
        wording=None,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("meaning") == Meaning.DISAGREE and not cleaned.get("reason"):
            self.add_error(
                "reason", "Tell us which part you do not agree with, and why."
            )
        return cleaned


class TellUsForm(forms.Form):
    """What a supporter knows, in their own words, about one of the prompts
    (`Topic`), and whether they ask us to keep it from the person (`called`)."""

    topic = forms.ChoiceField(
        label="What is this about?",
        choices=Topic.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what this is about.",
            "invalid_choice": "Choose one of the answers.",
        },
    )
    text = text_field(
        "What you want the team to know",
        message="Write what you want the team to know, then press Save.",
        wording=None,  # their own words: no prompts to reword them
    )
    in_confidence = forms.BooleanField(required=False)

    def __init__(self, *args: Any, called: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["max_length"] = TOO_LONG
        confidence = self.fields["in_confidence"]
        confidence.label = f"Please do not show this to {called}"
        confidence.help_text = (
            f"Tick this if telling {called} could cause you or them harm. "
            "The team will keep it private and decide with you what to do."
        )


class ChangeToldForm(TellUsForm):
    """A new version of what a supporter told us (`TellUsForm` without the
    choice to keep it from the person), on top of the version they saw
    (`based_on`, its id): a stale one is a conflict, never saved over."""

    based_on = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, called: str, **kwargs: Any) -> None:
        super().__init__(*args, called=called, **kwargs)
        del self.fields["in_confidence"]
        self.fields["text"].label = "What you want the team to know now"


class TakeBackForm(forms.Form):
    """Taking back what a supporter told us: the version they saw (`based_on`)."""

    based_on = forms.UUIDField(widget=forms.HiddenInput)
