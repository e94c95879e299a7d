"""The shared day, month and year boxes: a month may be a number or a word (as
the GOV.UK date input guidance recommends), and a word is said back in words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import unescape
from typing import Any

import pytest
import time_machine
from django import forms
from django.urls import reverse

from coassess.core.forms import add_date_fields, clean_date, understood
from coassess.people.models import Person
from coassess.referrals.models import Referral

MONTHS = {
    1: ["January", "Jan"],
    2: ["February", "Feb"],
    3: ["March", "Mar"],
    4: ["April", "Apr"],
    5: ["May"],
    6: ["June", "Jun"],
    7: ["July", "Jul"],
    8: ["August", "Aug"],
    9: ["September", "Sep", "Sept"],
    10: ["October", "Oct"],
    11: ["November", "Nov"],
    12: ["December", "Dec"],
}
TYPED = [
    (variant, number)
    for number, words in MONTHS.items()
    for word in words
    for variant in (word, word.lower(), word.upper(), f"{word}.", f" {word.lower()}. ")
]


class BornForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_date_fields(self, "dob")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["born"] = clean_date(self, "dob", what="their date of birth")
        return cleaned


def born(day: str, month: str, year: str) -> BornForm:
    form = BornForm({"dob_day": day, "dob_month": month, "dob_year": year})
    form.is_valid()
    return form


@pytest.mark.parametrize(("typed", "number"), TYPED)
def test_a_month_may_be_a_name_or_an_abbreviation_in_any_case(
    typed: str, number: int
) -> None:
    form = born("3", typed, "1984")
    assert form.errors == {}
    assert form.cleaned_data["born"] == dt.date(1984, number, 3)


def test_a_month_word_is_said_back_in_words_and_a_number_is_not() -> None:
    assert understood(born("3", "jul", "1984")) == {
        "dob": "We read their date of birth as 3 July 1984."
    }
    assert understood(born("3", "7", "1984")) == {}
    assert understood(born("3", "07", "1984")) == {}


@pytest.mark.parametrize("typed", ["Jly", "Septembre", "7th", "J", "Sept.."])
def test_a_month_that_is_neither_a_number_nor_a_month_is_refused(typed: str) -> None:
    form = born("3", typed, "1984")
    assert form.errors == {
        "dob_month": ["Enter the month as a number or a word, like 7 or July."]
    }


@pytest.mark.parametrize(
    ("day", "month", "message"),
    [
        ("31", "Feb", "That date does not exist. Check the day and month."),
        ("31", "sept", "That date does not exist. Check the day and month."),
        ("3", "13", "The month must be between 1 and 12."),
        ("3", "0", "The month must be between 1 and 12."),
    ],
)
def test_impossible_dates_keep_their_messages(
    day: str, month: str, message: str
) -> None:
    form = born(day, month, "1984")
    assert message in [e for errors in form.errors.values() for e in errors]
    assert form.cleaned_data["born"] is None


def text(response: Any) -> str:
    return unescape(response.content.decode())


def test_a_search_says_how_a_month_word_was_read(
    signed_in: Callable[[str], Any], person: Person
) -> None:
    html = text(
        signed_in("clinician").get(
            reverse("people:find_person"),
            {
                "family_name": "Reid",
                "dob_day": "12",
                "dob_month": "apr",
                "dob_year": "1991",
            },
        )
    )
    assert "We read their date of birth as 12 April 1991." in html
    assert "Samantha Reid" in html or "Sam Reid" in html


def test_a_month_word_that_is_wrong_is_explained_and_kept(
    signed_in: Callable[[str], Any], person: Person
) -> None:
    html = text(
        signed_in("clinician").get(
            reverse("people:find_person"),
            {
                "family_name": "Reid",
                "dob_day": "12",
                "dob_month": "Aprl",
                "dob_year": "1991",
            },
        )
    )
    assert "Enter the month as a number or a word, like 7 or July." in html
    assert 'value="Aprl"' in html


def test_a_referral_dated_with_a_month_word_is_said_back_after_saving(
    signed_in: Callable[[str], Any], person: Person
) -> None:
    with time_machine.travel(dt.datetime(2026, 1, 14, 14, 30, tzinfo=dt.UTC)):
        browser = signed_in("clinician")
        response = browser.post(
            reverse("referrals:add_referral", kwargs={"person_id": person.pk}),
            {
                "source": "ed",
                "referrer_name": "Dr Aisha Khan, ED registrar",
                "reason": "Says she does not feel safe at home.",
                "urgency": "emergency",
                "received_day": "14",
                "received_month": "Jan.",
                "received_year": "2026",
                "received_time": "14:10",
            },
            follow=True,
        )
    html = text(response)
    assert "We read the date of the referral as 14 January 2026." in html
    assert Referral.objects.get().received_at == dt.datetime(
        2026, 1, 14, 14, 10, tzinfo=dt.UTC
    )
