"""Information pages, a health check and the error pages."""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from coassess.core.access import public

logger = logging.getLogger(__name__)


@public
@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about.jinja")


@public
@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.jinja")


@public
@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.jinja")


@public
@require_safe
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers: 200 when the app can reach its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _error(request: HttpRequest, status: int) -> HttpResponse:
    return render(request, f"core/{status}.jinja", status=status)


def bad_request(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    return _error(request, 400)


def permission_denied(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    return _error(request, 403)


def page_not_found(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    return _error(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or a plain 503 when the cause is a database that cannot be reached.

    Django calls this inside its exception handler, so the exception is in
    sys.exc_info() whichever middleware or view raised it.
    """
    exc = sys.exc_info()[1]
    if isinstance(exc, OperationalError | InterfaceError):
        logger.error("Database unavailable: %s", exc)
        response = _error(request, 503)
        response["Retry-After"] = "30"
        return response
    return _error(request, 500)
