"""The staff policy: signed-in members of staff with one of the given roles.

`core.access` gives every view a declared policy and turns `SignInRequired`
into the sign-in page; this module knows what a member's role is.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from coassess.core.access import SignInRequired, View, declare


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


def require_role(request: HttpRequest, roles: tuple[str, ...] | frozenset[str]) -> None:
    user = request.user
    if not user.is_authenticated:
        raise SignInRequired
    membership = user.membership
    if membership is None or membership.role not in roles:
        raise PermissionDenied(
            "Your role in your team does not give you access to this page."
        )
