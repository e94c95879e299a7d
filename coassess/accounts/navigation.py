"""The page header: the signed-in member, a way to sign out, and the menu of the
places their role opens (`core.menus`, filled in by each app)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html

from coassess.accounts import second_factor
from coassess.core.menus import destinations_for


def role_of(request: HttpRequest) -> str | None:
    """The signed-in member's role in their team, or None (also before they
    have entered their code: a password alone opens no place)."""
    user = request.user
    if not user.is_authenticated or not second_factor.is_verified(request):
        return None
    membership = user.membership
    return membership.role if membership is not None else None


def header_params(request: HttpRequest) -> dict[str, Any]:
    """The NHS.UK header component's parameters for this request."""
    params: dict[str, Any] = {
        "service": {"text": "coassess", "href": reverse("accounts:home")},
        "account": {"items": _account(request)},
    }
    path = request.path
    items = []
    for place in destinations_for(role_of(request)):
        if place.in_menu:
            href = reverse(place.url_name)
            items.append(
                {"href": href, "text": place.heading, "current": path.startswith(href)}
            )
    if items:
        params["navigation"] = {"items": items}
    return params


def _account(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    if not user.is_authenticated:
        return [{"href": reverse("accounts:sign_in"), "text": "Sign in"}]
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
    return [{"text": who, "icon": True}, {"html": sign_out}]
