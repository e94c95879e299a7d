"""Every form that takes a time, at the UK clock changes of 2026 and 2027: a
time the clocks skipped is refused; a repeated time is the reading on the right
side of now, said back; when both readings are possible the form asks.

Times are UTC in the code: 01:30 BST on the autumn Sunday is 00:30 UTC, 01:30
GMT is 01:30 UTC.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django import forms

import coassess
from coassess.assessments.forms import (
    CapacityForm,
    KnownSourceForm,
    StartAssessmentForm,
)
from coassess.core.forms import PARTS, MomentForm, time_questions, understood
from coassess.core.wallclock import reading_key
from coassess.decisions.forms import OutcomeForm
from coassess.people.models import Person, Supporter
from coassess.people.sharing_forms import DisclosureForm, SharingForm
from coassess.plans.forms import RationaleForm
from coassess.referrals.forms import ReferralForm

SPRING = {2026: dt.date(2026, 3, 29), 2027: dt.date(2027, 3, 28)}
AUTUMN = {2026: dt.date(2026, 10, 25), 2027: dt.date(2027, 10, 31)}
YEARS = [2026, 2027]

Make = Callable[[dict[str, Any]], MomentForm]

# Each form that takes a time: how to make it, and the time it asks for.
FORMS: dict[type[MomentForm], Make] = {
    ReferralForm: lambda data: ReferralForm(data),
    StartAssessmentForm: lambda data: StartAssessmentForm(data),
    KnownSourceForm: lambda data: KnownSourceForm(data, assessment=None),
    CapacityForm: lambda data: CapacityForm(data, assessment=None),
    RationaleForm: lambda data: RationaleForm(data),
    OutcomeForm: lambda data: OutcomeForm(data, options=[], capacity=[]),
    SharingForm: lambda data: SharingForm(
        {"choice": "share_until", "seen": "0", **data}
    ),
    DisclosureForm: lambda data: DisclosureForm(
        data, supporter=Supporter(name="Jo", person=Person(given_name="Sam"))
    ),
}
HAPPENED = [f for f in FORMS if not f.moment.to_come]
TO_COME = [f for f in FORMS if f.moment.to_come]


def utc(day: dt.date, hour: int, minute: int) -> dt.datetime:
    midnight = dt.datetime.combine(day, dt.time(0), dt.UTC)
    return midnight + dt.timedelta(hours=hour, minutes=minute)


def _subclasses(cls: type[forms.Form]) -> Iterator[type[forms.Form]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_form_that_takes_a_time_is_checked_here() -> None:
    for module in pkgutil.walk_packages(coassess.__path__, "coassess."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    found = {f for f in _subclasses(MomentForm) if f.__module__.startswith("coassess")}
    assert found == set(FORMS)


def fill(form: type[MomentForm], day: dt.date, time: str, **more: str) -> MomentForm:
    p = form.moment.prefix
    data = {
        f"{p}_day": str(day.day),
        f"{p}_month": str(day.month),
        f"{p}_year": str(day.year),
        f"{p}_time": time,
        **{f"{p}_{k}": v for k, v in more.items()},
    }
    made = FORMS[form](data)
    made.is_valid()
    return made


def moment_errors(form: MomentForm) -> dict[str, list[str]]:
    """The errors on the moment's own boxes (not on other fields that happen to
    share its prefix, such as a capacity form's `assessed_by`)."""
    p = form.moment.prefix
    boxes = {f"{p}_{part}" for part in PARTS}
    return {k: v for k, v in form.errors.items() if k in boxes}


@pytest.mark.django_db
@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("form", list(FORMS), ids=lambda f: f.__name__)
def test_a_time_the_clocks_skipped_is_refused(
    form: type[MomentForm], year: int
) -> None:
    day = SPRING[year]
    now = utc(day, 12, 0) if not form.moment.to_come else utc(day, -24, 0)
    with time_machine.travel(now, tick=False):
        filled = fill(form, day, "01:30")
    assert filled.cleaned_data.get(form.moment.key) is None
    assert moment_errors(filled) == {
        f"{form.moment.prefix}_time": [
            f"There was no 01:30 on {day.day} March {year}: at 01:00 the clocks "
            "went forward to 02:00. Check the time, and enter it as the clocks "
            "showed it."
        ]
    }


