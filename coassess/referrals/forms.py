"""Forms for recording and closing referrals.

Every message says what is wrong and what to do, in plain words.
"""

from __future__ import annotations

from django import forms

from coassess.core.forms import Moment, MomentForm
from coassess.referrals.models import Source, Urgency

REASON_MAX = 20_000
OUTCOME_MAX = 5_000
FUTURE = "The time the referral was received cannot be in the future"


def too_long(what: str, limit: int, typed: int) -> str:
    return (
        f"{what} must be {limit:,} characters or fewer. "
        f"You have typed {typed:,}. Make it shorter."
    )


class ReferralForm(MomentForm):
    moment = Moment(
        "received",
        "received_at",
        time_label="Time received",
        what="the referral",
        wrong_side=FUTURE + ".",
    )

    source = forms.ChoiceField(
        label="Where did the referral come from?",
        choices=Source.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say where the referral came from."},
    )
    department = forms.CharField(
        label="Department (optional)",
        required=False,
        max_length=100,
        help_text="For example, ED majors or the acute medical unit.",
        error_messages={
            "max_length": "The department must be 100 characters or fewer."
        },
    )
    ward = forms.CharField(
        label="Ward name (optional)",
        required=False,
        max_length=100,
        error_messages={"max_length": "The ward name must be 100 characters or fewer."},
    )
    bed = forms.CharField(
        label="Bed or cubicle (optional)",
        required=False,
        max_length=40,
        error_messages={"max_length": "The bed must be 40 characters or fewer."},
    )
    referrer_name = forms.CharField(
        label="Who made the referral?",
        max_length=200,
        help_text="Their name and job, for example Dr Aisha Khan, ED registrar.",
        error_messages={
            "required": "Enter the name of the person who made the referral.",
            "max_length": "The name must be 200 characters or fewer.",
        },
    )
    referrer_contact = forms.CharField(
        label="How to contact them (optional)",
        required=False,
        max_length=200,
        help_text="A phone number, extension or bleep.",
        error_messages={"max_length": "The contact must be 200 characters or fewer."},
    )
    # No max_length here: clean_reason gives a clearer message than Django's.
    reason = forms.CharField(
        label="Reason for the referral, in the referrer’s words",
        help_text="Write what they said, as they said it. Up to 20,000 characters.",
        widget=forms.Textarea,
        error_messages={
            "required": "Enter the reason for the referral, in the referrer’s words."
        },
    )
    urgency = forms.ChoiceField(
        label="How urgent is it?",
        choices=Urgency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say how urgent the referral is."},
    )

    def clean_reason(self) -> str:
        reason: str = self.cleaned_data.get("reason", "")
        if len(reason) > REASON_MAX:
            raise forms.ValidationError(
                too_long("The reason", REASON_MAX, len(reason)), code="max_length"
            )
        return reason


class CloseReferralForm(forms.Form):
    outcome = forms.CharField(
        label="What happened?",
        help_text="For example: assessed, and went home with a plan agreed "
        "together; admitted to a ward; the referral was withdrawn.",
        widget=forms.Textarea,
        error_messages={
            "required": "Say what happened with this referral before closing it."
        },
    )

    def clean_outcome(self) -> str:
        outcome: str = self.cleaned_data.get("outcome", "")
        if len(outcome) > OUTCOME_MAX:
            raise forms.ValidationError(
                too_long("Your answer", OUTCOME_MAX, len(outcome)),
                code="max_length",
            )
        return outcome
