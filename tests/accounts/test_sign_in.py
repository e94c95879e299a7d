from __future__ import annotations

from typing import Any

import time_machine
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.urls import reverse

from coassess.accounts.models import Membership, Role, User
from tests.conftest import PASSWORD, app_code, give_authenticator


def give_password(
    client: Any, username: str, password: str = PASSWORD, next_url: str = ""
) -> Any:
    """The first step of signing in."""
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:sign_in"), data)


def sign_in(
    client: Any, username: str, password: str = PASSWORD, next_url: str = ""
) -> Any:
    """Both steps: the password, then (when it was right) a code from the
    member's authenticator app, set up here if they have none."""
    response = give_password(client, username, password, next_url)
    if response.status_code != 302:
        return response
    device = give_authenticator(User.objects.get(username=username))
    return client.post(response["Location"], {"code": app_code(device)})


def test_it_signs_in_and_renews_the_session_key_at_each_step(
    client: Any, users: dict[str, User]
) -> None:
    device = give_authenticator(users["clinician"])
    client.get(reverse("accounts:sign_in"))
    client.session.save()
    before = client.session.session_key
    response = give_password(client, "clinician")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:enter_code")
    assert client.session[SESSION_KEY] == str(users["clinician"].pk)
    with_password = client.session.session_key
    assert with_password != before
    response = client.post(response["Location"], {"code": app_code(device)})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home")
    assert client.session.session_key not in (before, with_password)
    assert client.get(reverse("people:find_person")).status_code == 200


