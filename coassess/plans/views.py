"""The plan pages. Thin: the policy loads the assessment and logs reads, a form
validates, one service acts, and a successful POST redirects (`core.flow`).

Every page hangs off the assessment (`assessment_record`). An assessment
without a plan yet shows "start the plan"; the other pages go back there.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from coassess.accounts.types import StaffRequest
from coassess.assessments.access import assessment_record
from coassess.assessments.models import Assessment
from coassess.assessments.presenters import assessment_page
from coassess.core.exceptions import DomainError
from coassess.core.flow import Done, form_page, posted
from coassess.decisions import views as decision_views
from coassess.decisions.hosts import Host
from coassess.plans import queries, services
from coassess.plans.forms import (
    ActionForm,
    AddendumForm,
    ConfirmForm,
    ContactForm,
    ContingencyForm,
    RationaleForm,
    contingency_initial,
    current_concerns,
    rationale_initial,
)
from coassess.plans.hosts import SIGNED, positions_page
from coassess.plans.models import SIGNING_DECLARATION, Plan
from coassess.plans.pdf import (
    CopyTooLongForPdf,
    check_for_pdf,
    render_person_copy_pdf,
)
from coassess.plans.person_copy import copy_for
from coassess.plans.presenters import (
    SignedPage,
    contingency_conflict,
    load_plan_page,
    rationale_conflict,
    rebased,
)

PlanView = Callable[..., HttpResponse]


def _plan_url(assessment: Assessment, anchor: str = "") -> str:
    url = reverse("plans:show_plan", kwargs={"assessment_id": assessment.pk})
    return f"{url}#{anchor}" if anchor else url


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
            plan = queries.plan_of(assessment)
            if plan is None:
                messages.info(request, "Start the plan first.")
                return redirect(_plan_url(assessment))
            if editing and plan.is_signed and request.method == "GET":
                messages.info(request, SIGNED)
                return redirect(_plan_url(assessment, "addenda"))
            return view(request, assessment, plan, *args, **kwargs)

        return wrapper

    return decorator


def _page(assessment: Assessment, plan: Plan, **extra: Any) -> dict[str, Any]:
    return assessment_page(
        assessment,
        plan=plan,
        signing_declaration=SIGNING_DECLARATION,
        declare_message=services.DECLARE,
        **extra,
    )


def _plan_form(
    request: StaffRequest,
    assessment: Assessment,
    plan: Plan,
    form: Any,
    *,
    template: str,
    save: Callable[[dict[str, Any]], Done],
    **options: Any,
) -> HttpResponse:
    """A plan page with a form, through the form flow."""
    return form_page(
        request,
        form,
        f"plans/{template}.jinja",
        save,
        context=lambda: _page(assessment, plan),
        **options,
    )


@assessment_record
@require_safe
def show_plan(request: StaffRequest, assessment: Assessment) -> HttpResponse:
    plan = queries.plan_of(assessment)
    if plan is None:
        return render(
            request,
            "plans/start.jinja",
            assessment_page(assessment, concerns=current_concerns(assessment)),
        )
    return render(
        request, "plans/show.jinja", _page(assessment, plan, page=load_plan_page(plan))
    )


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
    def save(data: dict[str, Any]) -> Done:
        action = services.add_action(actor=request.user, plan=plan, **data)
        return Done(
            "The action is added. Ask everyone for their position on it.",
            _plan_url(assessment, f"action-{action.pk}"),
        )

    form = ActionForm(posted(request), assessment=assessment, writer=request.user)
    return _plan_form(request, assessment, plan, form, template="add_action", save=save)


@assessment_record
@require_http_methods(["GET", "POST"])
@with_plan()
@positions_page
def give_positions(
    request: StaffRequest, host: Host, decision_id: UUID
) -> HttpResponse:
    """Where each participant stands on each action: the engine's positions page."""
    return decision_views.give_positions(request, host, decision_id)


@assessment_record
@require_http_methods(["GET", "POST"])
@with_plan()
def update_rationale(
    request: StaffRequest, assessment: Assessment, plan: Plan
) -> HttpResponse:
    def save(data: dict[str, Any]) -> Done:
        services.update_plan_text(
            actor=request.user,
            plan=plan,
            rationale=data["rationale"],
            based_on_version=data["based_on"],
            person_not_able_reason=data["person_not_able_reason"],
            revisit_with_person_at=data["revisit_at"],
        )
        return Done(
            "The reasons for the plan are saved.", _plan_url(assessment, "rationale")
        )

    form = RationaleForm(posted(request), initial=rationale_initial(plan))
    return _plan_form(
        request,
        assessment,
        plan,
        form,
        template="update_rationale",
        save=save,
        on_conflict=lambda exc: {
            "conflict": rationale_conflict(exc.current, form),
            "form": rebased(RationaleForm, request.POST, exc.current.version),
        },
    )


