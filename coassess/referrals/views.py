"""The team board, recording a referral and closing one."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods
from django_htmx.middleware import HtmxDetails

from coassess.accesslog.services import record_listing
from coassess.accounts.access import staff
from coassess.accounts.models import CLINICAL_ROLES, Team
from coassess.accounts.types import StaffRequest
from coassess.core.exceptions import DomainError
from coassess.people.forms import FindPersonForm
from coassess.people.models import Person
from coassess.people.presenters import PersonPresenter
from coassess.people.queries import find_people
from coassess.referrals import presenters, queries, services
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
def board(request: BoardRequest) -> HttpResponse:
    team = team_of(request)
    context = {
        "team": team,
        "board": presenters.board_for(team, timezone.now()),
    }
    # htmx polls the same address every 30 seconds and gets only the rows back.
    template = BOARD_ROWS if request.htmx else "referrals/board.jinja"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@staff(*CLINICAL_ROLES)
def choose_person(request: StaffRequest) -> HttpResponse:
    form = FindPersonForm(request.GET or None)
    results: list[PersonPresenter] | None = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        people = find_people(
            nhs_number=data.get("nhs_number", ""),
            family_name=data.get("family_name", ""),
            given_name=data.get("given_name", ""),
            date_of_birth=data.get("date_of_birth"),
        )
        record_listing(actor=request.user, people=people, what="search result")
        results = [PersonPresenter(p, viewer=request.user) for p in people]
    return render(
        request, "referrals/choose_person.jinja", {"form": form, "results": results}
    )


@staff(*CLINICAL_ROLES)
@require_http_methods(["GET", "POST"])
def add_referral(request: StaffRequest, person_id: UUID) -> HttpResponse:
    """Record a referral for anyone found by search.

    A referral is how a team comes to know a person, so it does not need the
    team to know them already (no break glass). The page shows only what the
    search already showed: their name. Saving it is logged as a change.
    """
    person = get_object_or_404(Person, pk=person_id)
    form = ReferralForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_referral(
                actor=request.user, person=person, data=form.cleaned_data
            )
        except DomainError as exc:
            form.add_error("received_day", str(exc))
        else:
            messages.success(request, f"The referral for {person.name} is recorded.")
            return redirect("referrals:board")
    already_open = queries.open_referrals_for_person(team_of(request), person)
    return render(
        request,
        "referrals/referral_form.jinja",
        {
            "form": form,
            "person": person,
            "already_open": [
                presenters.when_words(r.received_at, timezone.now())
                for r in already_open
            ],
        },
    )


@referral_record
@require_http_methods(["GET", "POST"])
def close_referral(request: StaffRequest, referral: Referral) -> HttpResponse:
    if referral.team_id != team_of(request).pk:
        raise PermissionDenied("This referral belongs to another team.")
    form = CloseReferralForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_referral(
                actor=request.user,
                referral=referral,
                outcome=form.cleaned_data["outcome"],
            )
        except DomainError as exc:
            form.add_error("outcome", str(exc))
        else:
            messages.success(
                request, f"The referral for {referral.person.name} is closed."
            )
            return redirect("referrals:board")
    return render(
        request,
        "referrals/close_referral.jinja",
        {
            "form": form,
            "referral": referral,
            "details": presenters.referral_details(referral, timezone.now()),
        },
    )
