"""Every page, as every persona sees it, carries the security headers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from coassess.people.models import Person
from tests.core.test_access_policy import ALL_PATTERNS, POST_ONLY
from tests.urlworld import World, build_world, kwargs_for

REQUIRED_CSP = [
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
]


def check_headers(response: Any) -> None:
    csp = response["Content-Security-Policy"]
    for directive in REQUIRED_CSP:
        assert directive in csp, f"missing {directive!r} in {csp}"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Request-Id"]
    assert "no-store" in response["Cache-Control"], response.get("Cache-Control")


def page_urls(world: World) -> list[str]:
    return [
        reverse(name, kwargs=kwargs_for(pattern, world))
        for name, pattern in ALL_PATTERNS
        if name not in POST_ONLY
    ]


@pytest.mark.parametrize("persona", ["anonymous", "clinician", "lead", "admin"])
def test_every_page_has_the_security_headers(
    persona: str,
    person: Person,
    users: dict[str, Any],
    signed_in: Callable[[str], Any],
    client: Any,
) -> None:
    world = build_world(users, person)
    browser = client if persona == "anonymous" else signed_in(persona)
    urls = page_urls(world) + ["/no-such-page/"]
    assert len(urls) > 10
    for url in urls:
        check_headers(browser.get(url))


def test_the_inline_script_carries_the_nonce_in_the_policy(client: Any) -> None:
    response = client.get(reverse("accounts:sign_in"))
    html = response.content.decode()
    csp = response["Content-Security-Policy"]
    nonce = csp.split("'nonce-", 1)[1].split("'", 1)[0]
    assert f'<script nonce="{nonce}">' in html


def test_the_header_check_fails_without_a_policy(client: Any) -> None:
    """The check above can fail: a response without the policy is caught."""
    response = client.get(reverse("accounts:sign_in"))
    del response["Content-Security-Policy"]
    with pytest.raises(KeyError):
        check_headers(response)


def test_production_adds_hsts() -> None:
    import subprocess
    import sys

    from tests.core.test_settings import production_env

    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SECURE_HSTS_SECONDS, settings.SESSION_COOKIE_SECURE, settings.SECURE_SSL_REDIRECT)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=production_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert int(out[0]) >= 31536000
    assert out[1:] == ["True", "True"]
