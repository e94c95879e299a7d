"""Every URL answers 405 to the methods no view serves (issue 10, item 10).

TRACE and OPTIONS pass Django's CSRF check as "safe" methods, and a view that
tests only for POST treated them as GET: `TRACE /` answered 200 with the page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.views.decorators.http import require_safe

from coassess.accesslog.models import AccessEvent
from coassess.people.models import Person
from tests.core.test_access_policy import ALL_PATTERNS
from tests.urlworld import build_world, kwargs_for

UNSERVED = ["TRACE", "OPTIONS", "PUT", "PATCH", "DELETE", "CONNECT", "PROPFIND"]


@pytest.mark.parametrize("persona", ["anonymous", "clinician"])
def test_every_url_refuses_every_method_no_view_serves(
    persona: str,
    person: Person,
    users: dict[str, Any],
    signed_in: Callable[[str], Any],
    client: Any,
) -> None:
    world = build_world(users, person)
    browser = client if persona == "anonymous" else signed_in(persona)
    urls = [reverse(name, kwargs=kwargs_for(p, world)) for name, p in ALL_PATTERNS]
    urls += ["/", "/no-such-page/", "/static/core/app.css"]
    logged_before = AccessEvent.objects.count()
    for url in urls:
        for method in UNSERVED:
            response = browser.generic(method, url)
            assert response.status_code == 405, (method, url, response.status_code)
            assert response["Allow"] == "GET, HEAD, POST"
            assert b"<" not in response.content, (method, url)  # no page in it
    assert AccessEvent.objects.count() == logged_before  # nothing was opened


def test_the_served_methods_still_work(client: Any) -> None:
    sign_in = reverse("accounts:sign_in")
    assert client.get(sign_in).status_code == 200
    assert client.post(sign_in, {}).status_code in {200, 400}


def declared_methods(view: Any) -> list[str] | None:
    """The methods a routed view allows, read from Django's
    `require_http_methods` (and `require_safe`/`require_POST`) wrapper on it;
    None when no wrapper is found."""
    while view is not None:
        for cell in getattr(view, "__closure__", None) or ():
            value = cell.cell_contents
            if (
                isinstance(value, list)
                and value
                and all(isinstance(m, str) and m.isupper() for m in value)
            ):
                return value
        view = getattr(view, "__wrapped__", None)
    return None


def test_every_view_declares_the_methods_it_serves() -> None:
    undeclared = [n for n, p in ALL_PATTERNS if declared_methods(p.callback) is None]
    assert undeclared == []


def test_the_finder_sees_a_declaration_and_its_absence() -> None:
    @require_safe
    def page(request: Any) -> Any: ...

    def bare(request: Any) -> Any: ...

    assert declared_methods(page) == ["GET", "HEAD"]
    assert declared_methods(bare) is None


def test_a_page_refuses_a_post(
    person: Person,
    users: dict[str, Any],
    signed_in: Callable[[str], Any],
    client: Any,
) -> None:
    world = build_world(users, person)
    assert client.post("/").status_code == 405  # the example: POST / answered 200
    pages = [
        reverse(name, kwargs=kwargs_for(p, world))
        for name, p in ALL_PATTERNS
        if "POST" not in (declared_methods(p.callback) or [])
    ]
    assert len(pages) >= 20
    answers = {}
    logged_before = AccessEvent.objects.count()
    for persona in ("clinician", "lead", "admin"):
        browser = signed_in(persona)
        for url in pages:
            answers[persona, url] = browser.post(url).status_code
    # 404: a co-production project answers so to staff who are not its
    # members (coproduction.projects.access), whatever the method.
    assert set(answers.values()) <= {302, 403, 404, 405}, answers
    assert {url for (_, url), s in answers.items() if s == 404} <= {
        url for url in pages if "/co-production/projects/" in url
    }
    # Each page refuses with 405 for someone who may read it.
    assert {url for (_, url), s in answers.items() if s == 405} == set(pages)
    assert AccessEvent.objects.count() == logged_before
