"""Staff sessions end after 30 minutes idle and 12 hours at most.

Shared devices at a bedside or nurses' station must not stay signed in. The
session records when the member signed in and when they were last seen; the
last-seen time is written at most once a minute to spare the database.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

SIGNED_IN_AT = "coassess_signed_in_at"
LAST_SEEN = "coassess_last_seen"


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
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
            elif now - last_seen > 60:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


def start_session_clock(request: HttpRequest) -> None:
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now