@pytest.mark.django_db
@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("form", HAPPENED, ids=lambda f: f.__name__)
def test_a_time_just_after_the_skipped_hour_is_taken(
    form: type[MomentForm], year: int
) -> None:
    day = SPRING[year]
    with time_machine.travel(utc(day, 1, 20), tick=False):  # 02:20 BST
        filled = fill(form, day, "02:10")
    assert moment_errors(filled) == {}
    assert filled.cleaned_data[form.moment.key] == utc(day, 1, 10)


@pytest.mark.django_db
@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("form", HAPPENED, ids=lambda f: f.__name__)
def test_a_repeated_time_that_happened_is_not_taken_from_the_future(
    form: type[MomentForm], year: int
) -> None:
    day = AUTUMN[year]
    with time_machine.travel(utc(day, 1, 10), tick=False):  # 01:10 GMT
        filled = fill(form, day, "01:30")
    assert moment_errors(filled) == {}
    assert filled.cleaned_data[form.moment.key] == utc(day, 0, 30)  # 01:30 BST
    assert (
        "as 01:30 before the clocks went back (BST)"
        in (understood(filled)[form.moment.prefix])
    )


@pytest.mark.django_db
@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("form", TO_COME, ids=lambda f: f.__name__)
def test_a_repeated_time_to_come_is_not_taken_from_the_past(
    form: type[MomentForm], year: int
) -> None:
    day = AUTUMN[year]
    with time_machine.travel(utc(day, 1, 10), tick=False):  # 01:10 GMT
        filled = fill(form, day, "01:30")
    assert moment_errors(filled) == {}
    assert filled.cleaned_data[form.moment.key] == utc(day, 1, 30)  # 01:30 GMT
    assert (
        "as 01:30 after the clocks went back (GMT)"
        in (understood(filled)[form.moment.prefix])
    )


@pytest.mark.django_db
@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("form", list(FORMS), ids=lambda f: f.__name__)
def test_when_both_readings_are_possible_the_form_asks_and_takes_the_answer(
    form: type[MomentForm], year: int
) -> None:
    day = AUTUMN[year]
    p = form.moment.prefix
    # Both 01:30s have passed at 01:40 GMT; both are to come a week before.
    now = utc(day, -24 * 7, 0) if form.moment.to_come else utc(day, 1, 40)
    with time_machine.travel(now, tick=False):
        asked = fill(form, day, "01:30")
        answered = fill(form, day, "01:30", reading=reading_key(utc(day, 1, 30)))
        stale = fill(form, day, "01:20", reading=reading_key(utc(day, 1, 30)))
    assert asked.cleaned_data.get(form.moment.key) is None
    assert moment_errors(asked) == {
        f"{p}_reading": [
            f"01:30 on {day.day} October {year} happened twice, because the clocks "
            "went back an hour that night. Choose which 01:30 you mean."
        ]
    }
    question = time_questions(asked)[p]
    assert question.legend == "Which 01:30 do you mean?"
    assert question.choices == (
        (
            "2026-10-25T00:30+00:00".replace("2026-10-25", day.isoformat()),
            "01:30 before the clocks went back (BST)",
        ),
        (
            "2026-10-25T01:30+00:00".replace("2026-10-25", day.isoformat()),
            "01:30 after the clocks went back (GMT)",
        ),
    )
    assert moment_errors(answered) == {}
    assert answered.cleaned_data[form.moment.key] == utc(day, 1, 30)
    # An answer about 01:30 does not choose for 01:20 typed afterwards.
    assert f"{p}_reading" in moment_errors(stale)


@pytest.mark.django_db
@pytest.mark.parametrize("form", HAPPENED, ids=lambda f: f.__name__)
def test_a_repeated_time_still_to_come_is_in_the_future(
    form: type[MomentForm],
) -> None:
    day = AUTUMN[2026]
    with time_machine.travel(utc(day, -1, 50), tick=False):  # 00:50 BST
        filled = fill(form, day, "01:30")
    assert filled.cleaned_data.get(form.moment.key) is None
    assert moment_errors(filled) == {
        f"{form.moment.prefix}_day": [form.moment.wrong_side]
    }
