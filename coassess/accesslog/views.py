"""The access log and break-glass reviews, for team leads."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coassess.accesslog import queries, services
from coassess.accesslog.forms import EventFilterForm, ReviewForm
from coassess.accounts.access import staff
from coassess.accounts.models import Role, Team
from coassess.accounts.types import StaffRequest
from coassess.core.flow import Done, form_page

PAGE_SIZE = 50


@staff(Role.TEAM_LEAD)
def event_list(request: StaffRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    team = request.user.membership.team  # type: ignore[union-attr]
    page = Paginator(queries.team_events(team, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accesslog/event_list.jinja",
        {"form": form, "page": page, "query": query.urlencode(), "team": team},
    )


def _grants(team: Team) -> dict[str, Any]:
    grants = queries.team_grants(team)
    return {
        "waiting": grants.filter(reviewed_at__isnull=True),
        "reviewed": grants.filter(reviewed_at__isnull=False).order_by("-reviewed_at")[
            :50
        ],
    }


@staff(Role.TEAM_LEAD)
def grant_list(request: StaffRequest) -> HttpResponse:
    team = request.user.membership.team  # type: ignore[union-attr]
    return render(
        request,
        "accesslog/grant_list.jinja",
        {**_grants(team), "form": ReviewForm()},
    )


@staff(Role.TEAM_LEAD)
@require_POST
def review_grant(request: StaffRequest, grant_id: str) -> HttpResponse:
    team = request.user.membership.team  # type: ignore[union-attr]
    grant = get_object_or_404(queries.team_grants(team), pk=grant_id)

    def save(data: dict[str, Any]) -> Done:
        services.review_grant(
            reviewer=request.user, grant=grant, note=data["review_note"]
        )
        return Done("Marked as reviewed.", reverse("accesslog:grant_list"))

    return form_page(
        request,
        ReviewForm(request.POST),
        "accesslog/grant_list.jinja",
        save,
        context=lambda: _grants(team),
    )
