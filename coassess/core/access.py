"""The access policy every view declares. Default deny.

A view is reachable only through one of these decorators, each of which sets
`view.access_policy`; a test walks every URL pattern and fails on any view
without one. The policies:

- `public`: anyone, signed in or not (sign-in page, health check).
- `staff(*roles)`: a signed-in staff member whose team role is one of `roles`.
- person-record policies live in `coassess.people.access`, because they need
  to know how a team comes to have a relationship with a person.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

View = TypeVar("View", bound=Callable[..., HttpResponse])


def declare(view: Callable[..., HttpResponse], policy: str) -> None:
    view.access_policy = policy  # type: ignore[attr-defined]


def public(view: View) -> View:
    declare(view, "public")
    return view


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


class SignInRequired(Exception):
    """Raised inside a policy check; turned into a redirect to the sign-in page."""


def require_role(request: HttpRequest, roles: tuple[str, ...] | frozenset[str]) -> None:
    user = request.user
    if not user.is_authenticated:
        raise SignInRequired
    membership = user.membership
    if membership is None or membership.role not in roles:
        raise PermissionDenied(
            "Your role in your team does not give you access to this page."
        )


class SignInRedirectMiddleware:
    """Turns SignInRequired into the sign-in page, then back to the page asked for."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exc: Exception
    ) -> HttpResponse | None:
        if not isinstance(exc, SignInRequired):
            return None
        if request.headers.get("HX-Request"):
            # An htmx request (a board refresh, an autosave) after the session
            # ended: send the whole page to sign in, not a sign-in form into a fragment.
            page = request.headers.get("HX-Current-URL") or request.get_full_path()
            response = HttpResponse(status=204)
            response["HX-Redirect"] = redirect_to_login(page)["Location"]
            return response
        return redirect_to_login(request.get_full_path())
