"""The access log and break-glass reviews, for team leads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from coassess.accesslog import queries, services
from coassess.accesslog.forms import EventFilterForm, ReviewForm
from coassess.accounts.access import staff
from coassess.accounts.models import Role, Team
from coassess.accounts.types import StaffRequest
from coassess.core.exceptions import DomainError

PAGE_SIZE = 50


@staff(Role.TEAM_LEAD)
@require_safe
def event_list(request: StaffRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    team = request.user.membership.team  # type: ignore[union-attr]
    page = Paginator(queries.team_events(team, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    others = query.copy()
    others.pop("person", None)
    context = {"form": form, "page": page, "team": team}
    context |= {"query": query.urlencode(), "query_without_person": others.urlencode()}
    return render(request, "accesslog/event_list.jinja", context)


def _grants(team: Team) -> dict[str, Any]:
    return {
        "waiting": queries.waiting_grants(team),
        "reviewed": queries.latest_reviews(team)[:50],
    }


@staff(Role.TEAM_LEAD)
@require_safe
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
    """Mark a grant reviewed, from its card on the list; the list says how it went
    (a grant another lead reviewed first is said so, not an error page)."""
    team = request.user.membership.team  # type: ignore[union-attr]
    grant = get_object_or_404(queries.team_grants(team), pk=grant_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.values()))
        return redirect("accesslog:grant_list")
    try:
        services.review_grant(
            reviewer=request.user, grant=grant, note=form.cleaned_data["review_note"]
        )
    except DomainError as exc:
        messages.info(request, str(exc))
    else:
        messages.success(request, "Marked as reviewed.")
    return redirect("accesslog:grant_list")
