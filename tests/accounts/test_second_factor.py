"""Signing in takes a password and a code from an authenticator app, set up at
the first sign-in, with one-time recovery codes (issue 10: a second factor)."""

from __future__ import annotations

import base64
import re
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import hotp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from coassess.accounts import second_factor, services
from coassess.accounts.models import AccountChange, AccountEvent, User
from coassess.core.exceptions import DomainError
from tests.accounts.test_sign_in import give_password
from tests.conftest import CheckedClient, app_code, give_authenticator

FIND = "/people/"


def code_from_secret(secret: str) -> str:
    """What an app set up with the key `secret` (as the page shows it) says now."""
    key = base64.b32decode("".join(secret.split()))
    return f"{hotp(key, int(time.time()) // 30):06d}"


def wrong_code(device: TOTPDevice) -> str:
    right = {app_code(device)}
    return next(c for c in ("000000", "111111") if c not in right)


def test_the_first_sign_in_sets_up_an_authenticator_then_shows_recovery_codes_once(
    client: CheckedClient, users: dict[str, User]
) -> None:
    response = give_password(client, "peer", next_url=FIND)
    response = client.get(response["Location"])
    set_up = f"{reverse('accounts:set_up_code')}?next=%2Fpeople%2F"
    assert response["Location"] == set_up
    html = client.get(set_up).content.decode()
    assert '<img src="data:image/svg+xml' in html
    assert 'alt="QR code to add coassess to your authenticator app"' in html
    secret = re.search(
        r'id="setup-key".*?<code[^>]*>\s*([A-Z2-7 ]+?)\s*</code>', html, re.S
    )
    assert secret, "the page shows the key as text for those who cannot scan"
    # A page shown again keeps the same key (and QR code).
    assert secret.group(1) in client.get(set_up).content.decode()

    refused = client.post(set_up, {"code": "12345"})
    assert refused.status_code == 400
    assert "That code is not right" in refused.content.decode()
    response = client.post(set_up, {"code": code_from_secret(secret.group(1))})
    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('accounts:recovery_codes')}?next=%2Fpeople%2F"
    )
    codes = second_factor.recovery_codes(users["peer"])
    assert len(codes) == 10 and len(set(codes)) == 10
    shown = client.get(response["Location"]).content.decode()
    assert all(code in shown for code in codes)
    assert 'href="/people/"' in shown
    again = client.get(response["Location"]).content.decode()
    assert not any(code in again for code in codes)
    assert "You have 10 recovery codes left." in again
    assert client.get(FIND).status_code == 200
    assert client.get(set_up)["Location"] == FIND  # done: nothing more to set up


def test_the_set_up_page_is_shut_to_a_member_who_has_an_authenticator(
    password_only: Callable[[str], CheckedClient], users: dict[str, User]
) -> None:
    """A password alone never sets up a second authenticator."""
    give_authenticator(users["clinician"])
    browser = password_only("clinician")
    set_up = reverse("accounts:set_up_code")
    assert browser.get(set_up)["Location"] == reverse("accounts:enter_code")
    assert browser.post(set_up, {"code": "123456"})["Location"] == reverse(
        "accounts:enter_code"
    )
    assert TOTPDevice.objects.filter(user=users["clinician"]).count() == 1
    with pytest.raises(DomainError, match="already set up"):
        second_factor.confirm_device(users["clinician"], "123456")


def test_a_wrong_code_is_refused_and_makes_the_next_try_wait(
    password_only: Callable[[str], CheckedClient], users: dict[str, User]
) -> None:
    device = give_authenticator(users["clinician"])
    browser = password_only("clinician")
    code_page = reverse("accounts:enter_code")
    with time_machine.travel("2026-11-26 09:00:10 +0000", tick=False) as clock:
        refused = browser.post(code_page, {"code": wrong_code(device)})
        assert refused.status_code == 400
        assert "That code is not right" in refused.content.decode()
        device.refresh_from_db()
        assert device.throttling_failure_count == 1  # kept, though the form said no
        right = app_code(device)
        waiting = browser.post(code_page, {"code": right}).content.decode()
        assert "too many wrong codes. Wait 1 second, then try again." in waiting
        assert browser.get(FIND).status_code == 302
        clock.shift(2)
        assert browser.post(code_page, {"code": right})["Location"] == "/"
        assert browser.get(FIND).status_code == 200


