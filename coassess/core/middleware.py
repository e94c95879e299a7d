"""Request ids, for logs and the access log.

The server makes every request's id itself: an id a client sends could be
chosen to confuse the log (someone else's id, or the same id on every request).
A load balancer's id is kept too, but only from an address in the
`TRUSTED_PROXY_ADDRESSES` setting, and separately (`upstream_request_id`), so
the two can be matched without either standing in for the other.
"""

from __future__ import annotations

import contextvars
import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.utils.cache import add_never_cache_headers

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "current_request_id", default="-"
)
current_upstream_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "current_upstream_request_id", default=""
)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True


class OneLineRefusals(logging.Filter):
    """Log a refused request (403, 404, 400, 405) as one line, not a traceback.

    Django logs every PermissionDenied, Http404 and BadRequest on
    `django.request` with the exception attached, so each refusal wrote a
    whole traceback: noise that buries real faults, and a cheap way to fill
    the disk. The line keeps the status, the path and (from RequestIdFilter)
    the request id; server errors (5xx) keep their tracebacks.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True


class RequestIdMiddleware:
    """Give each request its own id, and keep a trusted proxy's id beside it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex
        upstream = upstream_request_id(request)
        request.request_id = request_id  # type: ignore[attr-defined]
        request.upstream_request_id = upstream  # type: ignore[attr-defined]
        token = current_request_id.set(request_id)
        upstream_token = current_upstream_request_id.set(upstream)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
            current_upstream_request_id.reset(upstream_token)
        response["X-Request-Id"] = request_id
        return response


def upstream_request_id(request: HttpRequest) -> str:
    """The `X-Request-Id` a trusted proxy sent, or "" from anyone else.

    Trusted means the connection comes from an address listed in
    `settings.TRUSTED_PROXY_ADDRESSES` (exact IP addresses). An id that is not
    8 to 64 letters, digits and hyphens is dropped.
    """
    if request.META.get("REMOTE_ADDR") not in settings.TRUSTED_PROXY_ADDRESSES:
        return ""
    incoming = request.headers.get("X-Request-Id", "")
    return incoming if _looks_like_id(incoming) else ""


def _looks_like_id(value: str) -> bool:
    return 8 <= len(value) <= 64 and all(c.isalnum() or c == "-" for c in value)


SERVED_METHODS = ("GET", "HEAD", "POST")


class ServedMethodsMiddleware:
    """Answer 405 to every method no view serves (TRACE, OPTIONS, PUT, ...).

    Django's CSRF check lets TRACE and OPTIONS through as "safe", and a view
    that tests only for POST treats them as GET, so without this they were
    answered like a GET. Whether a view serves POST is the view's own business
    (its `require_http_methods`).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in SERVED_METHODS:
            return HttpResponseNotAllowed(SERVED_METHODS)
        return self.get_response(request)


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every answer the app makes.

    Pages, fragments and PDFs may hold a person's record, and a browser's disk
    cache outlives sign-out (Chromium kept a risk section and the person's copy
    after it). Static files are served before this runs (WhiteNoise sits above
    it in MIDDLEWARE) and keep their long cache lifetimes. Uses Django's
    `add_never_cache_headers`: no-cache, no-store, must-revalidate, private,
    max-age=0 and an Expires in the past.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response
