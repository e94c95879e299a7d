"""Times as people type them (a date and a time on the wall clock) and the real
instants they mean, in the one place every form goes through.

The clocks in Europe/London (settings.TIME_ZONE) change twice a year:

- in spring, at 01:00 GMT on the last Sunday of March, they go forward to 02:00
  BST, so 01:00 to 01:59 that night never happens;
- in autumn, at 02:00 BST on the last Sunday of October, they go back to 01:00
  GMT, so 01:00 to 01:59 that night happens twice, an hour apart.

`readings` gives every instant a typed date and time can mean: none in the
spring gap, two in the autumn's repeated hour, one otherwise. `resolve` picks
the one a person means, as a person would: the reading on the right side of
now (a time that has happened is not in the future; a review is not in the
past); when both readings are possible it asks, naming each one in words.

Every instant given back is in UTC. Python compares and subtracts two aware
datetimes with the same tzinfo by their wall-clock times, ignoring which side of
a clock change they fall on; in UTC that mistake cannot happen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from coassess.core.presenters import clock_time, local_date

MINUTE = dt.timedelta(minutes=1)


def _zone(tz: dt.tzinfo | None) -> dt.tzinfo:
    return tz or timezone.get_current_timezone()


def _exists(naive: dt.datetime, tz: dt.tzinfo) -> bool:
    """Whether the wall-clock time `naive` happens in `tz` (not in a spring gap)."""
    there_and_back = naive.replace(tzinfo=tz).astimezone(dt.UTC).astimezone(tz)
    return there_and_back.replace(tzinfo=None) == naive


def readings(
    day: dt.date, time: dt.time, tz: dt.tzinfo | None = None
) -> tuple[dt.datetime, ...]:
    """The instants (aware, in UTC) that `time` on `day` can mean in `tz` (the
    current time zone by default): () when the clocks skipped it, two (earlier
    first) when the clocks went back over it, else one."""
    zone = _zone(tz)
    naive = dt.datetime.combine(day, time)
    if not _exists(naive, zone):
        return ()
    first = naive.replace(tzinfo=zone, fold=0).astimezone(dt.UTC)
    second = naive.replace(tzinfo=zone, fold=1).astimezone(dt.UTC)
    return (first,) if first == second else tuple(sorted({first, second}))


def start_of_day(day: dt.date, tz: dt.tzinfo | None = None) -> dt.datetime:
    """The instant (aware, in UTC) `day` began in `tz`: its first wall-clock
    minute that happened (midnight, wherever the clocks do not change then)."""
    zone = _zone(tz)
    moment = dt.datetime.combine(day, dt.time.min)
    while not _exists(moment, zone):
        moment += MINUTE
    return moment.replace(tzinfo=zone).astimezone(dt.UTC)


def at_local(day: dt.date, time: dt.time, tz: dt.tzinfo | None = None) -> dt.datetime:
    """The instant (aware, UTC) of `time` on `day`, for code that sets a time
    itself (never for a time a person typed: see `resolve`): the earlier reading
    of a repeated time. Raises ValueError for a time the clocks skipped."""
    found = readings(day, time, tz)
    if not found:
        raise ValueError(
            f"{time:%H:%M} on {day} did not happen: the clocks skipped it."
        )
    return found[0]


def reading_words(at: dt.datetime, tz: dt.tzinfo | None = None) -> str:
    """'01:30 before the clocks went back (BST)' for one of two readings of a
    repeated time; just '14:30' for any other time."""
    return clock_time(timezone.localtime(at, _zone(tz)))


def reading_key(at: dt.datetime) -> str:
    """How a reading is named in a form's answer: the instant in UTC, ISO 8601.
    An answer names an instant, not 'the first' or 'the second', so an answer
    given for one time is never applied to a different time typed later."""
    return at.astimezone(dt.UTC).isoformat(timespec="minutes")


def _skipped_words(day: dt.date, time: dt.time, tz: dt.tzinfo) -> str:
    """Why `time` on `day` cannot be taken: when the clocks went forward, and to what."""
    naive = dt.datetime.combine(day, time)
    start = naive
    while not _exists(start - MINUTE, tz):
        start -= MINUTE
    end = naive
    while not _exists(end, tz):
        end += MINUTE
    return (
        f"There was no {time:%H:%M} on {local_date(day)}: at {start:%H:%M} the "
        f"clocks went forward to {end:%H:%M}. Check the time, and enter it as "
        "the clocks showed it."
    )


@dataclass(frozen=True)
class Resolution:
    """What a typed date and time means.

    `at`: the instant (aware, UTC), or None when it cannot be taken yet.
    `refused`: why it cannot be taken (a time the clocks skipped), or "".
    `choices`: the two readings to ask between when both are possible, or ().
    `note`: what was understood, to say back to the person who typed it, or "".
    """

    at: dt.datetime | None
    refused: str = ""
    choices: tuple[dt.datetime, ...] = field(default=())
    note: str = ""


def resolve(
    day: dt.date,
    time: dt.time,
    *,
    now: dt.datetime,
    to_come: bool = False,
    allowance: dt.timedelta = MINUTE,
    chosen: str = "",
    what: str = "it",
    tz: dt.tzinfo | None = None,
) -> Resolution:
    """The instant a person means by `time` on `day`.

    A time that happened (`to_come` False) is not after `now` + `allowance`; a
    time to come is not before `now` - `allowance`. A time the clocks skipped is
    refused. A repeated time is the reading on the right side of now, said back
    in `note` (`what` names it: "the time of the referral"); when both readings
    are possible, the one whose `reading_key` is `chosen`, else no instant and
    both as `choices`. When neither is possible the earlier is given, for the
    caller to refuse as it refuses any time on the wrong side of now.
    """
    zone = _zone(tz)
    found = readings(day, time, zone)
    if not found:
        return Resolution(None, refused=_skipped_words(day, time, zone))
    if len(found) == 1:
        return Resolution(found[0])
    for reading in found:
        if reading_key(reading) == chosen:
            return Resolution(reading)
    if to_come:
        possible = [r for r in found if r >= now - allowance]
    else:
        possible = [r for r in found if r <= now + allowance]
    if len(possible) == 2:
        return Resolution(None, choices=found)
    if not possible:
        return Resolution(found[0])
    taken = possible[0]
    other = next(r for r in found if r != taken)
    side = "has passed" if to_come else "is still to come"
    return Resolution(
        taken,
        note=(
            f"We took {what} as {reading_words(taken, zone)} on "
            f"{local_date(day)}, because {reading_words(other, zone)} {side}."
        ),
    )
