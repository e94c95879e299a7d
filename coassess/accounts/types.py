"""Request types for views behind a staff policy, where `request.user` is a real account."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from coassess.accounts.models import User


class StaffRequest(HttpRequest):
    user: User
    request_id: str
    access_grounds: str
    htmx: HtmxDetails
