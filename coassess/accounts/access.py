"""The staff policy: signed-in members of staff with one of the given roles.

`core.access` gives every view a declared policy and turns `SignInRequired`
into the sign-in page; this module knows what a member's role is, and that
signing in takes a password and a code (`accounts.second_factor`).

`require_role` is the one check every staff and record policy makes, so no
page that shows or changes anything is open with a password alone: a member
who has given only their password is sent to the code page (GET, HEAD) or
refused (anything else).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from coassess.accounts import second_factor
from coassess.core.access import SignInRequired, View, declare

READS = ("GET", "HEAD")


class CodeRequired(SignInRequired):
    """The member gave their password; the code page comes next."""

    login_url = "accounts:enter_code"


def staff(*roles: str) -> Callable[[View], View]:
    """Signed-in staff with one of `roles` (accounts.models.Role values)."""
    if not roles:
        raise ValueError("staff() needs at least one role: default deny.")

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            require_role(request, roles)
            return view(request, *args, **kwargs)

        declare(wrapper, "staff:" + ",".join(sorted(roles)))
        return wrapper  # type: ignore[return-value]

    return decorator


def password_given(view: View) -> View:
    """The steps of signing in after the password (the code, setting up an
    authenticator): anyone who has given a password, verified or not."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            raise SignInRequired
        return view(request, *args, **kwargs)

    declare(wrapper, "password-given")
    return wrapper  # type: ignore[return-value]


def require_role(request: HttpRequest, roles: tuple[str, ...] | frozenset[str]) -> None:
    user = request.user
    if not user.is_authenticated:
        raise SignInRequired
    require_second_factor(request)
    membership = user.membership
    if membership is None or membership.role not in roles:
        raise PermissionDenied(
            "Your role in your team does not give you access to this page."
        )


def require_second_factor(request: HttpRequest) -> None:
    """Pass a session verified by a code; send anyone else on, or refuse them.

    A session that was verified by a device that has since been reset (the
    team lead did it, or the member set up a new one) ends here.
    """
    if second_factor.is_verified(request):
        return
    if second_factor.was_verified(request):
        logout(request)
        messages.info(request, "Your sign-in code was reset. Sign in again.")
        raise SignInRequired
    if request.method in READS:
        raise CodeRequired
    raise PermissionDenied("Enter the code from your authenticator app first.")
