"""Display helpers shared by every app: dates, times and durations in plain words."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def clock_time(local: dt.datetime) -> str:
    """'14:02' from a local datetime; in the hour the clocks repeat in autumn,
    which of the two it was: '01:30 after the clocks went back (GMT)'."""
    other = local.replace(fold=1 - local.fold)
    if other.utcoffset() == local.utcoffset():
        return f"{local:%H:%M}"
    side = "before" if local.fold == 0 else "after"
    return f"{local:%H:%M} {side} the clocks went back ({local.tzname()})"


def local_datetime(value: dt.datetime | None, tz: dt.tzinfo | None = None) -> str:
    """'3 May 2025 at 14:02' in local time (`clock_time` says which 01:30 in the
    repeated hour). Pass `tz` when formatting many: looking up the current time
    zone each time was most of the cost of a long list."""
    if value is None:
        return ""
    local = timezone.localtime(value, tz or timezone.get_current_timezone())
    return f"{local.day} {local:%B %Y} at {clock_time(local)}"


def local_date(value: dt.date | None) -> str:
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def duration_words(delta: dt.timedelta) -> str:
    """'1 hour 5 minutes', '12 minutes', '2 days 3 hours': the way people say it."""
    minutes = int(abs(delta).total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes or not parts:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts[:2])
