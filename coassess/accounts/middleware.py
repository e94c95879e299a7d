"""Staff sessions end after 30 minutes idle and 12 hours at most.

Shared devices at a bedside or nurses' station must not stay signed in. The
session records when the member signed in and when they were last seen; the
last-seen time is written at most once a minute (or a quarter of the idle
limit, if shorter) to spare the database.

A background refresh (the board asking for new rows, marked with the
BACKGROUND header) is not activity: a board left open on a shared computer
idles out like any other page. When a background refresh finds no session,
it gets a short note and status 286, which tells htmx to stop polling.

Each signed-in request also learns its `draft_owner`, which pages put on
<body> so unsaved text kept in a tab stays with the session that typed it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.crypto import salted_hmac

SIGNED_IN_AT = "coassess_signed_in_at"
LAST_SEEN = "coassess_last_seen"
# The header a background refresh sends (hx-headers on the polling element).
BACKGROUND = "X-Coassess-Background"
STOP_POLLING = 286  # htmx stops a poll that answers this


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        background = request.headers.get(BACKGROUND) == "refresh"
        if request.user.is_authenticated:
            now = time.time()
            if SIGNED_IN_AT not in request.session:
                start_session_clock(request)
            signed_in_at = request.session[SIGNED_IN_AT]
            last_seen = request.session.get(LAST_SEEN, now)
            if (
                now - last_seen > settings.SESSION_IDLE_SECONDS
                or now - signed_in_at > settings.SESSION_MAX_SECONDS
            ):
                logout(request)
                messages.info(
                    request, "You were signed out to keep records safe. Sign in again."
                )
            elif not background and now - last_seen > _write_every():
                request.session[LAST_SEEN] = now
        if request.user.is_authenticated and request.session.session_key:
            request.draft_owner = draft_owner(request.session.session_key)  # type: ignore[attr-defined]
        if background and not request.user.is_authenticated:
            return render(
                request, "accounts/stopped_refreshing.jinja", status=STOP_POLLING
            )
        return self.get_response(request)


def draft_owner(session_key: str) -> str:
    """Who unsaved text kept in a browser tab belongs to: a keyed hash of the
    session key (20 hex characters), so a page can name its session without
    revealing it. A page of another session forgets the text (drafts.js)."""
    return salted_hmac("coassess.drafts", session_key).hexdigest()[:20]


def _write_every() -> float:
    """Seconds between writes of the last-seen time."""
    return min(60.0, settings.SESSION_IDLE_SECONDS / 4)


def start_session_clock(request: HttpRequest) -> None:
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now