def test_each_wrong_code_in_a_row_doubles_the_wait(
    password_only: Callable[[str], CheckedClient], users: dict[str, User]
) -> None:
    device = give_authenticator(users["clinician"])
    browser = password_only("clinician")
    code_page = reverse("accounts:enter_code")
    with time_machine.travel("2026-11-26 09:00:10 +0000", tick=False) as clock:
        for wait in (1, 2, 4, 8, 16, 32, 64, 128, 256):
            html = browser.post(code_page, {"code": wrong_code(device)}).content
            assert b"That code is not right" in html  # each checked after its wait
            clock.shift(wait - 1)
            html = browser.post(code_page, {"code": app_code(device)}).content
            assert b"too many wrong codes" in html  # not checked: too soon
            clock.shift(1)
        browser.post(code_page, {"code": wrong_code(device)})
        device.refresh_from_db()
        assert device.throttling_failure_count == 10
        html = browser.post(code_page, {"code": app_code(device)}).content.decode()
        assert "Wait 9 minutes, then try again." in html  # 512 seconds


def test_a_recovery_code_works_once(
    password_only: Callable[[str], CheckedClient], users: dict[str, User]
) -> None:
    peer = users["peer"]
    pending = second_factor.pending_device(peer)
    second_factor.confirm_device(peer, app_code(pending))
    first = second_factor.recovery_codes(peer)[0]
    browser = password_only("peer")
    code_page = reverse("accounts:enter_code")
    typed = f"{first[:4].upper()} {first[4:].upper()}"  # as someone copies it out
    response = browser.post(code_page, {"code": typed})
    assert response.status_code == 302
    html = browser.get(response["Location"]).content.decode()
    assert "You have 9 recovery codes left." in html
    assert first not in second_factor.recovery_codes(peer)
    again = password_only("peer").post(code_page, {"code": first})
    assert again.status_code == 400
    assert "not one of your recovery codes, or it has been used" in (
        again.content.decode()
    )


def test_a_reset_ends_every_session_its_device_verified(
    signed_in: Callable[[str], CheckedClient],
    client: CheckedClient,
    users: dict[str, User],
) -> None:
    browser = signed_in("clinician")
    assert browser.get(FIND).status_code == 200
    services.reset_second_factor(
        actor=users["lead"], member=users["clinician"], reason="Lost phone"
    )
    response = browser.get(FIND)
    assert response["Location"] == f"{reverse('accounts:sign_in')}?next=/people/"
    assert SESSION_KEY not in browser.session
    # With their password they now set up a new authenticator.
    response = client.get(give_password(client, "clinician")["Location"])
    assert response["Location"] == reverse("accounts:set_up_code")


def test_a_new_device_with_an_old_ones_id_does_not_reopen_its_sessions(
    signed_in: Callable[[str], CheckedClient], users: dict[str, User]
) -> None:
    """SQLite may give a new row the id of a deleted one: the session still ends."""
    browser = signed_in("clinician")
    old = second_factor.authenticator(users["clinician"])
    old_id = old.pk
    old.delete()
    TOTPDevice.objects.create(id=old_id, user=users["clinician"], name="New phone")
    assert browser.get(FIND)["Location"].startswith(reverse("accounts:sign_in"))


def test_the_qr_code_sets_up_this_member_and_fits_the_content_security_policy(
    users: dict[str, User],
) -> None:
    device = second_factor.pending_device(users["peer"])
    address = unquote(device.config_url)
    assert address.startswith("otpauth://totp/coassess:peer?")
    assert "issuer=coassess" in address
    secret = "".join(second_factor.secret_words(device).split())
    assert f"secret={secret}" in address
    svg = unquote(second_factor.qr_code(device))
    assert svg.startswith("data:image/svg+xml")
    assert "style" not in svg and "<script" not in svg  # img-src data: only


def test_production_never_gives_a_known_secret(
    users: dict[str, User], settings: Any
) -> None:
    settings.PRODUCTION = True
    with pytest.raises(DomainError):
        second_factor.give_fixed_authenticator(users["peer"], "A" * 32)
    assert not TOTPDevice.objects.filter(user=users["peer"]).exists()


def test_the_command_line_resets_a_code_with_a_reason(users: dict[str, User]) -> None:
    give_authenticator(users["lead"])
    call_command("resetcode", "lead", "--reason", "Lead lost phone, checked by IT")
    assert second_factor.authenticator(users["lead"]) is None
    event = AccountEvent.objects.get(change=AccountChange.SECOND_FACTOR)
    assert event.actor is None and event.member == users["lead"]
    assert not StaticDevice.objects.filter(user=users["lead"]).exists()
