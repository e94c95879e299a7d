"""No staff page opens with a password alone (issue 10: a second factor).

Each member of staff, signed in with their password and no code yet, tries
every URL that is not public and not a step of signing in: a GET (and a HEAD)
is sent to the code page, keeping the page asked for; anything else is
refused. None is allowed, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from coassess.people.models import Person
from tests.conftest import CheckedClient
from tests.core.test_access_policy import ALL_PATTERNS, STAFF, url_for
from tests.core.test_outsider_walk import _rows
from tests.urlworld import build_world

# Public pages, the steps of signing in, and the person's and supporters' own
# pages (policy "viewer": a code's session, never a staff one; their walk is
# tests/portal's).
OPEN_POLICIES = {"public", "password-given", "viewer"}
STAFF_PAGES = sorted(
    name
    for name, pattern in ALL_PATTERNS
    if pattern.callback.access_policy not in OPEN_POLICIES  # type: ignore[attr-defined]
)
VIEWER_PAGES = {
    name
    for name, pattern in ALL_PATTERNS
    if pattern.callback.access_policy == "viewer"  # type: ignore[attr-defined]
}


def test_the_walk_covers_every_page_behind_a_policy() -> None:
    open_pages = {name for name, _ in ALL_PATTERNS} - set(STAFF_PAGES) - VIEWER_PAGES
    assert open_pages == {
        "portal:sign_in",
        "portal:signed_out",
        "portal:sign_out",
        "accounts:home",
        "accounts:sign_in",
        "accounts:enter_code",
        "accounts:set_up_code",
        "accounts:sign_out",
        "core:about",
        "core:privacy",
        "core:accessibility",
        "core:health",
    }
    assert len(STAFF_PAGES) >= 55


def _csrf_token(browser: CheckedClient) -> str:
    browser.get(reverse("accounts:sign_in"))
    return browser.cookies["csrftoken"].value


@pytest.mark.parametrize("persona", sorted(STAFF))
def test_a_password_alone_opens_no_staff_page(
    persona: str,
    users: dict[str, Any],
    person: Person,
    password_only: Callable[[str], CheckedClient],
) -> None:
    world = build_world(users, person)
    browser = password_only(persona)
    browser.handler.enforce_csrf_checks = True
    token = _csrf_token(browser)
    code_page = reverse("accounts:enter_code")
    before = _rows()
    wrong = []
    for name in STAFF_PAGES:
        url = url_for(name, world)
        for method in ("get", "head"):
            response = getattr(browser, method)(url)
            sent_on = response.status_code == 302 and response["Location"].startswith(
                f"{code_page}?next="
            )
            if not sent_on:
                wrong.append(f"{method.upper()} {name}: {response.status_code}")
        response = browser.post(url, {"csrfmiddlewaretoken": token, "text": "Hello"})
        if response.status_code != 403:
            wrong.append(f"POST {name}: {response.status_code}")
    assert wrong == []
    assert _rows() == before
    # Still only a password: the code page asks for the code.
    assert browser.get(code_page).status_code in (200, 302)


def test_the_home_page_and_menu_wait_for_the_code(
    password_only: Callable[[str], CheckedClient],
) -> None:
    browser = password_only("lead")
    response = browser.get(reverse("accounts:home"))
    assert response["Location"] == reverse("accounts:enter_code")
    html = browser.get(reverse("core:about")).content.decode()
    assert "Lead Tester" in html  # the header names them, with a way to sign out
    assert "Access log" not in html and "Team board" not in html


def test_an_htmx_request_with_a_password_alone_is_sent_to_the_code_page(
    password_only: Callable[[str], CheckedClient],
) -> None:
    response = password_only("clinician").get(
        reverse("referrals:board"),
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://127.0.0.1/referrals/",
    )
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("accounts:enter_code"))
