"""The access policy every view declares. Default deny.

A view is reachable only through one of these decorators, each of which sets
`view.access_policy`; a test walks every URL pattern and fails on any view
without one. The policies:

- `public`: anyone, signed in or not (sign-in page, health check).
- `accounts.access.staff(*roles)`: a signed-in member of staff whose role in
  their team is one of `roles` (accounts owns staff and roles), past both
  steps of signing in (password and code).
- `accounts.access.password_given`: the steps of signing in after the password.
- `people.access.person_record` and the record policies built like it: staff
  whose team may open that record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

View = TypeVar("View", bound=Callable[..., HttpResponse])


def declare(view: Callable[..., HttpResponse], policy: str) -> None:
    view.access_policy = policy  # type: ignore[attr-defined]


def public(view: View) -> View:
    declare(view, "public")
    return view


class SignInRequired(Exception):
    """Raised inside a policy check; turned into a redirect to the sign-in page,
    or to `login_url` (a URL name) when a later step of signing in is due."""

    login_url: str | None = None


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
            response["HX-Redirect"] = redirect_to_login(page, exc.login_url)["Location"]
            return response
        return redirect_to_login(request.get_full_path(), exc.login_url)
