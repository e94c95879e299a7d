"""Access codes for the person and their supporters, from the assessment: who
holds one, whose session is active, and issuing, extending and revoking codes
(`people.code_services`). The assessment's own team only (`assessment_record`);
each read is logged by the policy, each change by its service. A new code is
shown once, in the answer to the form, and never kept."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from coassess.accounts.types import StaffRequest
from coassess.assessments.access import assessment_record
from coassess.assessments.models import Assessment
from coassess.assessments.presenters import assessment_page
from coassess.core.flow import Done, form_page, posted
from coassess.people import code_services
from coassess.people.code_forms import ExtendCodeForm, IssueCodeForm, RevokeCodeForm
from coassess.people.code_presenters import card, code_rows, holder
from coassess.people.models import AccessCode
from coassess.people.queries import codes_held


def _list_url(assessment: Assessment) -> str:
    return reverse("assessments:code_list", kwargs={"assessment_id": assessment.pk})


def _code(assessment: Assessment, code_id: UUID) -> AccessCode:
    """The code `code_id`, if this assessment's team issued it for its person."""
    return get_object_or_404(
        AccessCode.objects.select_related("person", "team", "supporter"),
        pk=code_id,
        person=assessment.person,
        team=assessment.team,
    )


def _page(assessment: Assessment, **extra: Any) -> dict[str, Any]:
    return assessment_page(assessment, current_slug="codes", **extra)


@assessment_record
@require_safe
def code_list(request: StaffRequest, assessment: Assessment) -> HttpResponse:
    """Who holds a code for this record, each code's state, and whose session
    may be open now."""
    rows = code_rows(codes_held(assessment.person, assessment.team), assessment.person)
    idle_minutes = settings.VIEWER_IDLE_SECONDS // 60
    context = _page(assessment, rows=rows, idle_minutes=idle_minutes)
    return render(request, "assessments/codes/list.jinja", context)


@assessment_record
@require_http_methods(["GET", "POST"])
def issue_code(request: StaffRequest, assessment: Assessment) -> HttpResponse:
    """The form; once issued, the code's card (shown once, printable)."""
    person = assessment.person
    form = IssueCodeForm(
        posted(request), person=person, supporters=list(person.supporters.all())
    )

    def save(data: dict[str, Any]) -> Done:
        code, made = code_services.issue_code(
            actor=request.user,
            person=person,
            team=assessment.team,
            supporter=data["supporter"],
            known_kind=data["known_kind"],
            known_answer=data["known_answer"],
            expires_at=data["expires_at"],
        )
        base = request.build_absolute_uri(reverse("portal:sign_in"))
        shown = _page(assessment, card=card(code, made, person, base))
        page = render(request, "assessments/codes/issued.jinja", shown)
        return Done("", _list_url(assessment), page=page)

    return form_page(
        request, form, "assessments/codes/issue.jinja", save, context=_page(assessment)
    )


@assessment_record
@require_http_methods(["GET", "POST"])
def extend_code(
    request: StaffRequest, assessment: Assessment, code_id: UUID
) -> HttpResponse:
    code = _code(assessment, code_id)

    def save(data: dict[str, Any]) -> Done:
        code_services.extend_code(
            actor=request.user, code=code, expires_at=data["expires_at"]
        )
        who = holder(code, assessment.person)
        return Done(f"The code for {who} lasts longer now.", _list_url(assessment))

    context = _page(assessment, code=code, rows=code_rows([code], assessment.person))
    form = ExtendCodeForm(posted(request))
    return form_page(
        request, form, "assessments/codes/extend.jinja", save, context=context
    )


@assessment_record
@require_http_methods(["GET", "POST"])
def revoke_code(
    request: StaffRequest, assessment: Assessment, code_id: UUID
) -> HttpResponse:
    """Asks to be sure; revoking ends the code and its sessions at once."""
    code = _code(assessment, code_id)

    def save(data: dict[str, Any]) -> Done:
        code_services.revoke_code(actor=request.user, code=code)
        who = holder(code, assessment.person)
        return Done(f"The code for {who} no longer works.", _list_url(assessment))

    context = _page(assessment, code=code, rows=code_rows([code], assessment.person))
    return form_page(
        request,
        RevokeCodeForm(posted(request)),
        "assessments/codes/revoke.jinja",
        save,
        context=context,
    )
