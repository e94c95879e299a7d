"""Sign in and out, change password, and staff accounts for administrators."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from coassess.accounts import queries, second_factor, services
from coassess.accounts.access import password_given, staff
from coassess.accounts.forms import (
    ChangeStaffForm,
    CodeForm,
    ConfirmCodeForm,
    ReasonForm,
    SignInForm,
    StaffForm,
)
from coassess.accounts.middleware import start_session_clock
from coassess.accounts.models import ALL_ROLES, AccountEvent, Role, User
from coassess.accounts.navigation import role_of
from coassess.accounts.types import StaffRequest
from coassess.core.access import public
from coassess.core.exceptions import DomainError
from coassess.core.flow import Done, form_page, posted
from coassess.core.http import safe_next
from coassess.core.menus import destinations_for

# Set when a member has just set up their authenticator: their recovery codes
# are shown on the next page, once.
SHOW_RECOVERY_CODES = "coassess_show_recovery_codes"


@public
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Staff: the places their role opens. Anyone else: what coassess is."""
    if request.user.is_authenticated and not second_factor.is_verified(request):
        return redirect("accounts:enter_code")
    membership = request.user.membership if request.user.is_authenticated else None
    places = [p for p in destinations_for(role_of(request)) if p.on_home]
    return render(
        request, "accounts/home.jinja", {"membership": membership, "places": places}
    )


@public
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """The first step of signing in: the password. The code comes next."""
    form = SignInForm(request, data=posted(request))
    if request.method == "POST" and form.is_valid():
        login(request, form.get_user())  # renews the session key
        start_session_clock(request)
        return redirect(_with_next(request, reverse("accounts:enter_code")))
    return render(
        request, "accounts/sign_in.jinja", {"form": form, "next": safe_next(request)}
    )


def _with_next(request: HttpRequest, url: str) -> str:
    """`url`, keeping the page the member asked for before signing in."""
    target = safe_next(request)
    return f"{url}?{urlencode({'next': target})}" if target else url


@password_given
@require_http_methods(["GET", "POST"])
def enter_code(request: StaffRequest) -> HttpResponse:
    """The second step: the code from the member's authenticator app, or one of
    their recovery codes. Without an authenticator, they set one up first."""
    if second_factor.is_verified(request):
        return redirect(safe_next(request) or "accounts:home")
    if second_factor.authenticator(request.user) is None:
        return redirect(_with_next(request, reverse("accounts:set_up_code")))
    form = CodeForm(posted(request))

    def save(data: dict[str, Any]) -> Done:
        device = second_factor.verify_code(request.user, data["code"])
        second_factor.remember(request, device)
        said = ""
        if second_factor.is_recovery(device):
            said = _codes_left(second_factor.recovery_codes_left(request.user))
        return Done(said, safe_next(request) or reverse("accounts:home"))

    return form_page(request, form, "accounts/enter_code.jinja", save)


def _codes_left(left: int) -> str:
    if left == 0:
        return (
            "You have used your last recovery code. Ask your team lead to reset "
            "your sign-in code so that you get new ones."
        )
    return f"You have {left} recovery code{'s' if left != 1 else ''} left."


@password_given
@require_http_methods(["GET", "POST"])
def set_up_code(request: StaffRequest) -> HttpResponse:
    """Setting up an authenticator app, at the first sign-in (or the first after
    the team lead reset it): a QR code, the secret as text, and a first code."""
    if second_factor.is_verified(request):
        return redirect(safe_next(request) or "accounts:home")
    if second_factor.authenticator(request.user) is not None:
        return redirect(_with_next(request, reverse("accounts:enter_code")))
    device = second_factor.pending_device(request.user)
    form = ConfirmCodeForm(posted(request))

    def save(data: dict[str, Any]) -> Done:
        confirmed = second_factor.confirm_device(request.user, data["code"])
        second_factor.remember(request, confirmed)
        request.session[SHOW_RECOVERY_CODES] = True
        return Done("", _with_next(request, reverse("accounts:recovery_codes")))

    context = {
        "qr_code": second_factor.qr_code(device),
        "secret": second_factor.secret_words(device),
        "username": request.user.username,
    }
    return form_page(request, form, "accounts/set_up_code.jinja", save, context=context)


@staff(*ALL_ROLES)
@require_safe
def recovery_codes(request: StaffRequest) -> HttpResponse:
    """The member's recovery codes, shown once: just after they set up their
    authenticator. Afterwards, how many are left."""
    shown = request.session.pop(SHOW_RECOVERY_CODES, False)
    codes = second_factor.recovery_codes(request.user) if shown else []
    context = {
        "codes": codes,
        "left": second_factor.recovery_codes_left(request.user),
        "next": safe_next(request) or reverse("accounts:home"),
    }
    return render(request, "accounts/recovery_codes.jinja", context)


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


@staff(Role.TEAM_LEAD)
@require_safe
def team_sign_in(request: StaffRequest) -> HttpResponse:
    """The lead's team: who has set up their sign-in code, and who is locked
    out now, with a way to reset a code or unlock someone."""
    members = queries.led_members(request.user)
    context = {
        "members": members,
        "locks": queries.locks(members),
        "set_up": queries.has_authenticator(members),
        "team": request.user.membership.team,  # type: ignore[union-attr]
    }
    return render(request, "accounts/team_sign_in.jinja", context)


def _led_member(request: StaffRequest, user_id: str) -> User:
    """A member of the lead's team (not the lead); anyone else is not found."""
    for member in queries.led_members(request.user):
        if str(member.pk) == str(user_id) and member != request.user:
            return member
    raise Http404("No member of your team has this address.")


@staff(Role.TEAM_LEAD)
@require_http_methods(["GET", "POST"])
def reset_code(request: StaffRequest, user_id: str) -> HttpResponse:
    """Reset a member's sign-in code (a lost or new phone), with the reason."""
    member = _led_member(request, user_id)
    form = ReasonForm(posted(request))

    def save(data: dict[str, Any]) -> Done:
        services.reset_second_factor(
            actor=request.user, member=member, reason=data["reason"]
        )
        return Done(
            f"{member.display_name} will set up a new sign-in code when they next sign in.",
            reverse("accounts:team_sign_in"),
        )

    context = {"member": member}
    return form_page(request, form, "accounts/reset_code.jinja", save, context=context)


@staff(Role.TEAM_LEAD)
@require_http_methods(["GET", "POST"])
def unlock_member(request: StaffRequest, user_id: str) -> HttpResponse:
    """Unlock a member locked out after wrong passwords or codes, with the reason."""
    member = _led_member(request, user_id)
    form = ReasonForm(posted(request))

    def save(data: dict[str, Any]) -> Done:
        services.unlock_member(actor=request.user, member=member, reason=data["reason"])
        return Done(
            f"{member.display_name} can sign in again now.",
            reverse("accounts:team_sign_in"),
        )

    lock = queries.locks([member]).get(str(member.pk))
    context = {"member": member, "lock": lock}
    return form_page(
        request, form, "accounts/unlock_member.jinja", save, context=context
    )
