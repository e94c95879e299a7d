"""The viewer's session: the person, or a supporter, signed in with an access
code on their own device.

A viewer's session holds only the code's id and when they were last seen. It
opens one record (the person's, as the code's team holds it) for one viewer,
ends after `VIEWER_IDLE_SECONDS` idle, when the viewer signs out, and at the
first request after the code is revoked, expires or locks. The code's
validity is checked at every request; the "last seen" time is written at most
once every `SEEN_EVERY` seconds (each write is a save of the session), so the
idle limit ends a session between `VIEWER_IDLE_SECONDS - SEEN_EVERY` and
`VIEWER_IDLE_SECONDS` after the viewer's last request: never later. It is
never a staff session: signing in with a code ends any staff session in the
same browser, and a viewer's session has no user, so no staff page opens to
it.

Views for viewers are wrapped in `viewer_page`, which sets the access policy
"viewer" and passes the `Viewer` to the view.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from coassess.accesslog.models import Action
from coassess.accesslog.services import record_viewer_access
from coassess.accounts.models import Team
from coassess.core.access import declare
from coassess.core.prepared import Prepared, columns, joined, related_columns
from coassess.people.models import AccessCode, Person, Supporter

CODE_KEY = "coassess_viewer_code"
SEEN_KEY = "coassess_viewer_seen"
# Where a viewer without a session is sent: the portal's sign-in page.
SIGN_IN_URL = "portal:sign_in"
ENDED = "You have been signed out. To look again, sign in with your code."
# Seconds between writes of the "last seen" time (see the module's docstring).
SEEN_EVERY = 60.0


@dataclass(frozen=True)
class Viewer:
    """Who is looking, from their own device: `code` is theirs; `supporter`
    None means the person themselves."""

    code: AccessCode

    @property
    def person(self) -> Person:
        return self.code.person

    @property
    def team(self) -> Team:
        return self.code.team

    @property
    def supporter(self) -> Supporter | None:
        return self.code.supporter

    @property
    def is_person(self) -> bool:
        return self.code.supporter_id is None


def begin(request: HttpRequest, code: AccessCode) -> Viewer:
    """Start a viewer's session for `code` in this browser (a new session key,
    any staff session ended) and log the sign-in."""
    if request.user.is_authenticated:
        logout(request)
    request.session.cycle_key()
    request.session[CODE_KEY] = str(code.pk)
    request.session[SEEN_KEY] = time.time()
    with transaction.atomic():
        AccessCode.objects.filter(pk=code.pk).update(last_used_at=timezone.now())
        record_viewer_access(code, code.person, Action.SIGN_IN, "own view", code.pk)
    return Viewer(code)


def end(request: HttpRequest) -> None:
    """End the viewer's session in this browser (nothing kept)."""
    request.session.flush()


def current(request: HttpRequest) -> Viewer | None:
    """The viewer signed in to this browser, or None: none, idle too long, or
    their code revoked, expired or locked (the session is then ended). Marks
    the viewer as seen now, if the last mark is `SEEN_EVERY` seconds old
    (writing it makes the session be saved)."""
    code_id = request.session.get(CODE_KEY)
    if code_id is None:
        return None
    now = time.time()
    seen = request.session.get(SEEN_KEY, 0)
    if now - seen > settings.VIEWER_IDLE_SECONDS:
        end(request)
        return None
    found = joined(AccessCode, _CODE.rows(code_id), _CODE_RELATED)
    code = found[0] if found else None
    if code is None or not code.usable_at(timezone.now()):
        end(request)
        return None
    if now - seen >= _seen_every():
        request.session[SEEN_KEY] = now
    _mark_used(code)
    return Viewer(code)


# The code with its person, team and supporter (None for the person's own
# code), read on every page of a viewer's session.
_CODE_RELATED: dict[str, type[models.Model]] = {
    "person": Person,
    "team": Team,
    "supporter": Supporter,
}
_CODE = Prepared(
    lambda code: AccessCode.objects.filter(pk=code).values_list(
        *columns(AccessCode),
        *(c for n, m in _CODE_RELATED.items() for c in related_columns(n, m)),
    ),
    models.UUIDField(),
)


def _seen_every() -> float:
    """`SEEN_EVERY`, or a quarter of a shorter idle limit."""
    return min(SEEN_EVERY, settings.VIEWER_IDLE_SECONDS / 4)


# How stale a code's `last_used_at` may be before a request writes it again:
# often enough for staff to see whose session is active, not a write a page.
USED_EVERY = dt.timedelta(minutes=1)


def _mark_used(code: AccessCode) -> None:
    now = timezone.now()
    if code.last_used_at is None or now - code.last_used_at >= USED_EVERY:
        AccessCode.objects.filter(pk=code.pk).update(last_used_at=now)
        code.last_used_at = now


def is_active(code: AccessCode, now: dt.datetime) -> bool:
    """Whether `code` has a session that may still be open at `now`: usable,
    and used within the idle limit (`VIEWER_IDLE_SECONDS`, give or take
    `USED_EVERY`)."""
    idle = dt.timedelta(seconds=settings.VIEWER_IDLE_SECONDS)
    return (
        code.usable_at(now)
        and code.last_used_at is not None
        and now - code.last_used_at <= idle
    )


def viewer_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Access policy "viewer": the view opens only to a viewer's session and is
    called as view(request, viewer, ...). Without one, the browser goes to the
    sign-in page with a kind message. What the viewer may see within the
    record (a supporter's sharing) is for the view to ask."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        had_session = CODE_KEY in request.session
        viewer = current(request)
        if viewer is None:
            if had_session:
                messages.info(request, ENDED)
            return redirect(SIGN_IN_URL)
        return view(request, viewer, *args, **kwargs)

    declare(wrapper, "viewer")
    return wrapper
