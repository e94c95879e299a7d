"""Form pieces shared by every app: dates as day, month and year boxes, and times.

The NHS pattern for dates people type is three boxes (day, month, year), and
a time is typed on the 24-hour clock. `add_date_fields` and `add_moment_fields`
put those boxes on a form; `clean_date`, `clean_moment` (a time that
has passed) and `clean_future_moment` (a time to come) check them and give
plain messages, attached to the day box so the error summary links there.

A month may be typed as a number or a word ("7", "July", "jul", "Sept."), as
the GOV.UK date input guidance recommends; when it is a word the date is said
back in words. A date and time becomes an instant through `core.wallclock`,
which refuses a time the clocks skipped and, in the hour the clocks repeat,
takes the reading a person means or asks which one (a `<prefix>_reading`
answer, shown as radios only when asked). What was understood is kept in
`understood(form)`, shown beside the boxes and said after saving.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from django import forms
from django.utils import timezone

from coassess.core import wallclock
from coassess.core.presenters import local_date

TIME_PATTERN = re.compile(r"^\s*(\d{1,2})\s*[:.]?\s*(\d{2})\s*$")
# A minute's grace for clocks on different devices that disagree a little.
CLOCK_ALLOWANCE = dt.timedelta(minutes=1)
PARTS = ("day", "month", "year", "time", "reading")

MONTH_WORDS = {
    word: number
    for number, words in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for word in words
}


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


class MonthField(forms.IntegerField):
    """A month typed as a number (1 to 12) or a word: a name or a common
    abbreviation in any letter case, with or without a full stop ("July",
    "jul", "Sept."). Cleans to the month's number."""

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            word = value.strip().lower()
            number = MONTH_WORDS.get(word[:-1] if word.endswith(".") else word)
            if number is not None:
                return number
        result: int | None = super().to_python(value)
        return result


def month_typed_as_word(form: forms.Form, prefix: str) -> bool:
    """Whether the month box holds a word ("July") rather than a number."""
    raw = form[f"{prefix}_month"].data
    return isinstance(raw, str) and not raw.strip().isdigit()


def understood(form: forms.BaseForm) -> dict[str, str]:
    """What was understood from each set of date boxes, by prefix, in words
    ("We read their date of birth as 3 July 1984."): shown as the boxes' hint
    when the page comes back, and said after saving (core.flow)."""
    notes: dict[str, str] = form.__dict__.setdefault("understood", {})
    return notes


@dataclass(frozen=True)
class TimeQuestion:
    """Which of two readings of a repeated time was meant: the `legend`
    ("Which 01:30 do you mean?") and the `choices` as (answer, words) pairs,
    the answer being `wallclock.reading_key` of the reading."""

    legend: str
    choices: tuple[tuple[str, str], ...]


def time_questions(form: forms.BaseForm) -> dict[str, TimeQuestion]:
    """The questions a form asks about repeated times, by prefix; empty when
    nothing is asked."""
    asked: dict[str, TimeQuestion] = form.__dict__.setdefault("time_questions", {})
    return asked


def add_date_fields(
    form: forms.Form, prefix: str, *, earliest_year: int = 1900
) -> None:
    """Add `<prefix>_day`, `<prefix>_month` and `<prefix>_year` boxes."""
    understood(form)
    form.fields[f"{prefix}_day"] = _part(
        "Day", prefix, 1, 31, "The day must be between 1 and 31."
    )
    wrong_month = "The month must be between 1 and 12."
    form.fields[f"{prefix}_month"] = MonthField(
        label="Month",
        required=False,
        min_value=1,
        max_value=12,
        error_messages={
            "invalid": "Enter the month as a number or a word, like 7 or July.",
            "min_value": wrong_month,
            "max_value": wrong_month,
        },
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
    # The answer to "which 01:30?" in the hour the clocks repeat: kept hidden
    # until asked, so an answer (or the reading of now, filled in below) is
    # kept when the page comes back for another reason.
    form.fields[f"{prefix}_reading"] = forms.CharField(
        required=False, max_length=40, widget=forms.HiddenInput
    )
    time_questions(form)
    if default_now and not form.is_bound:
        form.initial.update(moment_initial(prefix, timezone.now()))


def moment_initial(prefix: str, at: dt.datetime) -> dict[str, Any]:
    """The boxes of `prefix` filled in with the instant `at`, in local time,
    with its reading, so a time in the repeated hour means `at` unasked."""
    local = timezone.localtime(at)
    return {
        f"{prefix}_day": local.day,
        f"{prefix}_month": local.month,
        f"{prefix}_year": local.year,
        f"{prefix}_time": f"{local:%H:%M}",
        f"{prefix}_reading": wallclock.reading_key(at),
    }


def _error(form: forms.Form, prefix: str, message: str) -> None:
    form.add_error(f"{prefix}_day", message)


def _has_errors(form: forms.Form, prefix: str) -> bool:
    return any(f"{prefix}_{part}" in form.errors for part in PARTS)


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
    if month_typed_as_word(form, prefix):
        understood(form)[prefix] = f"We read {what} as {local_date(value)}."
    return value


def _moment(
    form: forms.Form, prefix: str, *, what: str, to_come: bool
) -> dt.datetime | None:
    """The date and time of `what` from the boxes as an instant (aware, UTC),
    or None with an error on the form: a time the clocks skipped is refused,
    and a repeated time resolved as `core.wallclock.resolve` says (asking
    which reading, with radios, when both are possible)."""
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
    time = dt.time(int(match[1]), int(match[2]))
    found = wallclock.resolve(
        day,
        time,
        now=timezone.now(),
        to_come=to_come,
        allowance=CLOCK_ALLOWANCE,
        chosen=form.cleaned_data.get(f"{prefix}_reading") or "",
        what=f"the time of {what}",
    )
    if found.refused:
        form.add_error(f"{prefix}_time", found.refused)
    elif found.choices:
        time_questions(form)[prefix] = TimeQuestion(
            f"Which {time:%H:%M} do you mean?",
            tuple(
                (wallclock.reading_key(r), wallclock.reading_words(r))
                for r in found.choices
            ),
        )
        form.add_error(
            f"{prefix}_reading",
            f"{time:%H:%M} on {local_date(day)} happened twice, because the "
            f"clocks went back an hour that night. Choose which {time:%H:%M} "
            "you mean.",
        )
    elif found.note:
        understood(form)[prefix] = found.note
    return found.at


def clean_moment(
    form: forms.Form, prefix: str, *, what: str, future_message: str
) -> dt.datetime | None:
    """The date and time of `what` ("the referral") as an instant (aware, UTC),
    never in the future, or None with an error on the form."""
    moment = _moment(form, prefix, what=what, to_come=False)
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
    moment = _moment(form, prefix, what=what, to_come=True)
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
