"""The page header names the member and offers the places their role opens,
which each app registers (`core.menus`); the home page offers the same places."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpRequest
from django.test import RequestFactory

from coassess.accounts.models import User
from coassess.accounts.navigation import header_params
from coassess.accounts.second_factor import session_values as second_factor_values
from coassess.core.menus import Destination, destinations_for, register
from tests.conftest import give_authenticator

MENUS = {
    "clinician": ["Team board", "Find a person"],
    "peer": ["Team board", "Find a person"],
    "lead": [
        "Team board",
        "Find a person",
        "Access log",
        "Break-glass reviews",
        "Safeguarding holds",
        "Co-production dashboard",
        "Language rules",
        "Account changes",
        "Signing in",
    ],
    "coproduction": ["Co-production dashboard", "Language rules"],
    "admin": ["Staff accounts"],
}


def request_for(
    user: User | AnonymousUser, path: str = "/referrals/", *, code: bool = True
) -> HttpRequest:
    """A request from `user`, who has given their password and (`code`) their code."""
    request = RequestFactory().get(path)
    request.user = user
    request.session = SessionStore()
    if code and isinstance(user, User):
        device = give_authenticator(user)
        request.session.update(second_factor_values(device))
        user.otp_device = device  # type: ignore[attr-defined]
    return request


def menu(params: dict[str, Any]) -> list[str]:
    return [item["text"] for item in params.get("navigation", {}).get("items", [])]


@pytest.mark.parametrize("role", sorted(MENUS))
def test_each_role_gets_its_own_menu(users: dict[str, User], role: str) -> None:
    assert menu(header_params(request_for(users[role]))) == MENUS[role]


def test_the_current_place_is_marked(users: dict[str, User]) -> None:
    params = header_params(request_for(users["clinician"], "/people/add/"))
    current = [i["text"] for i in params["navigation"]["items"] if i["current"]]
    assert current == ["Find a person"]


def test_the_account_area_names_the_member_and_signs_out(
    users: dict[str, User],
) -> None:
    items = header_params(request_for(users["lead"]))["account"]["items"]
    assert items[0]["text"].startswith(users["lead"].display_name)
    assert "Team lead" in items[0]["text"]
    assert 'name="csrfmiddlewaretoken"' in items[1]["html"]


def test_a_password_alone_opens_no_menu(users: dict[str, User]) -> None:
    params = header_params(request_for(users["lead"], code=False))
    assert "navigation" not in params
    assert params["account"]["items"][0]["text"].startswith("Lead Tester")


def test_someone_signed_out_is_offered_sign_in_and_no_menu(db: None) -> None:
    params = header_params(request_for(AnonymousUser()))
    assert params["account"]["items"] == [{"href": "/sign-in/", "text": "Sign in"}]
    assert "navigation" not in params


@pytest.mark.parametrize(
    ("role", "cards"),
    [
        ("clinician", ["Team board", "Find a person", "Add a person"]),
        ("admin", ["Staff accounts"]),
        ("coproduction", []),
    ],
)
def test_the_home_page_offers_the_same_places(
    signed_in: Callable[[str], Any], role: str, cards: list[str]
) -> None:
    html = signed_in(role).get("/").content.decode()
    for heading in [*cards, "Change your password"]:
        assert heading in html
    assert ("Access log" in html) is (role == "lead")


def test_a_registered_destination_reaches_only_its_roles() -> None:
    place = Destination("accounts:home", "Somewhere", frozenset({"x"}), order=1)
    register(place)
    try:
        assert place in destinations_for("x")
        assert place not in destinations_for("clinician")
        assert destinations_for(None) == []
    finally:
        from coassess.core import menus

        menus._REGISTERED.pop("accounts:home")
