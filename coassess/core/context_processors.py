from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import get_token


def csp_nonce(request: HttpRequest) -> dict[str, Any]:
    """The NHS.UK page template reads `cspNonce` for its one inline script."""
    nonce = getattr(request, "csp_nonce", None)
    # str() evaluates django-csp's lazy nonce, which is what puts it in the header.
    return {"cspNonce": str(nonce) if nonce is not None else ""}


def csrf(request: HttpRequest) -> dict[str, Any]:
    """The CSRF token, masked once for the whole page.

    Django's Jinja2 backend puts a lazy `csrf_token` in the context that masks
    the secret afresh each time it is printed: a page with 13 forms drew 416
    random characters from the system's random source. One masked token per
    response is what Django's own middleware expects (BREACH needs a new mask per
    response, not per form), so it is worked out here once and printed as a
    plain string. Context processors run after the backend fills the context,
    so this replaces the lazy one.
    """
    return {"csrf_token": get_token(request)}


def body_attributes(request: HttpRequest) -> dict[str, Any]:
    """Attributes of every page's <body>.

    - `hx-headers`: htmx sends the CSRF token with every request it makes.
    - `data-draft-owner`: whose session the page belongs to, for the unsaved text
      kept in the tab (core/static/core/drafts.js); set on the request by the
      session middleware (`request.draft_owner`), empty when signed out. Read
      from the request, never the database, so error pages render without one.
    """
    return {
        "bodyAttributes": {
            "hx-headers": json.dumps({"X-CSRFToken": get_token(request)}),
            "data-draft-owner": getattr(request, "draft_owner", ""),
        }
    }
