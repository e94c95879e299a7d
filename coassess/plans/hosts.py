"""A plan as a host of the dissensus engine: everyone taking part in the
assessment gives a position on each action of the plan (each action is an
option of the plan's actions decision). It takes no positions once the plan is
signed; its one engine page, "where do you stand on each action", sits in the
plan's part of the assessment (`positions_page`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpResponse
from django.urls import reverse

from coassess.accounts.types import StaffRequest
from coassess.assessments.hosts import AssessmentHost
from coassess.assessments.models import Assessment, Participant
from coassess.core.exceptions import DomainError
from coassess.decisions.models import Decision
from coassess.plans.models import Plan

SIGNED = "This plan is signed. Add an addendum to change it."


class PlanHost(AssessmentHost):
    context_type = "plan"
    namespace = "plans"
    option_word = "action"

    def __init__(
        self,
        assessment: Assessment,
        plan: Plan | None = None,
        participants: list[Participant] | None = None,
    ) -> None:
        super().__init__(assessment, participants)
        self.plan = plan

    def require_open(self) -> None:
        if self.plan is not None and self.plan.is_signed:
            raise DomainError(SIGNED)

    def page_context(self) -> dict[str, Any]:
        return {**super().page_context(), "current_slug": "plan"}

    def return_url(self, decision: Decision, anchor: str) -> str:
        url = reverse("plans:show_plan", kwargs={"assessment_id": self.assessment.pk})
        return f"{url}#actions"


View = Callable[..., HttpResponse]


def positions_page(view: View) -> View:
    """The engine's positions page for the plan's actions (`view` takes the
    request, the host and the decision's id), given a plan's view arguments."""

    @wraps(view)
    def wrapper(
        request: StaffRequest, assessment: Assessment, plan: Plan
    ) -> HttpResponse:
        host = PlanHost(assessment, plan)
        return view(request, host, plan.actions_decision_id)

    return wrapper
