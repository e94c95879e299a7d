"""The page header: its account area and menu, chosen by the signed-in member's role."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template import engines
from django.urls import reverse
from django.utils.html import format_html
from markupsafe import Markup

from coassess.accounts.models import CLINICAL_ROLES, Role


@dataclass
class Navigation:
    account: list[dict[str, Any]] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)


# Stands for the request's CSRF token in a header kept for reuse (`header`).
_TOKEN_SLOT = "coassess-csrf-token-slot"  # noqa: S105 - a placeholder, not a secret


def header(request: HttpRequest) -> Markup:
    """The NHS.UK header component for this request.

    What it shows depends only on who is signed in and which part of the
    service they are in, so it is rendered once for each of those and reused
    (the component's macros were a sixth of a short page's time); only the
    sign-out form's CSRF token differs between requests, and is put in here.
    """
    nav = navigation(request, token=_TOKEN_SLOT)
    params: dict[str, Any] = {
        "service": {"text": "coassess", "href": reverse("core:home")},
        "account": {"items": nav.account},
    }
    if nav.items:
        params["navigation"] = {"items": nav.items}
    made = _rendered_header(json.dumps(params, sort_keys=True))
    return Markup(made.replace(_TOKEN_SLOT, get_token(request)))  # noqa: S704 - a token is [A-Za-z0-9]


@lru_cache(maxsize=256)
def _rendered_header(params: str) -> str:
    env = engines["jinja2"].env  # type: ignore[attr-defined]
    component = env.get_template("nhsuk/components/header/macro.jinja")
    return str(component.module.header(json.loads(params)))


def navigation(request: HttpRequest, token: str | None = None) -> Navigation:
    user = request.user
    if not user.is_authenticated:
        return Navigation(
            account=[{"href": reverse("accounts:sign_in"), "text": "Sign in"}]
        )
    membership = user.membership
    who = user.display_name
    if membership is not None:
        who = f"{who}, {membership.get_role_display()}, {membership.team.name}"
    sign_out = format_html(
        '<form class="nhsuk-header__account-form" method="post" action="{}">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<button class="nhsuk-header__account-button">Sign out</button></form>',
        reverse("accounts:sign_out"),
        get_token(request) if token is None else token,
    )
    nav = Navigation(account=[{"text": who, "icon": True}, {"html": sign_out}])
    role = membership.role if membership else None
    path = request.path
    links: list[tuple[str, str]] = []
    if role in CLINICAL_ROLES:
        links.append(("referrals:board", "Team board"))
        links.append(("people:find_person", "Find a person"))
    if role == Role.TEAM_LEAD:
        links.append(("accesslog:event_list", "Access log"))
        links.append(("accesslog:grant_list", "Break-glass reviews"))
    if role in (Role.TEAM_LEAD, Role.COPRODUCTION):
        links.append(("language:team_rules", "Language rules"))
    if role == Role.ADMINISTRATOR:
        links.append(("accounts:staff_list", "Staff accounts"))
    for name, text in links:
        href = reverse(name)
        nav.items.append({"href": href, "text": text, "current": path.startswith(href)})
    return nav
