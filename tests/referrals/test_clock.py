"""The response clock is pure: the same times always give the same words and state."""

from __future__ import annotations

import datetime as dt

import pytest

from coassess.referrals.clock import ClockState, response_clock

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