def test_it_goes_back_to_the_page_asked_for(
    client: Any, users: dict[str, User]
) -> None:
    response = client.get(reverse("people:find_person"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:sign_in')}?next=/people/"
    response = give_password(client, "clinician", next_url="/people/")
    assert response["Location"] == f"{reverse('accounts:enter_code')}?next=%2Fpeople%2F"
    device = give_authenticator(users["clinician"])
    response = client.post(response["Location"], {"code": app_code(device)})
    assert response["Location"] == "/people/"


def test_it_ignores_a_next_address_on_another_site(
    client: Any, users: dict[str, User]
) -> None:
    response = give_password(client, "clinician", next_url="https://evil.example/")
    assert response["Location"] == reverse("accounts:enter_code")
    response = sign_in(client, "peer", next_url="https://evil.example/")
    assert response["Location"] == reverse("accounts:home")


def test_a_wrong_password_says_so_and_keeps_the_username(
    client: Any, users: dict[str, User]
) -> None:
    response = sign_in(client, "clinician", "not-the-password")
    html = response.content.decode()
    assert response.status_code == 200
    assert "The username or password is not right" in html
    assert 'value="clinician"' in html


def test_empty_fields_get_plain_messages(client: Any, db: None) -> None:
    html = client.post(reverse("accounts:sign_in"), {}).content.decode()
    assert "Enter your username." in html
    assert "Enter your password." in html


def test_it_locks_out_after_five_failures(client: Any, users: dict[str, User]) -> None:
    for _ in range(5):
        sign_in(client, "peer", "wrong-password-here")
    response = sign_in(client, "peer")
    assert response.status_code == 429
    assert "Too many tries" in response.content.decode()
    # Another member on the same (shared hospital) address is not locked out.
    assert sign_in(client, "clinician").status_code == 302


def test_the_session_ends_after_thirty_minutes_idle(
    client: Any, users: dict[str, User]
) -> None:
    with time_machine.travel("2026-11-26 09:00 +0000", tick=False) as clock:
        sign_in(client, "clinician")
        assert client.get(reverse("people:find_person")).status_code == 200
        clock.shift(29 * 60)
        assert client.get(reverse("people:find_person")).status_code == 200
        clock.shift(31 * 60)
        response = client.get(reverse("people:find_person"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign_in"))


BACKGROUND = {"HTTP_HX_REQUEST": "true", "HTTP_X_COASSESS_BACKGROUND": "refresh"}


def test_the_boards_background_refresh_does_not_keep_a_session_alive(
    client: Any, users: dict[str, User]
) -> None:
    """A board left open refreshes every 30 s; the session still idles out."""
    board = reverse("referrals:board")
    with time_machine.travel("2026-11-26 09:00 +0000", tick=False) as clock:
        sign_in(client, "clinician")
        assert client.get(board).status_code == 200
        for _ in range(59):  # 29 minutes 30 seconds of refreshes
            clock.shift(30)
            response = client.get(board, **BACKGROUND)
            assert response.status_code == 200
            assert 'id="board-refresh"' in response.content.decode()
        clock.shift(31)  # 30 minutes and 1 second since the last thing they did
        response = client.get(board, **BACKGROUND)
        assert response.status_code == 286  # htmx stops polling
        html = response.content.decode()
        assert "You have been signed out" in html
        assert "next=%2Freferrals%2F" in html
        assert "<html" not in html  # a fragment, in place of the rows
        assert client.get(board)["Location"].startswith(reverse("accounts:sign_in"))


def test_an_ordinary_request_is_activity_and_htmx_from_typing_too(
    client: Any, users: dict[str, User]
) -> None:
    board = reverse("referrals:board")
    with time_machine.travel("2026-11-26 09:00 +0000", tick=False) as clock:
        sign_in(client, "clinician")
        for _ in range(4):
            clock.shift(20 * 60)
            assert client.get(board, HTTP_HX_REQUEST="true").status_code == 200
        assert client.get(board).status_code == 200


def test_a_background_refresh_without_a_session_stops(client: Any) -> None:
    response = client.get(reverse("referrals:board"), **BACKGROUND)
    assert response.status_code == 286
    assert "You have been signed out" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "Content-Security-Policy" in response


def test_the_session_ends_after_twelve_hours_however_busy(
    client: Any, users: dict[str, User]
) -> None:
    with time_machine.travel("2026-11-26 08:00 +0000", tick=False) as clock:
        sign_in(client, "clinician")
        for _ in range(12 * 4 + 1):
            clock.shift(15 * 60)
            response = client.get(reverse("people:find_person"))
        assert response.status_code == 302


def test_sign_out_needs_a_post_and_ends_the_session(
    client: Any, users: dict[str, User]
) -> None:
    sign_in(client, "clinician")
    assert client.get(reverse("accounts:sign_out")).status_code == 405
    response = client.post(reverse("accounts:sign_out"))
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_the_header_names_the_member_and_their_team(signed_in: Any) -> None:
    html = signed_in("clinician").get(reverse("accounts:home")).content.decode()
    assert "Clinician Tester, Clinician, Test Liaison Team" in html


def test_createuser_makes_a_member_of_a_team(db: None, capsys: Any) -> None:
    call_command(
        "createuser",
        "newnurse",
        "--team",
        "Night Team",
        "--site",
        "Test General",
        "--role",
        "clinician",
        "--password",
        "a-long-enough-password-1",
    )
    user = User.objects.get(username="newnurse")
    assert user.check_password("a-long-enough-password-1")
    membership = Membership.objects.get(user=user)
    assert membership.role == Role.CLINICIAN
    assert membership.team.name == "Night Team"


def test_createuser_refuses_a_weak_password(db: None) -> None:
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="too short|too common"):
        call_command(
            "createuser",
            "weak",
            "--team",
            "Night Team",
            "--site",
            "Test General",
            "--role",
            "clinician",
            "--password",
            "password",
        )


def test_an_htmx_request_after_sign_out_sends_the_page_to_sign_in(client: Any) -> None:
    response = client.get(
        "/referrals/",
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://127.0.0.1/referrals/",
    )
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("accounts:sign_in"))
    assert (
        "next=http%3A//127.0.0.1/referrals/" in response["HX-Redirect"]
        or "next=/referrals/" in response["HX-Redirect"]
    )


def _owner(html: str) -> str:
    import re

    found = re.search(r'data-draft-owner="([^"]*)"', html)
    assert found, "every page names its draft owner"
    return found.group(1)


def test_each_session_names_its_own_draft_owner(
    client: Any, users: dict[str, User]
) -> None:
    """Unsaved text in a tab belongs to the session whose pages name this owner."""
    assert _owner(client.get(reverse("accounts:sign_in")).content.decode()) == ""
    sign_in(client, "peer")
    first = _owner(client.get(reverse("people:find_person")).content.decode())
    assert len(first) == 20
    assert client.session.session_key not in first
    client.post(reverse("accounts:sign_out"))
    sign_in(client, "peer")
    second = _owner(client.get(reverse("people:find_person")).content.decode())
    assert second and second != first
