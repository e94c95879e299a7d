"""The response clock: how long a referral has waited and how long is left.

Pure functions of the referral's times and `now` (aware datetimes, in any zone),
so the board, the reports and the tests all agree, and time can be fixed in
tests. Durations are between real instants, so a wait across a change of the
clocks is as long as it really was.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from coassess.core.presenters import duration_words

# The clock turns amber when this share of the allowed time is used.
WARNING_SHARE = 0.75


class ClockState(StrEnum):
    ON_TIME = "on_time"
    WARNING = "warning"
    BREACHED = "breached"
    MET = "met"
    MISSED = "missed"


@dataclass(frozen=True)
class Clock:
    state: ClockState
    waited: dt.timedelta
    left: dt.timedelta  # negative once breached
    allowed: dt.timedelta

    @property
    def used_share(self) -> float:
        return max(0.0, self.waited / self.allowed) if self.allowed else 1.0

    @property
    def words(self) -> str:
        if self.state in (ClockState.MET, ClockState.MISSED):
            verb = "Seen within" if self.state == ClockState.MET else "Seen after"
            return f"{verb} the standard, after {duration_words(self.waited)}"
        if self.left < dt.timedelta(0):
            return f"Breached by {duration_words(-self.left)}"
        if self.left < dt.timedelta(minutes=1):
            return "Due now"
        return f"{duration_words(self.left)} left"


def response_clock(
    *,
    received_at: dt.datetime,
    response_minutes: int,
    first_seen_at: dt.datetime | None,
    now: dt.datetime,
) -> Clock:
    allowed = dt.timedelta(minutes=response_minutes)
    end = first_seen_at or now
    # On real instants: two times in the same local zone subtract by their
    # wall clocks, an hour out across a change of the clocks.
    waited = end.astimezone(dt.UTC) - received_at.astimezone(dt.UTC)
    left = allowed - waited
    if first_seen_at is not None:
        state = ClockState.MET if waited <= allowed else ClockState.MISSED
    elif left < dt.timedelta(0):
        state = ClockState.BREACHED
    elif waited >= allowed * WARNING_SHARE:
        state = ClockState.WARNING
    else:
        state = ClockState.ON_TIME
    return Clock(state=state, waited=waited, left=left, allowed=allowed)
