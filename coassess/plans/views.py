"""The plan pages. Thin: the policy loads the assessment and logs reads, a form
validates, one service acts, and a successful POST redirects (PRG).

Every page hangs off the assessment (`assessment_record`). An assessment
without a plan yet shows "start the plan"; the other pages go back there.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from coassess.accounts.types import StaffRequest
from coassess.assessments.access import assessment_record
from coassess.assessments.models import Assessment
from coassess.assessments.sections import SECTIONS
from coassess.core.exceptions import DomainError, VersionConflict
from coassess.core.presenters import local_datetime
from coassess.decisions import views as decision_views
from coassess.decisions.hosts import Host
from coassess.plans import contingency as parts
from coassess.plans import services
from coassess.plans.forms import (
    ActionForm,
    AddendumForm,
    ConfirmForm,
    ContactForm,
    ContingencyForm,
    RationaleForm,
    current_concerns,
)
from coassess.plans.hosts import positions_page
from coassess.plans.models import ContingencyPlan, Plan, SignedVersion
from coassess.plans.pdf import render_person_copy_pdf
from coassess.plans.person_copy import copy_for
from coassess.plans.presenters import SignedPage, load_plan_page

SIGNED = "This plan is signed. Add an addendum to change it."

PlanView = Callable[..., HttpResponse]


def _context(assessment: Assessment, **extra: Any) -> dict[str, Any]:
    return {
        "assessment": assessment,
        "person": assessment.person,
        "sections": SECTIONS,
        **extra,
    }


def _plan_url(assessment: Assessment, anchor: str = "") -> str:
    url = reverse("plans:show_plan", kwargs={"assessment_id": assessment.pk})
    return f"{url}#{anchor}" if anchor else url


def _plan_of(assessment: Assessment) -> Plan | None:
    plan = (
        Plan.objects.filter(assessment=assessment).select_related("signed_by").first()
    )
    if plan is not None:
        plan.assessment = assessment  # already loaded by the policy
    return plan


def with_plan(*, editing: bool = True) -> Callable[[PlanView], PlanView]:
    """Pass the assessment's plan to the view; without one, go back to start it.

    With `editing`, opening the page of a signed plan goes back to the plan
    (only addenda change it then). A POST always reaches the view, so the
    service, not the page, is what refuses a change.
    """

    def decorator(view: PlanView) -> PlanView:
        @wraps(view)
        def wrapper(
            request: StaffRequest, assessment: Assessment, *args: Any, **kwargs: Any
        ) -> HttpResponse:
            plan = _plan_of(assessment)
            if plan is None:
                messages.info(request, "Start the plan first.")
                return redirect(_plan_url(assessment))
            if editing and plan.is_signed and request.method == "GET":
                messages.info(request, SIGNED)
                return redirect(_plan_url(assessment, "addenda"))
            return view(request, assessment, plan, *args, **kwargs)

        return wrapper

    return decorator


def _render(
    request: StaffRequest,
    template: str,
    assessment: Assessment,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    return render(
        request, f"plans/{template}.jinja", _context(assessment, **extra), status=status
    )


def _show(
    request: StaffRequest, assessment: Assessment, plan: Plan, **extra: Any
) -> HttpResponse:
    status = extra.pop("status", 200)
    return _render(
        request,
        "show",
        assessment,
        status,
        plan=plan,
        page=load_plan_page(plan),
        **extra,
    )


@assessment_record
def show_plan(request: StaffRequest, assessment: Assessment) -> HttpResponse:
    plan = _plan_of(assessment)
    if plan is None:
        return _render(
            request, "start", assessment, concerns=current_concerns(assessment)
        )
    return _show(request, assessment, plan)


@assessment_record
@require_POST
def start_plan(request: StaffRequest, assessment: Assessment) -> HttpResponse:
    services.start_plan(actor=request.user, assessment=assessment)
    messages.success(request, "The plan has started. Add what was agreed.")
    return redirect(_plan_url(assessment))


@assessment_record
@require_http_methods(["GET", "POST"])
@with_plan()
def add_action(
    request: StaffRequest, assessment: Assessment, plan: Plan
) -> HttpResponse:
    form = ActionForm(
        request.POST if request.method == "POST" else None, assessment=assessment
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                action = services.add_action(
                    actor=request.user,
                    plan=plan,
                    what=data["what"],
                    who=data["who"],
                    by_when=data["by_when"],
                    proposer=data["proposer"],
                    concerns=list(data["concerns"]),
                    strengths=list(data["strengths"]),
                )
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    "The action is added. Ask everyone for their position on it.",
                )
                return redirect(_plan_url(assessment, f"action-{action.pk}"))
    return _render(request, "add_action", assessment, status, plan=plan, form=form)


@assessment_record
@require_http_methods(["GET", "POST"])
@with_plan()
@positions_page
def give_positions(
    request: StaffRequest, host: Host, decision_id: UUID
) -> HttpResponse:
    """Where each participant stands on each action: the engine's positions page."""
    return decision_views.give_positions(request, host, decision_id)


