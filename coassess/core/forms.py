"""Form pieces shared by every app."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %m %Y"]
TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M"]


def moment_fields(label: str) -> tuple[forms.DateField, forms.TimeField]:
    """A date box and a time box (native pickers where the browser has them)."""
    date = forms.DateField(
        label=f"{label}: date",
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": f"Enter the date ({label.lower()}).",
            "invalid": "Enter the date like 26/11/2026.",
        },
    )
    time = forms.TimeField(
        label=f"{label}: time (24-hour clock)",
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": f"Enter the time ({label.lower()}).",
            "invalid": "Enter the time like 14:30.",
        },
    )
    return date, time


def initial_now(prefix: str) -> dict[str, Any]:
    now = timezone.localtime()
    return {
        f"{prefix}_date": now.date(),
        f"{prefix}_time": now.time().replace(second=0, microsecond=0),
    }


def clean_moment(
    form: forms.Form,
    prefix: str,
    *,
    not_future: bool = True,
    future_message: str = "This time cannot be in the future.",
) -> dt.datetime | None:
    """Combine the two boxes into an aware datetime; refuse the future when asked."""
    date = form.cleaned_data.get(f"{prefix}_date")
    time = form.cleaned_data.get(f"{prefix}_time")
    if date is None or time is None:
        return None
    moment = timezone.make_aware(
        dt.datetime.combine(date, time), timezone.get_current_timezone()
    )
    if not_future and moment > timezone.now() + dt.timedelta(minutes=1):
        form.add_error(f"{prefix}_time", future_message)
        return None
    return moment
