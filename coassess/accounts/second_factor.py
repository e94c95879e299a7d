"""The second factor: after their password, a member of staff enters a code from
an authenticator app on their phone (TOTP, django-otp's `otp_totp`), or one of
ten one-time recovery codes (`otp_static`).

A member without an authenticator sets one up at their first sign-in
(`pending_device`, `confirm_device`), and is then shown their recovery codes
once. A session counts as verified only once this module has checked a code in
it (`remember`): the session keeps a keyed fingerprint of the device that
checked it, and `is_verified` compares it with the device django-otp's
middleware loads. When the team lead resets a member's authenticator
(`services.reset_second_factor`) the device is gone, so every session it
verified fails the comparison and ends at its next request
(`accounts.access.require_role`), even if a new device later takes the old
one's id.

Wrong codes are throttled by django-otp: after n wrong codes in a row the next
is not checked at all for 2^(n-1) seconds (1, 2, 4, ... so ten wrong codes mean
a wait of eight and a half minutes), counted apart for the app's codes and the
recovery codes. Each app code is accepted once, and only inside a 90-second
window (tolerance of one 30-second step either side).
"""

from __future__ import annotations

import base64
import math
from typing import Any

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.middleware.csrf import rotate_token
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from coassess.accounts.models import User
from coassess.core.exceptions import DomainError

RECOVERY_CODES = 10
# The fingerprint of the device that verified this session (see `remember`).
VERIFIED_BY = "coassess_verified_by"
APP_NAME = "Authenticator app"


def authenticator(user: User) -> Any:
    """The member's confirmed authenticator (a TOTPDevice), or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user: User) -> Any:
    """The authenticator the member is setting up, made the first time they
    need one and kept (with its QR code) until they confirm it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)
    return device


def secret_words(device: Any) -> str:
    """The device's secret as an app asks for it: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode("ascii")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code(device: Any) -> str:
    """The device's set-up address as a QR code: an SVG `data:` address for an
    <img>, which the Content Security Policy allows (img-src data:)."""
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=5))


def _normal(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _wait_words(until: Any) -> str:
    """'1 second', '40 seconds', '9 minutes': how long until `until`."""
    seconds = max(math.ceil((until - timezone.now()).total_seconds()), 1)
    if seconds > 90:
        return f"{math.ceil(seconds / 60)} minutes"
    return f"{seconds} second{'' if seconds == 1 else 's'}"


def _check(device: Any, code: str) -> str:
    """'' when `device` accepts `code`; otherwise why not, in words."""
    allowed, why = device.verify_is_allowed()
    if not allowed:
        return (
            "You have entered too many wrong codes. "
            f"Wait {_wait_words(why['locked_until'])}, then try again."
        )
    if device.verify_token(code):
        return ""
    if isinstance(device, StaticDevice):
        return "That is not one of your recovery codes, or it has been used."
    return (
        "That code is not right. Enter the code the app shows now; if it still "
        "fails, check the time on your phone is right."
    )


def verify_code(user: User, code: str) -> Any:
    """The device that accepts `code` from `user`: their authenticator for six
    digits, their recovery codes for anything else. Raises DomainError saying
    what to do. A wrong code counts towards the wait (it is committed before
    the error is raised)."""
    code = _normal(code)
    kind = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    with transaction.atomic():
        device = (
            kind.objects.select_for_update().filter(user=user, confirmed=True).first()
        )
        problem = "That code is not right." if device is None else _check(device, code)
    if problem:
        raise DomainError(problem)
    return device


@transaction.atomic
def confirm_device(user: User, code: str) -> Any:
    """Confirm the authenticator `user` is setting up with a `code` it made
    (returned), and give them new recovery codes (any old ones stop working).
    Raises DomainError when the code is wrong or they already have one."""
    if authenticator(user) is not None:
        raise DomainError("You have already set up your sign-in code.")
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .first()
    )
    if device is None or not device.verify_token(_normal(code)):
        raise DomainError(
            "That code is not right. Enter the 6-digit code the app shows now."
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name="Recovery codes")
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(
        StaticToken(device=recovery, token=code) for code in codes
    )
    return device


def recovery_codes(user: User) -> list[str]:
    """The member's unused recovery codes."""
    return list(
        StaticToken.objects.filter(device__user=user)
        .order_by("pk")
        .values_list("token", flat=True)
    )


def recovery_codes_left(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user).count())


def is_recovery(device: Any) -> bool:
    """Whether `device` is the member's recovery codes (not their app)."""
    return isinstance(device, StaticDevice)


def _fingerprint(device: Any) -> str:
    """Names one device for good: a new device never matches, even with the
    id of one that was deleted."""
    made = device.created_at.isoformat() if device.created_at else ""
    value = f"{device.persistent_id}|{made}|{getattr(device, 'key', '')}"
    return salted_hmac("coassess.second_factor", value).hexdigest()


def session_values(device: Any) -> dict[str, str]:
    """What a session holds once `device` has verified its member."""
    return {
        DEVICE_ID_SESSION_KEY: device.persistent_id,
        VERIFIED_BY: _fingerprint(device),
    }


def remember(request: HttpRequest, device: Any) -> None:
    """Mark this session verified by `device`, under a new session key (and CSRF
    token): the session now opens records, so it must not keep the key it had
    with a password alone."""
    request.session.cycle_key()
    rotate_token(request)
    request.session.update(session_values(device))
    request.user.otp_device = device  # type: ignore[union-attr]


def is_verified(request: HttpRequest) -> bool:
    """Whether this session's member gave their password and a code."""
    device = getattr(request.user, "otp_device", None)
    return device is not None and request.session.get(VERIFIED_BY) == _fingerprint(
        device
    )


def was_verified(request: HttpRequest) -> bool:
    """Whether a code was checked in this session, whatever became of the device."""
    return VERIFIED_BY in request.session


def give_fixed_authenticator(user: User, secret: str) -> Any:
    """For the demo only: `user`'s authenticator, set up with the known base32
    `secret` instead of a random one, so a tester's app works for every demo
    account. Refused in production (and settings have no demo secret there)."""
    if settings.PRODUCTION:
        raise DomainError("A known secret is never used in production.")
    secret = "".join(secret.split()).upper()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8)).hex()
    device = authenticator(user)
    if device is None:
        return TOTPDevice.objects.create(user=user, name=APP_NAME, key=key)
    if device.key != key:
        device.key = key
        device.save(update_fields=["key"])
    return device
