"""How referrals and their response clocks are shown on the board and pages.

The clocks are worked out here in Python from rows already loaded, so the
board costs the same few queries whether the team has 5 referrals or 200.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from django.urls import reverse
from django.utils import timezone

from coassess.core.presenters import duration_words, local_datetime
from coassess.referrals.clock import WARNING_SHARE, Clock, ClockState, response_clock
from coassess.referrals.models import Referral

# The <meter> on the board: green below METER_LOW, amber from METER_LOW to
# METER_HIGH, red above METER_HIGH. Values are kept inside the band that
# matches the clock's state, so the colour and the tag's words always agree.
METER_LOW = WARNING_SHARE
METER_HIGH = 0.99

TAGS: dict[ClockState, tuple[str, str]] = {
    ClockState.ON_TIME: ("On time", "green"),
    ClockState.WARNING: ("Nearly due", "orange"),
    ClockState.BREACHED: ("Breached", "red"),
    ClockState.MET: ("Seen in time", "blue"),
    ClockState.MISSED: ("Seen late", "grey"),
}


def when_words(value: dt.datetime, now: dt.datetime) -> str:
    """'today at 14:02' for today, else '3 May 2025 at 14:02'."""
    local = timezone.localtime(value)
    if local.date() == timezone.localtime(now).date():
        return f"today at {local:%H:%M}"
    return local_datetime(value)


def clock_of(referral: Referral, now: dt.datetime) -> Clock:
    return response_clock(
        received_at=referral.received_at,
        response_minutes=referral.response_minutes,
        first_seen_at=referral.first_seen_at,
        now=now,
    )


@dataclass(frozen=True)
class BoardRow:
    referral: Referral
    clock: Clock
    now: dt.datetime

    @property
    def referral_id(self) -> object:
        return self.referral.pk

    @property
    def person_id(self) -> object:
        return self.referral.person_id

    @property
    def assessment_id(self) -> object | None:
        """The referral's assessment, if one has started (loaded with the board's query)."""
        assessment = getattr(self.referral, "assessment", None)
        return assessment.pk if assessment is not None else None

    @property
    def name(self) -> str:
        return self.referral.person.name

    @property
    def pronouns(self) -> str:
        return self.referral.person.pronouns

    @property
    def location(self) -> str:
        return self.referral.location

    @property
    def source(self) -> str:
        """The source, when the location does not already say it."""
        source = self.referral.get_source_display()
        return "" if source == self.location else source

    @property
    def urgency(self) -> str:
        return f"{self.referral.get_urgency_display()} referral"

    @property
    def received(self) -> str:
        return f"Received {when_words(self.referral.received_at, self.now)}"

    @property
    def is_seen(self) -> bool:
        return self.referral.first_seen_at is not None

    @property
    def waiting(self) -> str:
        if self.referral.first_seen_at is not None:
            return f"Seen {when_words(self.referral.first_seen_at, self.now)}"
        return duration_words(self.clock.waited)

    @property
    def time_left(self) -> str:
        return self.clock.words

    @property
    def tag_text(self) -> str:
        return TAGS[self.clock.state][0]

    @property
    def tag_colour(self) -> str:
        return TAGS[self.clock.state][1]

    @property
    def meter_value(self) -> float:
        state = self.clock.state
        if state == ClockState.BREACHED:
            return 1.0
        share = self.clock.used_share
        if state == ClockState.WARNING:
            return round(min(max(share, METER_LOW + 0.01), METER_HIGH), 3)
        return round(min(share, METER_LOW - 0.01), 3)

    @property
    def meter_percent(self) -> int:
        return round(min(self.clock.used_share, 1.0) * 100)

    # Links, made by filling in a reversed URL: reversing three URLs for each of
    # 200 rows was a tenth of the board's time.
    @property
    def person_url(self) -> str:
        return link("people:show_person", "person_id", self.referral.person_id)

    @property
    def assessment_url(self) -> str:
        if self.assessment_id is None:
            return link("assessments:start_assessment", "referral_id", self.referral.pk)
        return link("assessments:show_assessment", "assessment_id", self.assessment_id)

    @property
    def close_url(self) -> str:
        return link("referrals:close_referral", "referral_id", self.referral.pk)

    def sort_key(self) -> tuple[int, float]:
        """Not yet seen first, least time left first; then seen, oldest first."""
        if self.is_seen:
            return (1, self.referral.received_at.timestamp())
        return (0, self.clock.left.total_seconds())


@dataclass(frozen=True)
class Board:
    rows: list[BoardRow]
    updated: str
    meter_low: float = METER_LOW
    meter_high: float = METER_HIGH

    @property
    def waiting_count(self) -> int:
        return sum(1 for row in self.rows if not row.is_seen)


_SLOT = uuid.UUID(int=0)


@cache
def _url_template(name: str, kwarg: str) -> str:
    return reverse(name, kwargs={kwarg: _SLOT})


def link(name: str, kwarg: str, pk: object) -> str:
    """reverse(name, kwargs={kwarg: pk}) for a UUID pk, without resolving each time."""
    return _url_template(name, kwarg).replace(str(_SLOT), str(pk))


def board(referrals: Iterable[Referral], now: dt.datetime) -> Board:
    rows = [BoardRow(r, clock_of(r, now), now) for r in referrals]
    rows.sort(key=BoardRow.sort_key)
    return Board(rows=rows, updated=f"{timezone.localtime(now):%H:%M}")


def where(referral: Referral) -> str:
    source = referral.get_source_display()
    location = referral.location
    return source if location == source else f"{source}: {location}"


def referral_details(referral: Referral, now: dt.datetime) -> list[tuple[str, str]]:
    """Rows for a summary list of one referral."""
    r = referral
    referrer = r.referrer_name
    if r.referrer_contact:
        referrer = f"{referrer} ({r.referrer_contact})"
    return [
        ("Received", local_datetime(r.received_at)),
        ("From", where(r)),
        ("Referred by", referrer),
        ("Urgency", r.get_urgency_display()),
        ("Reason, in their words", r.reason),
        ("Response time", clock_of(r, now).words),
    ]
