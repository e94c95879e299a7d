"""Forms for recording and closing referrals.

Every message says what is wrong and what to do, in plain words.
"""

from __future__ import annotations

from django import forms

from coassess.core.forms import Moment, MomentForm, choice_field
from coassess.core.text import text_field, wording_widget
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

    source = choice_field(
        "Where did the referral come from?",
        Source.choices,
        "Say where the referral came from.",
    )
    department = text_field(
        "Department (optional)",
        required=False,
        help_text="For example, ED majors or the acute medical unit.",
        limit=100,
        long=False,
    )
    ward = text_field("Ward name (optional)", required=False, limit=100, long=False)
    bed = text_field("Bed or cubicle (optional)", required=False, limit=40, long=False)
    referrer_name = text_field(
        "Who made the referral?",
        message="Enter the name of the person who made the referral.",
        help_text="Their name and job, for example Dr Aisha Khan, ED registrar.",
        limit=200,
        long=False,
    )
    referrer_contact = text_field(
        "How to contact them (optional)",
        required=False,
        help_text="A phone number, extension or bleep.",
        limit=200,
        long=False,
    )
    # No max_length here: clean_reason gives a clearer message than Django's.
    reason = forms.CharField(
        label="Reason for the referral, in the referrer’s words",
        help_text="Write what they said, as they said it. Up to 20,000 characters.",
        widget=wording_widget("staff"),
        error_messages={
            "required": "Enter the reason for the referral, in the referrer’s words."
        },
    )
    urgency = choice_field(
        "How urgent is it?", Urgency.choices, "Say how urgent the referral is."
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
        widget=wording_widget("staff"),
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
