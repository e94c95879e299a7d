"""Small request helpers shared by views."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, param: str = "next") -> str | None:
    """The `param` address from the form or query string, if it stays on this site."""
    target = request.POST.get(param) or request.GET.get(param)
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def client_address(request: HttpRequest) -> str:
    """The address of the client, as the app trusts it: the connection's own
    (`REMOTE_ADDR`, as axes counts staff sign-ins), unless that is a proxy
    listed in `settings.TRUSTED_PROXY_ADDRESSES`; then the last address in
    its `X-Forwarded-For`, the one that proxy saw (earlier ones are the
    client's own say, and not trusted). "" if there is none."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if remote not in settings.TRUSTED_PROXY_ADDRESSES:
        return remote
    forwarded = request.headers.get("X-Forwarded-For", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    return hops[-1] if hops else remote
