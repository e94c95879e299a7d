"""Every URL answers 405 to the methods no view serves (issue 10, item 10).

TRACE and OPTIONS pass Django's CSRF check as "safe" methods, and a view that
tests only for POST treated them as GET: `TRACE /` answered 200 with the page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

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