def _rationale_conflict(current: Plan, form: RationaleForm) -> dict[str, Any]:
    yours = form.cleaned_data
    return {
        "rows": [
            ("Why this is the plan", current.rationale, yours["rationale"]),
            (
                "If the person was not able to take part: why",
                current.person_not_able_reason,
                yours["person_not_able_reason"],
            ),
            (
                "When it will be gone through with them",
                local_datetime(current.revisit_with_person_at),
                local_datetime(yours["revisit_at"]),
            ),
        ],
    }


def _rebased(request: StaffRequest, version: int) -> QueryDict:
    """What was typed, now based on the version someone else saved."""
    data = request.POST.copy()
    data["based_on"] = str(version)
    return data


@assessment_record
@require_http_methods(["GET", "POST"])
@with_plan()
def update_rationale(
    request: StaffRequest, assessment: Assessment, plan: Plan
) -> HttpResponse:
    initial: dict[str, Any] = {
        "based_on": plan.version,
        "rationale": plan.rationale,
        "person_not_able_reason": plan.person_not_able_reason,
    }
    if plan.revisit_with_person_at:
        at = timezone.localtime(plan.revisit_with_person_at)
        initial.update(
            revisit_day=at.day,
            revisit_month=at.month,
            revisit_year=at.year,
            revisit_time=f"{at:%H:%M}",
        )
    form = RationaleForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    status, conflict = 200, None
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_plan_text(
                    actor=request.user,
                    plan=plan,
                    rationale=data["rationale"],
                    based_on_version=data["based_on"],
                    person_not_able_reason=data["person_not_able_reason"],
                    revisit_with_person_at=data["revisit_at"],
                )
            except VersionConflict as exc:
                conflict = _rationale_conflict(exc.current, form)
                form = RationaleForm(_rebased(request, exc.current.version))
                form.is_valid()
                status = 409
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "The reasons for the plan are saved.")
                return redirect(_plan_url(assessment, "rationale"))
    return _render(
        request,
        "update_rationale",
        assessment,
        status,
        plan=plan,
        form=form,
        conflict=conflict,
    )


def _contingency_conflict(
    current: ContingencyPlan, form: ContingencyForm
) -> dict[str, Any]:
    rows = [
        (label, getattr(current, name), form.cleaned_data[name])
        for name, label in parts.LABELS.items()
        if getattr(current, name) != form.cleaned_data[name]
    ]
    return {"rows": rows}


@assessment_record
@require_http_methods(["GET", "POST"])
@with_plan()
def update_contingency(
    request: StaffRequest, assessment: Assessment, plan: Plan
) -> HttpResponse:
    contingency = ContingencyPlan.objects.get(plan=plan)
    initial = {name: getattr(contingency, name) for name in parts.NAMES}
    form = ContingencyForm(
        request.POST if request.method == "POST" else None,
        initial={
            **initial,
            "based_on": contingency.version,
            "in_own_words": contingency.in_own_words,
        },
    )
    status, conflict = 200, None
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.update_contingency(
                    actor=request.user,
                    plan=plan,
                    data=form.cleaned_data,
                    based_on_version=form.cleaned_data["based_on"],
                )
            except VersionConflict as exc:
                conflict = _contingency_conflict(exc.current, form)
                form = ContingencyForm(_rebased(request, exc.current.version))
                form.is_valid()
                status = 409
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "The crisis plan is saved.")
                return redirect(_plan_url(assessment, "contingency"))
    return _render(
        request,
        "update_contingency",
        assessment,
        status,
        plan=plan,
        form=form,
        conflict=conflict,
    )


