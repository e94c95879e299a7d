"""Form pieces shared by every app: dates as day, month and year boxes, and times.

The NHS pattern for dates people type is three boxes (day, month, year), and
a time is typed on the 24-hour clock. `add_date_fields` and `add_moment_fields`
put those boxes on a form; `clean_date`, `clean_moment` (a time that
has passed) and `clean_future_moment` (a time to come) check them and give
plain messages, attached to the day box so the error summary links there.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from django import forms
from django.utils import timezone

TIME_PATTERN = re.compile(r"^\s*(\d{1,2})\s*[:.]?\s*(\d{2})\s*$")
# A minute's grace for clocks on different devices that disagree a little.
CLOCK_ALLOWANCE = dt.timedelta(minutes=1)


def choice_field(
    label: str,
    choices: Any,
    message: str,
    *,
    radios: bool = True,
    required: bool = True,
    help_text: str = "",
) -> forms.ChoiceField:
    """One choice from `choices`, as radios (or a select), saying `message`
    when nothing is chosen."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        help_text=help_text,
        widget=forms.RadioSelect if radios else forms.Select,
        error_messages={"required": message},
    )


M = TypeVar("M", bound=forms.ModelMultipleChoiceField[Any])


def tick_boxes(
    field_class: type[M], empty: Any, label: str, help_text: str, invalid: str = ""
) -> M:
    """Any number of records as tick boxes, none required; `empty` is a queryset
    the form narrows to what may be chosen."""
    return field_class(
        queryset=empty,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=label,
        help_text=help_text,
        error_messages={"invalid_choice": invalid} if invalid else {},
    )


def _part(label: str, what: str, low: int, high: int, wrong: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=low,
        max_value=high,
        error_messages={
            "invalid": f"The {label.lower()} must be a number.",
            "min_value": wrong,
            "max_value": wrong,
        },
    )


def add_date_fields(
    form: forms.Form, prefix: str, *, earliest_year: int = 1900
) -> None:
    """Add `<prefix>_day`, `<prefix>_month` and `<prefix>_year` boxes."""
    form.fields[f"{prefix}_day"] = _part(
        "Day", prefix, 1, 31, "The day must be between 1 and 31."
    )
    form.fields[f"{prefix}_month"] = _part(
        "Month", prefix, 1, 12, "The month must be between 1 and 12."
    )
    form.fields[f"{prefix}_year"] = _part(
        "Year", prefix, earliest_year, 2100, "Enter the year with 4 digits, like 2026."
    )


def add_moment_fields(
    form: forms.Form, prefix: str, *, time_label: str, default_now: bool = True
) -> None:
    """Date boxes plus a 24-hour time box, filled in with now unless the form is bound."""
    add_date_fields(form, prefix, earliest_year=2000)
    form.fields[f"{prefix}_time"] = forms.CharField(
        label=time_label,
        required=False,
        max_length=10,
        help_text="Use the 24-hour clock, for example 14:30.",
    )
    if default_now and not form.is_bound:
        now = timezone.localtime()
        form.initial.update(
            {
                f"{prefix}_day": now.day,
                f"{prefix}_month": now.month,
                f"{prefix}_year": now.year,
                f"{prefix}_time": f"{now:%H:%M}",
            }
        )


def _error(form: forms.Form, prefix: str, message: str) -> None:
    form.add_error(f"{prefix}_day", message)


def _has_errors(form: forms.Form, prefix: str) -> bool:
    return any(
        f"{prefix}_{part}" in form.errors for part in ("day", "month", "year", "time")
    )


def clean_date(
    form: forms.Form,
    prefix: str,
    *,
    what: str,
    required: bool = True,
    past_message: str = "",
    example: str = "15 3 1984",
) -> dt.date | None:
    """The date from the three boxes, or None with an error on the form."""
    if _has_errors(form, prefix):
        return None
    parts = [form.cleaned_data.get(f"{prefix}_{p}") for p in ("year", "month", "day")]
    if all(p is None for p in parts):
        if required:
            _error(form, prefix, f"Enter {what}, for example {example}.")
        return None
    if any(p is None for p in parts):
        _error(form, prefix, f"Enter the day, month and year of {what}.")
        return None
    try:
        value = dt.date(*parts)  # type: ignore[arg-type]
    except ValueError:
        _error(form, prefix, "That date does not exist. Check the day and month.")
        return None
    if past_message and value > timezone.localdate():
        _error(form, prefix, past_message)
        return None
    return value


def _moment(form: forms.Form, prefix: str, *, what: str) -> dt.datetime | None:
    """The date and time of `what` from the boxes, or None with an error on the form."""
    day = clean_date(form, prefix, what=f"the date of {what}", example="26 11 2026")
    raw_time = form.cleaned_data.get(f"{prefix}_time") or ""
    match = TIME_PATTERN.match(raw_time)
    if not raw_time.strip():
        form.add_error(
            f"{prefix}_time", f"Enter the time of {what}, for example 14:30."
        )
        return None
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        form.add_error(
            f"{prefix}_time", "Enter the time like 14:30, from 00:00 to 23:59."
        )
        return None
    if day is None:
        return None
    return timezone.make_aware(
        dt.datetime.combine(day, dt.time(int(match[1]), int(match[2])))
    )


def clean_moment(
    form: forms.Form, prefix: str, *, what: str, future_message: str
) -> dt.datetime | None:
    """The date and time of `what` ("the referral") as an aware datetime, never in the future."""
    moment = _moment(form, prefix, what=what)
    if moment is not None and moment > timezone.now() + CLOCK_ALLOWANCE:
        _error(form, prefix, future_message)
        return None
    return moment


def clean_future_moment(
    form: forms.Form,
    prefix: str,
    *,
    what: str,
    past_message: str,
    required: bool = False,
) -> dt.datetime | None:
    """A time still to come (a review): never in the past, and optional unless
    `required`. Boxes left empty give None; boxes half filled in give an error."""
    parts = ("day", "month", "year", "time")
    left_empty = not _has_errors(form, prefix) and all(
        form.cleaned_data.get(f"{prefix}_{part}") in (None, "") for part in parts
    )
    if left_empty and not required:
        return None
    moment = _moment(form, prefix, what=what)
    if moment is not None and moment < timezone.now() - CLOCK_ALLOWANCE:
        _error(form, prefix, past_message)
        return None
    return moment


@dataclass(frozen=True)
class Moment:
    """A date and time a form asks for: its boxes' `prefix`, the cleaned-data
    `key` it is given under, the time box's label, what it is the time of
    ("the referral"), and the message when it is on the wrong side of now.
    A moment `to_come` (a review) is optional and must be in the future;
    any other (when something happened) is required, now at the latest."""

    prefix: str
    key: str
    time_label: str
    what: str
    wrong_side: str
    to_come: bool = False


class MomentForm(forms.Form):
    """A form with one `moment`: its boxes are added and it is checked, once."""

    moment: ClassVar[Moment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        m = self.moment
        add_moment_fields(
            self, m.prefix, time_label=m.time_label, default_now=not m.to_come
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        m = self.moment
        if m.to_come:
            cleaned[m.key] = clean_future_moment(
                self, m.prefix, what=m.what, past_message=m.wrong_side
            )
        else:
            cleaned[m.key] = clean_moment(
                self, m.prefix, what=m.what, future_message=m.wrong_side
            )
        return cleaned
