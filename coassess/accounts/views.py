"""Sign in and out, change password, and staff accounts for administrators."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from coassess.accounts import services
from coassess.accounts.access import staff
from coassess.accounts.forms import ChangeStaffForm, SignInForm, StaffForm
from coassess.accounts.middleware import start_session_clock
from coassess.accounts.models import ALL_ROLES, AccountEvent, Role
from coassess.accounts.navigation import role_of
from coassess.accounts.types import StaffRequest
from coassess.core.access import public
from coassess.core.exceptions import DomainError
from coassess.core.flow import Done, form_page, posted
from coassess.core.http import safe_next
from coassess.core.menus import destinations_for


@public
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Staff: the places their role opens. Anyone else: what coassess is."""
    membership = request.user.membership if request.user.is_authenticated else None
    places = [p for p in destinations_for(role_of(request)) if p.on_home]
    return render(
        request, "accounts/home.jinja", {"membership": membership, "places": places}
    )


@public
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request, data=posted(request))
    if request.method == "POST" and form.is_valid():
        login(request, form.get_user())  # renews the session key
        start_session_clock(request)
        return redirect(safe_next(request) or "accounts:home")
    return render(
        request, "accounts/sign_in.jinja", {"form": form, "next": safe_next(request)}
    )


def locked_out(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """Shown by django-axes after too many failed sign-ins for one username."""
    return render(request, "accounts/locked_out.jinja", status=429)


@public
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, "You have signed out.")
    return redirect("accounts:sign_in")


@staff(*ALL_ROLES)
@require_http_methods(["GET", "POST"])
def change_password(request: StaffRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, data=posted(request))

    def save(data: dict[str, Any]) -> Done:
        update_session_auth_hash(request, form.save())
        return Done("Your password has been changed.", reverse("accounts:home"))

    return form_page(request, form, "accounts/change_password.jinja", save)


@staff(Role.ADMINISTRATOR)
@require_safe
def staff_list(request: StaffRequest) -> HttpResponse:
    """The accounts this administrator manages: their team's, or every team's
    for a system administrator."""
    members = (
        services.managed_members(request.user)
        .prefetch_related("memberships__team")
        .order_by("last_name", "username")
    )
    return render(request, "accounts/staff_list.jinja", {"members": members})


def _password_problems(exc: ValidationError) -> DomainError:
    return DomainError(" ".join(exc.messages))


@staff(Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def add_staff(request: StaffRequest) -> HttpResponse:
    form = StaffForm(posted(request), teams=services.managed_teams(request.user))

    def save(data: dict[str, Any]) -> Done:
        try:
            user = services.create_staff_user(actor=request.user, **data)
        except ValidationError as exc:  # the password validators' messages
            raise _password_problems(exc) from exc
        return Done(
            f"Account made for {user.display_name}.", reverse("accounts:staff_list")
        )

    return form_page(
        request, form, "accounts/add_staff.jinja", save, error_field="username"
    )


@staff(Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def update_staff(request: StaffRequest, user_id: str) -> HttpResponse:
    """Change a member's role, team (system administrators), whether they can
    sign in, or set a temporary password: each change logged with the reason."""
    member = get_object_or_404(services.managed_members(request.user), pk=user_id)
    membership = member.membership
    initial = {
        "role": membership.role if membership else "",
        "team": membership.team if membership else None,
        "active": "true" if member.is_active else "false",
    }
    form = ChangeStaffForm(
        posted(request), initial=initial, can_move=request.user.is_superuser
    )

    def save(data: dict[str, Any]) -> Done:
        try:
            services.change_staff(actor=request.user, member=member, **data)
        except ValidationError as exc:
            raise _password_problems(exc) from exc
        return Done(
            f"{member.display_name}'s account is changed.",
            reverse("accounts:staff_list"),
        )

    context = {"member": member, "membership": membership}
    return form_page(
        request, form, "accounts/update_staff.jinja", save, context=context
    )


@staff(Role.TEAM_LEAD)
@require_safe
def account_changes(request: StaffRequest) -> HttpResponse:
    """Every change to the accounts of the lead's team, newest first."""
    team = request.user.membership.team  # type: ignore[union-attr]
    events = AccountEvent.objects.filter(member_team=team).select_related(
        "actor", "member", "actor_team"
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request, "accounts/account_changes.jinja", {"page": page, "team": team}
    )
