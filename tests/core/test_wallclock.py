"""Typed local times and the real instants they mean, across the UK clock changes
of 2026 and 2027 (core/wallclock.py).

Spring: last Sunday of March, 01:00 GMT -> 02:00 BST (01:00-01:59 never happens).
Autumn: last Sunday of October, 02:00 BST -> 01:00 GMT (01:00-01:59 happens twice).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings

from coassess.core import wallclock
from coassess.core.presenters import local_datetime

UTC = dt.UTC
SPRING = {2026: dt.date(2026, 3, 29), 2027: dt.date(2027, 3, 28)}
AUTUMN = {2026: dt.date(2026, 10, 25), 2027: dt.date(2027, 10, 31)}
YEARS = [2026, 2027]


def utc(day: dt.date, hour: int, minute: int) -> dt.datetime:
    """`hour`:`minute` UTC on `day`; a negative hour is the evening before."""
    midnight = dt.datetime.combine(day, dt.time(0), UTC)
    return midnight + dt.timedelta(hours=hour, minutes=minute)


def test_the_time_zone_is_london() -> None:
    assert settings.TIME_ZONE == "Europe/London"
    assert settings.USE_TZ


@pytest.mark.parametrize("year", YEARS)
def test_a_repeated_time_has_two_readings_an_hour_apart(year: int) -> None:
    day = AUTUMN[year]
    assert wallclock.readings(day, dt.time(1, 30)) == (
        utc(day, 0, 30),  # 01:30 BST
        utc(day, 1, 30),  # 01:30 GMT
    )
    # Either side of the repeated hour, one reading each.
    assert wallclock.readings(day, dt.time(0, 59)) == (utc(day, -1, 59),)
    assert wallclock.readings(day, dt.time(2, 0)) == (utc(day, 2, 0),)


@pytest.mark.parametrize("year", YEARS)
def test_a_skipped_time_has_no_reading(year: int) -> None:
    day = SPRING[year]
    assert wallclock.readings(day, dt.time(1, 0)) == ()
    assert wallclock.readings(day, dt.time(1, 59)) == ()
    assert wallclock.readings(day, dt.time(0, 59)) == (utc(day, 0, 59),)
    assert wallclock.readings(day, dt.time(2, 0)) == (utc(day, 1, 0),)


@pytest.mark.parametrize("year", YEARS)
def test_a_skipped_time_is_refused_saying_what_the_clocks_did(year: int) -> None:
    day = SPRING[year]
    found = wallclock.resolve(
        day, dt.time(1, 30), now=utc(day, 12, 0), what="the time of the referral"
    )
    assert found.at is None
    assert found.refused == (
        f"There was no 01:30 on {day.day} March {year}: at 01:00 the clocks went "
        "forward to 02:00. Check the time, and enter it as the clocks showed it."
    )


@pytest.mark.parametrize("year", YEARS)
def test_a_repeated_time_that_happened_is_the_reading_not_in_the_future(
    year: int,
) -> None:
    day = AUTUMN[year]
    # At 01:10 GMT, 01:30 GMT is still to come: 01:30 BST is meant.
    found = wallclock.resolve(
        day, dt.time(1, 30), now=utc(day, 1, 10), what="the time of the referral"
    )
    assert found.at == utc(day, 0, 30)
    assert found.note == (
        "We took the time of the referral as 01:30 before the clocks went back "
        f"(BST) on {day.day} October {year}, because 01:30 after the clocks went "
        "back (GMT) is still to come."
    )


@pytest.mark.parametrize("year", YEARS)
def test_a_repeated_time_to_come_is_the_reading_not_in_the_past(year: int) -> None:
    day = AUTUMN[year]
    # At 01:10 GMT, 01:30 BST has passed: a review at 01:30 is 01:30 GMT.
    found = wallclock.resolve(day, dt.time(1, 30), now=utc(day, 1, 10), to_come=True)
    assert found.at == utc(day, 1, 30)
    assert "because 01:30 before the clocks went back (BST) has passed" in found.note


@pytest.mark.parametrize("year", YEARS)
def test_when_both_readings_are_possible_it_asks(year: int) -> None:
    day = AUTUMN[year]
    found = wallclock.resolve(day, dt.time(1, 30), now=utc(day, 1, 40))
    assert found.at is None
    assert found.choices == (utc(day, 0, 30), utc(day, 1, 30))
    assert [wallclock.reading_words(r) for r in found.choices] == [
        "01:30 before the clocks went back (BST)",
        "01:30 after the clocks went back (GMT)",
    ]
    # A review set weeks before: both are to come.
    earlier = wallclock.resolve(
        day, dt.time(1, 30), now=dt.datetime(year, 10, 1, tzinfo=UTC), to_come=True
    )
    assert earlier.choices == found.choices


@pytest.mark.parametrize("year", YEARS)
def test_an_answer_picks_its_reading_and_only_for_the_time_it_was_given(
    year: int,
) -> None:
    day = AUTUMN[year]
    gmt = wallclock.reading_key(utc(day, 1, 30))
    found = wallclock.resolve(day, dt.time(1, 30), now=utc(day, 1, 40), chosen=gmt)
    assert found.at == utc(day, 1, 30)
    assert found.note == ""
    # The same answer does not choose for a different time typed afterwards.
    other = wallclock.resolve(day, dt.time(1, 20), now=utc(day, 1, 40), chosen=gmt)
    assert other.at is None
    assert other.choices == (utc(day, 0, 20), utc(day, 1, 20))


@pytest.mark.parametrize("year", YEARS)
def test_a_time_on_the_wrong_side_of_now_either_way_is_left_to_the_caller(
    year: int,
) -> None:
    day = AUTUMN[year]
    # At 00:50 BST, both 01:30s are still to come: the form refuses it as future.
    found = wallclock.resolve(day, dt.time(1, 30), now=utc(day, -1, 50))
    assert found.at is not None
    assert found.at > utc(day, -1, 50)
    assert found.choices == ()


@pytest.mark.parametrize("year", YEARS)
def test_a_day_starts_at_its_first_minute(year: int) -> None:
    assert wallclock.start_of_day(SPRING[year]) == utc(SPRING[year], 0, 0)
    assert wallclock.start_of_day(AUTUMN[year]) == utc(AUTUMN[year], -1, 0)
    assert wallclock.start_of_day(dt.date(year, 7, 1)) == utc(
        dt.date(year, 7, 1), -1, 0
    )


@pytest.mark.parametrize("year", YEARS)
def test_a_time_in_the_repeated_hour_is_shown_with_which_one_it_was(
    year: int,
) -> None:
    day = AUTUMN[year]
    assert local_datetime(utc(day, 0, 30)) == (
        f"{day.day} October {year} at 01:30 before the clocks went back (BST)"
    )
    assert local_datetime(utc(day, 1, 30)) == (
        f"{day.day} October {year} at 01:30 after the clocks went back (GMT)"
    )
    assert local_datetime(utc(day, 2, 30)) == f"{day.day} October {year} at 02:30"


def test_a_set_time_the_clocks_skipped_is_an_error() -> None:
    with pytest.raises(ValueError, match="did not happen"):
        wallclock.at_local(SPRING[2026], dt.time(1, 15))
    assert wallclock.at_local(AUTUMN[2026], dt.time(1, 15)) == utc(AUTUMN[2026], 0, 15)
