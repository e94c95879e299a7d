"""Reads about staff sign-in that the team lead's pages and services share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from coassess.accounts.models import Role, User


@dataclass(frozen=True)
class Lock:
    """Why a member cannot sign in now, and until when."""

    until: dt.datetime
    why: str  # "wrong passwords" or "wrong codes"


def led_members(lead: User) -> list[User]:
    """The members of `lead`'s team, by name, if `lead` leads it; else none."""
    membership = lead.membership
    if membership is None or membership.role != Role.TEAM_LEAD:
        return []
    return list(
        User.objects.filter(memberships__team_id=membership.team_id)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def password_locks(usernames: Iterable[str]) -> dict[str, dt.datetime]:
    """Username -> when their lock-out ends, for those django-axes has locked
    out now (AXES_FAILURE_LIMIT wrong passwords within AXES_COOLOFF_TIME)."""
    cool_off = dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    rows = (
        AccessAttempt.objects.filter(
            username__in=list(usernames),
            attempt_time__gte=timezone.now() - cool_off,
        )
        .values("username")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    )
    return {
        row["username"]: row["last"] + cool_off
        for row in rows
        if row["failures"] >= settings.AXES_FAILURE_LIMIT
    }


def code_waits(users: Iterable[User]) -> dict[str, dt.datetime]:
    """User id (as text) -> when they may try a code again, for those who
    must wait after wrong codes (django-otp's throttling: 2^(n-1) seconds
    after n wrong codes)."""
    now = timezone.now()
    waits: dict[str, dt.datetime] = {}
    for kind, factor in (
        (TOTPDevice, settings.OTP_TOTP_THROTTLE_FACTOR),
        (StaticDevice, settings.OTP_STATIC_THROTTLE_FACTOR),
    ):
        devices = kind.objects.filter(
            user__in=list(users), throttling_failure_count__gt=0
        ).exclude(throttling_failure_timestamp=None)
        for device in devices:
            seconds = factor * 2 ** (device.throttling_failure_count - 1)
            until = device.throttling_failure_timestamp + dt.timedelta(
                seconds=min(seconds, 10**9)
            )
            key = str(device.user_id)
            if until > now and until > waits.get(key, now):
                waits[key] = until
    return waits


def locks(users: list[User]) -> dict[str, Lock]:
    """User id (as text) -> why and until when they cannot sign in now."""
    found = {
        key: Lock(until, "wrong codes") for key, until in code_waits(users).items()
    }
    by_username = {user.username: user for user in users}
    for username, until in password_locks(by_username).items():
        found[str(by_username[username].pk)] = Lock(until, "wrong passwords")
    return found


def has_authenticator(users: list[User]) -> set[str]:
    """The ids (as text) of those who have set up their sign-in code."""
    ids = TOTPDevice.objects.filter(user__in=users, confirmed=True).values_list(
        "user_id", flat=True
    )
    return {str(i) for i in ids}
