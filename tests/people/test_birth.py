"""What is known of a birth: nothing invented, ranges for matching, plain words."""

from __future__ import annotations

import datetime as dt

import pytest

from coassess.people.birth import AGE_MARGIN_YEARS, Birth, years_before

TODAY = dt.date(2026, 3, 2)


def test_a_whole_date_is_one_day() -> None:
    birth = Birth.on(dt.date(1991, 4, 12))
    assert (birth.earliest, birth.latest) == (dt.date(1991, 4, 12),) * 2
    assert birth.date == dt.date(1991, 4, 12)
    assert birth.identity_words() == "born 12 April 1991"
    assert birth.sentence(TODAY) == "Born 12 April 1991 (age 34)."
    assert birth.summary(TODAY) == "12 April 1991 (age 34)"


def test_a_month_and_year_invent_no_day() -> None:
    birth = Birth(1991, 4)
    assert birth.date is None
    assert (birth.earliest, birth.latest) == (dt.date(1991, 4, 1), dt.date(1991, 4, 30))
    assert birth.identity_words() == "born April 1991"
    assert birth.summary(TODAY) == "April 1991, day not known (age 34)"
    assert Birth(1991, 3).age_words(TODAY) == "age 34 or 35"
    assert Birth(2000, 2).latest == dt.date(2000, 2, 29)


def test_a_year_alone_invents_no_month() -> None:
    birth = Birth(1991)
    assert birth.date is None
    assert (birth.earliest, birth.latest) == (
        dt.date(1991, 1, 1),
        dt.date(1991, 12, 31),
    )
    assert birth.identity_words() == "born in 1991"
    assert birth.sentence(TODAY) == "Born in 1991 (age 34 or 35)."
    assert birth.summary(TODAY) == "1991, day and month not known (age 34 or 35)"


def test_an_estimated_age_is_shown_as_about_and_grows_with_time() -> None:
    birth = Birth.about(34, TODAY)
    assert birth.is_estimate and birth.date is None
    assert birth.identity_words() == "date of birth not known, about 34"
    assert birth.sentence(TODAY) == "Date of birth not known (about 34)."
    assert birth.summary(TODAY) == "Not known: about 34, estimated on 2 March 2026"
    assert birth.age_words(dt.date(2027, 3, 1)) == "about 34"
    assert birth.age_words(dt.date(2027, 3, 2)) == "about 35"


def test_an_estimate_covers_the_margin_either_way() -> None:
    birth = Birth.about(34, TODAY)
    assert AGE_MARGIN_YEARS == 5
    # Aged 29 to 39 on the day it was given.
    assert birth.latest == dt.date(1997, 3, 2)
    assert birth.earliest == dt.date(1986, 3, 3)
    assert birth.could_be(Birth.on(dt.date(1997, 3, 2)))  # just 29
    assert not birth.could_be(Birth.on(dt.date(1997, 3, 3)))  # 28
    assert birth.could_be(Birth.on(dt.date(1986, 3, 3)))  # 39
    assert not birth.could_be(Birth.on(dt.date(1986, 3, 2)))  # 40
    assert Birth.about(2, TODAY).latest == TODAY


def test_partial_births_match_whatever_fits_them() -> None:
    whole = Birth.on(dt.date(1991, 4, 12))
    assert Birth(1991).could_be(whole)
    assert Birth(1991, 4).could_be(whole)
    assert not Birth(1991, 5).could_be(whole)
    assert not Birth(1992).could_be(whole)


def test_the_29th_of_february_steps_back_to_the_28th() -> None:
    assert years_before(dt.date(2024, 2, 29), 1) == dt.date(2023, 2, 28)


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"year": 1991, "estimated_age": 34, "estimated_on": TODAY},
        {"year": 1991, "day": 3},
        {"estimated_age": 34},
        {"year": 1991, "month": 2, "day": 30},
    ],
)
def test_it_refuses_what_is_not_a_birth(fields: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Birth(**fields)  # type: ignore[arg-type]
