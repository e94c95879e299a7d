"""Forms for recording and closing referrals.

Every message says what is wrong and what to do, in plain words.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone

from coassess.referrals.models import Source, Urgency

REASON_MAX = 20_000
OUTCOME_MAX = 5_000
FUTURE = "The time the referral was received cannot be in the future"
# The same allowance as the service: a minute for clocks that disagree a little.
CLOCK_ALLOWANCE = dt.timedelta(minutes=1)
TIME_PATTERN = re.compile(r"^\s*(\d{1,2})\s*[:.]?\s*(\d{2})\s*$")


def too_long(what: str, limit: int, typed: int) -> str:
    return (
        f"{what} must be {limit:,} characters or fewer. "
        f"You have typed {typed:,}. Make it shorter."
    )


class ReferralForm(forms.Form):
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
    received_day = forms.IntegerField(
        label="Day",
        min_value=1,
        max_value=31,
        error_messages={
            "required": "Enter the day the referral was received.",
            "invalid": "The day must be a number.",
            "min_value": "The day must be between 1 and 31.",
            "max_value": "The day must be between 1 and 31.",
        },
    )
    received_month = forms.IntegerField(
        label="Month",
        min_value=1,
        max_value=12,
        error_messages={
            "required": "Enter the month the referral was received.",
            "invalid": "The month must be a number.",
            "min_value": "The month must be between 1 and 12.",
            "max_value": "The month must be between 1 and 12.",
        },
    )
    received_year = forms.IntegerField(
        label="Year",
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "Enter the year the referral was received.",
            "invalid": "The year must be a number.",
            "min_value": "Enter the year with 4 digits, like 2025.",
            "max_value": "Enter the year with 4 digits, like 2025.",
        },
    )
    received_time = forms.CharField(
        label="Time received",
        max_length=10,
        help_text="Use the 24-hour clock, for example 14:30.",
        error_messages={
            "required": "Enter the time the referral was received, for example 14:30.",
            "max_length": "Enter the time like 14:30.",
        },
    )

    def __init__(self, *args: Any, now: dt.datetime | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            local = timezone.localtime(now or timezone.now())
            self.initial.update(
                received_day=local.day,
                received_month=local.month,
                received_year=local.year,
                received_time=f"{local:%H:%M}",
            )

    def clean_reason(self) -> str:
        reason: str = self.cleaned_data.get("reason", "")
        if len(reason) > REASON_MAX:
            raise forms.ValidationError(
                too_long("The reason", REASON_MAX, len(reason)), code="max_length"
            )
        return reason

    def clean_received_time(self) -> dt.time:
        match = TIME_PATTERN.match(self.cleaned_data.get("received_time", ""))
        if match is None:
            raise forms.ValidationError(
                "Enter the time like 14:30, using the 24-hour clock.", code="invalid"
            )
        hour, minute = int(match[1]), int(match[2])
        if hour > 23 or minute > 59:
            raise forms.ValidationError(
                "Enter a real time, from 00:00 to 23:59.", code="invalid"
            )
        return dt.time(hour, minute)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        parts = [cleaned.get(f"received_{p}") for p in ("year", "month", "day")]
        time = cleaned.get("received_time")
        if any(p is None for p in parts) or time is None:
            return cleaned
        try:
            day = dt.date(*parts)  # type: ignore[arg-type]
        except ValueError:
            self.add_error(
                "received_day", "That date does not exist. Check the day and month."
            )
            return cleaned
        received_at = timezone.make_aware(dt.datetime.combine(day, time))
        if received_at > timezone.now() + CLOCK_ALLOWANCE:
            self.add_error("received_day", FUTURE + ".")
            return cleaned
        cleaned["received_at"] = received_at
        return cleaned


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
