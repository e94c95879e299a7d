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
from uuid import UUID

from django.http import HttpResponse
from django.urls import reverse

from coassess.accounts.types import StaffRequest
from coassess.assessments.hosts import AssessmentHost
from coassess.assessments.models import Assessment, Participant
from coassess.core.exceptions import DomainError
from coassess.decisions.models import Decision
from coassess.people.authors import Author
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

    # What the engine's changes are called in the access log, for a plan; the
    # plan's own services log making the plan and each action (under their own
    # ids), so the engine's decision and option behind them are not logged twice.
    LOGGED = {
        "decision position": "position on a plan action",
        "decision option reworded": "plan action reworded",
    }
    LOGGED_BY_THE_PLAN = {"decision", "decision option"}

    def log(self, *, actor: Author, created: bool, what: str, object_id: UUID) -> None:
        if what in self.LOGGED_BY_THE_PLAN:
            return
        super().log(
            actor=actor,
            created=created,
            what=self.LOGGED.get(what, what),
            object_id=object_id,
        )

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
