"""The team board, recording a referral and closing one."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods, require_safe
from django_htmx.middleware import HtmxDetails

from coassess.accounts.access import staff
from coassess.accounts.models import CLINICAL_ROLES, Team
from coassess.accounts.types import StaffRequest
from coassess.core.flow import Done, form_page, posted
from coassess.people.models import Person
from coassess.people.views import search_page
from coassess.referrals import presenters, services
from coassess.referrals.access import referral_record
from coassess.referrals.forms import CloseReferralForm, ReferralForm
from coassess.referrals.models import Referral

BOARD_ROWS = "referrals/_partials/board_rows.jinja"


class BoardRequest(StaffRequest):
    htmx: HtmxDetails


def team_of(request: StaffRequest) -> Team:
    # Every clinical role is a team role, so the staff policy guarantees a membership.
    membership = request.user.membership
    assert membership is not None
    return membership.team


@staff(*CLINICAL_ROLES)
@require_safe
def board(request: BoardRequest) -> HttpResponse:
    team = team_of(request)
    context = {
        "team": team,
        "board": presenters.board_for(team, timezone.now()),
        "refresh_seconds": settings.BOARD_REFRESH_SECONDS,
    }
    # htmx polls the same address and gets only the rows back.
    template = BOARD_ROWS if request.htmx else "referrals/board.jinja"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@staff(*CLINICAL_ROLES)
@require_safe
def choose_person(request: StaffRequest) -> HttpResponse:
    return search_page(request, "referrals/choose_person.jinja")


@staff(*CLINICAL_ROLES)
@require_http_methods(["GET", "POST"])
def add_referral(request: StaffRequest, person_id: UUID) -> HttpResponse:
    """Record a referral for anyone found by search.

    A referral is how a team comes to know a person, so it does not need the
    team to know them already (no break glass). The page shows only what the
    search already showed: their name. Saving it is logged as a change.
    """
    person = get_object_or_404(Person, pk=person_id)

    def save(data: dict[str, Any]) -> Done:
        services.record_referral(actor=request.user, person=person, data=data)
        return Done(
            f"The referral for {person.name} is recorded.", reverse("referrals:board")
        )

    return form_page(
        request,
        ReferralForm(posted(request)),
        "referrals/referral_form.jinja",
        save,
        context=lambda: {
            "person": person,
            "already_open": presenters.already_open(team_of(request), person),
        },
        error_field="received_day",
    )


@referral_record
@require_http_methods(["GET", "POST"])
def close_referral(request: StaffRequest, referral: Referral) -> HttpResponse:
    if referral.team_id != team_of(request).pk:
        raise PermissionDenied("This referral belongs to another team.")

    def save(data: dict[str, Any]) -> Done:
        services.close_referral(
            actor=request.user, referral=referral, outcome=data["outcome"]
        )
        return Done(
            f"The referral for {referral.person.name} is closed.",
            reverse("referrals:board"),
        )

    return form_page(
        request,
        CloseReferralForm(posted(request)),
        "referrals/close_referral.jinja",
        save,
        context=lambda: {
            "referral": referral,
            "details": presenters.referral_details(referral, timezone.now()),
        },
        error_field="outcome",
    )
