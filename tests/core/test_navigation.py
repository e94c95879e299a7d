"""The page header is the NHS.UK header component, kept per member and menu."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.template import engines
from django.test import RequestFactory

from coassess.accounts.models import User
from coassess.core.navigation import header, navigation

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[A-Za-z0-9]+"')


def request_for(user: User | AnonymousUser, path: str = "/referrals/") -> HttpRequest:
    request = RequestFactory().get(path)
    request.user = user
    return request


def by_the_component(request: HttpRequest) -> str:
    """What rendering the NHS.UK macro afresh gives for this request."""
    nav = navigation(request)
    params = {
        "service": {"text": "coassess", "href": "/"},
        "account": {"items": nav.account},
    }
    if nav.items:
        params["navigation"] = {"items": nav.items}
    env = engines["jinja2"].env  # type: ignore[attr-defined]
    macro = env.get_template("nhsuk/components/header/macro.jinja").module.header
    return str(macro(params))


def same_but_token(html: str) -> str:
    return TOKEN.sub('name="csrfmiddlewaretoken" value="T"', html)


@pytest.mark.parametrize("role", ["clinician", "lead", "coproduction", "admin"])
@pytest.mark.parametrize("path", ["/referrals/", "/people/", "/about/"])
def test_it_is_what_the_component_renders(
    users: dict[str, User], role: str, path: str
) -> None:
    request = request_for(users[role], path)
    first = str(header(request))
    again = str(header(request))
    assert same_but_token(first) == same_but_token(by_the_component(request))
    assert same_but_token(again) == same_but_token(first)


def test_each_request_gets_its_own_csrf_token(users: dict[str, User]) -> None:
    request = request_for(users["clinician"])
    html = str(header(request))
    assert "coassess-csrf-token-slot" not in html
    assert TOKEN.search(html)


def test_different_members_and_places_get_their_own_header(
    users: dict[str, User],
) -> None:
    board = str(header(request_for(users["clinician"], "/referrals/")))
    search = str(header(request_for(users["clinician"], "/people/")))
    lead = str(header(request_for(users["lead"], "/referrals/")))
    assert same_but_token(board) != same_but_token(search)
    assert "Access log" in lead and "Access log" not in board
    assert users["clinician"].display_name in board
    assert users["lead"].display_name in lead
