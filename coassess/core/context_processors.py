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


def htmx_csrf(request: HttpRequest) -> dict[str, Any]:
    """htmx sends the CSRF token with every request it makes, from the body's hx-headers."""
    return {
        "bodyAttributes": {
            "hx-headers": json.dumps({"X-CSRFToken": get_token(request)})
        }
    }