@assessment_record
@require_http_methods(["GET", "POST"])
@with_plan()
def update_contingency(
    request: StaffRequest, assessment: Assessment, plan: Plan
) -> HttpResponse:
    def save(data: dict[str, Any]) -> Done:
        services.update_contingency(
            actor=request.user,
            plan=plan,
            data=data,
            based_on_version=data["based_on"],
        )
        return Done("The crisis plan is saved.", _plan_url(assessment, "contingency"))

    form = ContingencyForm(posted(request), initial=contingency_initial(plan))
    return _plan_form(
        request,
        assessment,
        plan,
        form,
        template="update_contingency",
        save=save,
        on_conflict=lambda exc: {
            "conflict": contingency_conflict(exc.current, form),
            "form": rebased(ContingencyForm, request.POST, exc.current.version),
        },
    )


@assessment_record
@require_http_methods(["GET", "POST"])
@with_plan()
def add_contact(
    request: StaffRequest, assessment: Assessment, plan: Plan
) -> HttpResponse:
    def save(data: dict[str, Any]) -> Done:
        contact = services.add_contact(actor=request.user, plan=plan, **data)
        return Done(
            f"{contact.name} is added to the crisis plan.",
            _plan_url(assessment, "contacts"),
        )

    form = ContactForm(posted(request))
    return _plan_form(
        request, assessment, plan, form, template="add_contact", save=save
    )


@assessment_record
@require_http_methods(["GET", "POST"])
@with_plan()
def confirm_plan(
    request: StaffRequest, assessment: Assessment, plan: Plan
) -> HttpResponse:
    def save(data: dict[str, Any]) -> Done:
        services.confirm_plan(actor=request.user, plan=plan, **data)
        return Done(
            f"{data['participant'].name}’s answer is recorded.",
            _plan_url(assessment, "confirmations"),
        )

    return form_page(
        request,
        ConfirmForm(posted(request), assessment=assessment, writer=request.user),
        "plans/confirm_plan.jinja",
        save,
        context=lambda: _page(assessment, plan, page=load_plan_page(plan)),
    )


@assessment_record
@require_POST
@with_plan(editing=False)
def sign_plan(
    request: StaffRequest, assessment: Assessment, plan: Plan
) -> HttpResponse:
    """Sign, or show the plan with exactly what is still missing (400)."""
    try:
        services.sign_plan(
            actor=request.user,
            plan=plan,
            declared=request.POST.get("declaration") == "confirmed",
        )
    except DomainError as exc:
        plan.refresh_from_db()
        page = load_plan_page(plan)
        context = _page(
            assessment, plan, page=page, sign_error=str(exc), has_errors=True
        )
        return render(request, "plans/show.jinja", context, status=400)
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

    def save(data: dict[str, Any]) -> Done:
        services.add_addendum(actor=request.user, plan=plan, **data)
        return Done(
            "The addendum is added. The signed plan is kept as it was.",
            _plan_url(assessment, "addenda"),
        )

    form = AddendumForm(posted(request), plan=plan)
    return _plan_form(
        request, assessment, plan, form, template="add_addendum", save=save
    )


@assessment_record
@require_safe
@with_plan(editing=False)
def signed_version(
    request: StaffRequest, assessment: Assessment, plan: Plan
) -> HttpResponse:
    signed = queries.signed_version(plan)
    if signed is None:
        messages.info(request, "The plan is not signed yet.")
        return redirect(_plan_url(assessment))
    return render(
        request,
        "plans/signed_version.jinja",
        _page(assessment, plan, signed=signed, page=SignedPage(signed.content)),
    )


@assessment_record
@require_safe
def person_copy(request: StaffRequest, assessment: Assessment) -> HttpResponse:
    """The person's own copy, with its reading age shown to staff before it is given."""
    copy = copy_for(assessment)
    return render(
        request,
        "plans/person_copy.jinja",
        assessment_page(
            assessment,
            copy=copy,
            readability=copy.readability(),
            findings=copy.findings(),
            pdf_check=check_for_pdf(copy),
        ),
    )


@assessment_record
@require_safe
def person_copy_pdf(request: StaffRequest, assessment: Assessment) -> HttpResponse:
    """The person's copy as an A4 PDF, from the same words as the page; back to
    the page, which says why, when it is too long to make into one."""
    try:
        pdf = render_person_copy_pdf(
            request=request, assessment=assessment, copy=copy_for(assessment)
        )
    except CopyTooLongForPdf as e:
        messages.info(request, str(e))
        return redirect("plans:person_copy", assessment_id=assessment.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="my-copy.pdf"'
    return response
