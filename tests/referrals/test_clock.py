"""The response clock is pure: the same times always give the same words and state."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from coassess.referrals.clock import ClockState, response_clock
from coassess.referrals.models import Referral

RECEIVED = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def at(hour: int, minute: int) -> dt.datetime:
    return RECEIVED.replace(hour=hour, minute=minute)


@pytest.mark.parametrize(
    ("now", "seen", "state", "words"),
    [
        (at(10, 20), None, ClockState.ON_TIME, "40 minutes left"),
        (at(10, 44), None, ClockState.ON_TIME, "16 minutes left"),
        (at(10, 45), None, ClockState.WARNING, "15 minutes left"),
        (at(10, 48), None, ClockState.WARNING, "12 minutes left"),
        (at(11, 20), None, ClockState.BREACHED, "Breached by 20 minutes"),
        (
            at(12, 0),
            at(10, 40),
            ClockState.MET,
            "Seen within the standard, after 40 minutes",
        ),
        (
            at(12, 0),
            at(11, 30),
            ClockState.MISSED,
            "Seen after the standard, after 1 hour 30 minutes",
        ),
    ],
    ids=[
        "on time",
        "just before warning",
        "warning starts",
        "warning",
        "breach",
        "met",
        "missed",
    ],
)
def test_it_gives_the_state_and_words(
    now: dt.datetime, seen: dt.datetime | None, state: ClockState, words: str
) -> None:
    clock = response_clock(
        received_at=RECEIVED, response_minutes=60, first_seen_at=seen, now=now
    )
    assert clock.state == state
    assert clock.words == words


def test_it_stops_at_the_first_face_to_face_contact() -> None:
    later = response_clock(
        received_at=RECEIVED,
        response_minutes=60,
        first_seen_at=at(10, 40),
        now=at(23, 0),
    )
    assert later.waited == dt.timedelta(minutes=40)
    assert later.state == ClockState.MET


def test_it_is_not_breached_at_the_very_minute_it_is_due() -> None:
    clock = response_clock(
        received_at=RECEIVED, response_minutes=60, first_seen_at=None, now=at(11, 0)
    )
    assert clock.state == ClockState.WARNING


def test_it_reports_the_share_of_time_used() -> None:
    clock = response_clock(
        received_at=RECEIVED, response_minutes=60, first_seen_at=None, now=at(10, 30)
    )
    assert clock.used_share == pytest.approx(0.5)


def test_it_counts_a_ward_referral_in_hours_and_days() -> None:
    clock = response_clock(
        received_at=RECEIVED,
        response_minutes=24 * 60,
        first_seen_at=None,
        now=RECEIVED + dt.timedelta(days=1, hours=2, minutes=5),
    )
    assert clock.state == ClockState.BREACHED
    assert clock.words == "Breached by 2 hours 5 minutes"


def test_the_last_minute_reads_due_now() -> None:
    import datetime as dt

    from coassess.referrals.clock import response_clock

    received = dt.datetime(2026, 1, 14, 12, 0, tzinfo=dt.UTC)
    clock = response_clock(
        received_at=received,
        response_minutes=60,
        first_seen_at=None,
        now=received + dt.timedelta(minutes=59, seconds=30),
    )
    assert clock.words == "Due now"


LONDON = ZoneInfo("Europe/London")


def london(day: dt.date, hour: int, minute: int, *, fold: int = 0) -> dt.datetime:
    """A London wall-clock time; fold=1 is the second of a repeated time (GMT)."""
    return dt.datetime.combine(day, dt.time(hour, minute), LONDON).replace(fold=fold)


@pytest.mark.parametrize("day", [dt.date(2026, 10, 25), dt.date(2027, 10, 31)])
def test_it_counts_real_minutes_across_the_autumn_change(day: dt.date) -> None:
    # Received 01:50 BST, seen 01:10 GMT: 20 minutes later, not 40 minutes before.
    clock = response_clock(
        received_at=london(day, 1, 50),
        response_minutes=60,
        first_seen_at=london(day, 1, 10, fold=1),
        now=london(day, 3, 0),
    )
    assert clock.waited == dt.timedelta(minutes=20)
    assert clock.state == ClockState.MET
    # Received 01:30 GMT, now 01:40 GMT: 10 minutes, not "breached".
    waiting = response_clock(
        received_at=london(day, 1, 30, fold=1),
        response_minutes=60,
        first_seen_at=None,
        now=london(day, 1, 40, fold=1),
    )
    assert waiting.words == "50 minutes left"
    # Received 00:30 BST, now 01:40 GMT: 2 hours 10 minutes.
    long_wait = response_clock(
        received_at=london(day, 0, 30),
        response_minutes=60,
        first_seen_at=None,
        now=london(day, 1, 40, fold=1),
    )
    assert long_wait.words == "Breached by 1 hour 10 minutes"


@pytest.mark.parametrize("day", [dt.date(2026, 3, 29), dt.date(2027, 3, 28)])
def test_it_counts_real_minutes_across_the_spring_change(day: dt.date) -> None:
    # Received 00:50 GMT, now 02:10 BST: 20 minutes, not 1 hour 20 minutes.
    clock = response_clock(
        received_at=london(day, 0, 50),
        response_minutes=60,
        first_seen_at=None,
        now=london(day, 2, 10),
    )
    assert clock.waited == dt.timedelta(minutes=20)
    assert clock.words == "40 minutes left"


@pytest.mark.parametrize(
    ("day", "due"),
    [
        (dt.date(2026, 10, 25), dt.datetime(2026, 10, 25, 1, 50, tzinfo=dt.UTC)),
        (dt.date(2027, 3, 28), dt.datetime(2027, 3, 28, 1, 50, tzinfo=dt.UTC)),
    ],
)
def test_a_referral_is_due_a_real_hour_after_it_arrived(
    day: dt.date, due: dt.datetime
) -> None:
    # 01:50 BST in October is 00:50 UTC; 00:50 GMT in March is 00:50 UTC.
    received = london(day, 1, 50) if day.month == 10 else london(day, 0, 50)
    referral = Referral(received_at=received, response_minutes=60)
    assert referral.due_at == due
