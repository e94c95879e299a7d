from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def csp_nonce(request: HttpRequest) -> dict[str, Any]:
    """The NHS.UK page template reads `cspNonce` for its one inline script."""
    nonce = getattr(request, "csp_nonce", None)
    # str() evaluates django-csp's lazy nonce, which is what puts it in the header.
    return {"cspNonce": str(nonce) if nonce is not None else ""}
