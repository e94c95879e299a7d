"""Language prompts as people type, recording choices, and a team's own rules."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from coassess.accounts.access import staff
from coassess.accounts.models import ALL_ROLES, Role
from coassess.accounts.types import StaffRequest
from coassess.core.flow import Done, form_page, posted
from coassess.language import services
from coassess.language.forms import CheckForm, ChoiceForm, TeamRulesForm
from coassess.language.presenters import findings_context, viewer_ruleset
from coassess.language.queries import current_layer, layer_history

RULE_EDITORS = (Role.TEAM_LEAD, Role.COPRODUCTION)


# Any member of staff: the check is a function of the words sent and the
# team's rules, and reads no record. Every role writes in some box with
# prompts (co-production members in projects and decisions).
@staff(*ALL_ROLES)
@require_POST
def check_wording(request: StaffRequest) -> HttpResponse:
    """The findings for one box, as a fragment to show beside it."""
    form = CheckForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    return render(
        request,
        "language/_partials/findings.jinja",
        findings_context(
            form.cleaned_data["text"],
            form.cleaned_data["field"],
            form.cleaned_data["audience"] or "staff",
            viewer_ruleset(request),
        ),
    )


@staff(*ALL_ROLES)
@require_POST
def record_choice(request: StaffRequest) -> HttpResponse:
    form = ChoiceForm(request.POST)
    if form.is_valid():
        services.record_wording_choice(
            actor=request.user,
            rule_id=form.cleaned_data["rule_id"],
            choice=form.cleaned_data["choice"],
        )
        return HttpResponse(status=204)
    return HttpResponse(status=400)


@staff(*RULE_EDITORS)
@require_http_methods(["GET", "POST"])
def team_rules(request: StaffRequest) -> HttpResponse:
    team = request.user.membership.team  # type: ignore[union-attr]
    latest = current_layer(team)
    initial = {
        "based_on": latest.number if latest else 0,
        "text": latest.text if latest else "",
    }

    def save(data: dict[str, Any]) -> Done:
        services.save_team_rules(actor=request.user, team=team, **data)
        return Done(
            "Your team's rules are saved. They apply from now on.",
            reverse("language:team_rules"),
        )

    return form_page(
        request,
        TeamRulesForm(posted(request), initial=initial),
        "language/team_rules.jinja",
        save,
        context=lambda: {"history": layer_history(team), "team": team},
        error_field="text",
        on_conflict=lambda exc: {"conflict": exc.current},
    )
