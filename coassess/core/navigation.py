"""The header's account area and menu, chosen by the signed-in member's role."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html

from coassess.accounts.models import CLINICAL_ROLES, Role


@dataclass
class Navigation:
    account: list[dict[str, Any]] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)


def navigation(request: HttpRequest) -> Navigation:
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
        get_token(request),
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