@assessment_record
@require_http_methods(["GET", "POST"])
@with_plan()
def add_contact(
    request: StaffRequest, assessment: Assessment, plan: Plan
) -> HttpResponse:
    form = ContactForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                contact = services.add_contact(
                    actor=request.user, plan=plan, **form.cleaned_data
                )
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request, f"{contact.name} is added to the crisis plan."
                )
                return redirect(_plan_url(assessment, "contacts"))
    return _render(request, "add_contact", assessment, status, plan=plan, form=form)


@assessment_record
@require_http_methods(["GET", "POST"])
@with_plan()
def confirm_plan(
    request: StaffRequest, assessment: Assessment, plan: Plan
) -> HttpResponse:
    form = ConfirmForm(
        request.POST if request.method == "POST" else None, assessment=assessment
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.confirm_plan(
                    actor=request.user,
                    plan=plan,
                    participant=data["participant"],
                    meaning=data["meaning"],
                    reason=data["reason"],
                )
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request, f"{data['participant'].name}’s answer is recorded."
                )
                return redirect(_plan_url(assessment, "confirmations"))
    return _render(
        request,
        "confirm_plan",
        assessment,
        status,
        plan=plan,
        form=form,
        page=load_plan_page(plan),
    )


@assessment_record
@require_POST
@with_plan(editing=False)
def sign_plan(
    request: StaffRequest, assessment: Assessment, plan: Plan
) -> HttpResponse:
    try:
        services.sign_plan(actor=request.user, plan=plan)
    except DomainError as exc:
        plan.refresh_from_db()
        return _show(
            request, assessment, plan, sign_error=str(exc), has_errors=True, status=400
        )
    messages.success(request, "The plan is signed. Later changes are addenda.")
    return redirect(_plan_url(assessment))


@assessment_record
@require_http_methods(["GET", "POST"])
@with_plan(editing=False)
def add_addendum(
    request: StaffRequest, assessment: Assessment, plan: Plan
) -> HttpResponse:
    if request.method == "GET" and not plan.is_signed:
        messages.info(request, "The plan is not signed yet: change it directly.")
        return redirect(_plan_url(assessment))
    form = AddendumForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.add_addendum(
                    actor=request.user,
                    plan=plan,
                    reason=form.cleaned_data["reason"],
                    text=form.cleaned_data["text"],
                )
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request, "The addendum is added. The signed plan is kept as it was."
                )
                return redirect(_plan_url(assessment, "addenda"))
    return _render(request, "add_addendum", assessment, status, plan=plan, form=form)


@assessment_record
@with_plan(editing=False)
def signed_version(
    request: StaffRequest, assessment: Assessment, plan: Plan
) -> HttpResponse:
    signed = SignedVersion.objects.filter(plan=plan).first()
    if signed is None:
        messages.info(request, "The plan is not signed yet.")
        return redirect(_plan_url(assessment))
    return _render(
        request,
        "signed_version",
        assessment,
        plan=plan,
        signed=signed,
        page=SignedPage(signed.content),
    )


@assessment_record
def person_copy(request: StaffRequest, assessment: Assessment) -> HttpResponse:
    """The person's own copy, with its reading age shown to staff before it is given."""
    copy = copy_for(assessment)
    return _render(
        request,
        "person_copy",
        assessment,
        copy=copy,
        readability=copy.readability(),
        findings=copy.findings(),
    )


@assessment_record
def person_copy_pdf(request: StaffRequest, assessment: Assessment) -> HttpResponse:
    """The person's copy as an A4 PDF, from the same words as the page."""
    pdf = render_person_copy_pdf(
        request=request, assessment=assessment, copy=copy_for(assessment)
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="my-copy.pdf"'
    return response
