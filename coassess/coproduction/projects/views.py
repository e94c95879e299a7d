"""The project pages. Thin: the project's policy (`project_record`) loads the
project and the viewer's standing in it; a form validates; one service acts
and logs (`core.flow`)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from coassess.accounts.access import staff
from coassess.accounts.types import StaffRequest
from coassess.coproduction import services as reflection_services
from coassess.coproduction.models import SubjectKind
from coassess.coproduction.projects import services
from coassess.coproduction.projects.access import (
    NOT_FOUND,
    PROJECT_ROLES,
    Standing,
    project_record,
)
from coassess.coproduction.projects.forms import (
    ContributionForm,
    CorrectionForm,
    LeavingForm,
    MeetingForm,
    MemberForm,
    ProjectForm,
    contribution_initial,
)
from coassess.coproduction.projects.models import Contribution, Member, Project
from coassess.coproduction.projects.pdf import render_statement_pdf
from coassess.coproduction.projects.presenters import (
    present_contribution,
    totals,
)
from coassess.coproduction.projects.queries import (
    current_members,
    decisions_of,
    members_of,
    projects_for,
    team_staff,
    versions_of,
    visible_contributions,
)
from coassess.coproduction.views import reflection_page
from coassess.core.flow import Done, form_page, posted

GET_POST = require_http_methods(["GET", "POST"])


def project_url(project: Project, anchor: str = "") -> str:
    url = reverse(
        "coproduction:projects:show_project", kwargs={"project_id": project.pk}
    )
    return f"{url}#{anchor}" if anchor else url


def _page(project: Project, standing: Standing, **extra: Any) -> dict[str, Any]:
    return {"project": project, "standing": standing, **extra}


@staff(*PROJECT_ROLES)
@require_safe
def project_list(request: StaffRequest) -> HttpResponse:
    """The projects the member is part of (all the team's, for its lead)."""
    return render(
        request,
        "coproduction/projects/project_list.jinja",
        {"projects": projects_for(request.user)},
    )


@staff(*PROJECT_ROLES)
@GET_POST
def add_project(request: StaffRequest) -> HttpResponse:
    def save(data: dict[str, Any]) -> Done:
        project = services.create_project(actor=request.user, **data)
        return Done(
            "The project is started. Now add its members.", project_url(project)
        )

    return form_page(
        request,
        ProjectForm(posted(request)),
        "coproduction/projects/project_form.jinja",
        save,
    )


@project_record
@require_safe
def show_project(
    request: StaffRequest, project: Project, standing: Standing
) -> HttpResponse:
    """Members, meetings, decisions and the contribution log (everyone's for
    those who run the project, else the viewer's own)."""
    entries = visible_contributions(project, standing)
    return render(
        request,
        "coproduction/projects/show_project.jinja",
        _page(
            project,
            standing,
            current_slug="overview",
            members=list(members_of(project)),
            meetings=list(project.meetings.prefetch_related("came")),
            decisions=decisions_of(project),
            rows=[present_contribution(e) for e in entries],
            totals=totals(entries),
        ),
    )


@project_record
@GET_POST
def add_member(
    request: StaffRequest, project: Project, standing: Standing
) -> HttpResponse:
    if not standing.runs_it:
        raise PermissionDenied(
            "Only the project lead or the team lead can add members."
        )
    form = MemberForm(posted(request), staff=team_staff(project))

    def save(data: dict[str, Any]) -> Done:
        member = services.add_member(
            actor=request.user, project=project, standing=standing, **data
        )
        return Done(f"{member.name} is a member now.", project_url(project, "members"))

    return form_page(
        request,
        form,
        "coproduction/projects/member_form.jinja",
        save,
        context=_page(project, standing),
    )


@project_record
@GET_POST
def member_left(
    request: StaffRequest, project: Project, standing: Standing, member_id: UUID
) -> HttpResponse:
    """Record that a member left the project (those who run it only)."""
    if not standing.runs_it:
        raise PermissionDenied("Only the project lead or the team lead can do this.")
    member = get_object_or_404(Member, pk=member_id, project=project)

    def save(data: dict[str, Any]) -> Done:
        services.record_leaving(
            actor=request.user, project=project, standing=standing, member=member,
            left_on=data["left_on"],
        )  # fmt: skip
        return Done(
            f"{member.name} has left the project. Their time and statement stay.",
            project_url(project, "members"),
        )

    return form_page(
        request,
        LeavingForm(posted(request)),
        "coproduction/projects/leaving_form.jinja",
        save,
        context=_page(project, standing, member=member),
    )


@project_record
@GET_POST
def add_meeting(
    request: StaffRequest, project: Project, standing: Standing
) -> HttpResponse:
    form = MeetingForm(posted(request), members=current_members(project))

    def save(data: dict[str, Any]) -> Done:
        services.record_meeting(
            actor=request.user,
            project=project,
            standing=standing,
            held_on=data["held_on"],
            notes=data["notes"],
            came=list(data["came"]),
        )
        return Done("The meeting is recorded.", project_url(project, "meetings"))

    return form_page(
        request,
        form,
        "coproduction/projects/meeting_form.jinja",
        save,
        context=_page(project, standing),
    )


def _own_member(standing: Standing) -> Member:
    if standing.member is None:
        raise PermissionDenied("Choose whose time this is.")
    return standing.member


@project_record
@GET_POST
def log_contribution(
    request: StaffRequest, project: Project, standing: Standing
) -> HttpResponse:
    """Log time: one's own, or anyone's for those who run the project."""
    form = ContributionForm(
        posted(request),
        members=members_of(project),
        chooses_member=standing.runs_it,
        initial={"member": standing.member.pk if standing.member else None},
    )

    def save(data: dict[str, Any]) -> Done:
        member = data.get("member") or _own_member(standing)
        services.log_contribution(
            actor=request.user,
            project=project,
            standing=standing,
            member=member,
            logged=form.logged(),
        )
        return Done("The time is logged. Thank you.", project_url(project, "log"))

    return form_page(
        request,
        form,
        "coproduction/projects/contribution_form.jinja",
        save,
        context=_page(project, standing),
    )


def _entry(project: Project, standing: Standing, entry_id: UUID) -> Contribution:
    """A contribution of this project the viewer may see (their own, or any
    for those who run it); 404 otherwise."""
    entry = get_object_or_404(
        Contribution.objects.select_related("member"), pk=entry_id, project=project
    )
    own = standing.member is not None and entry.member_id == standing.member.pk
    if not (own or standing.runs_it):
        raise Http404(NOT_FOUND)
    return entry


@project_record
@GET_POST
def correct_contribution(
    request: StaffRequest, project: Project, standing: Standing, entry_id: UUID
) -> HttpResponse:
    """A correction makes a new version; the earlier ones stay, listed here."""
    entry = _entry(project, standing, entry_id)
    form = CorrectionForm(
        posted(request),
        members=members_of(project).filter(pk=entry.member_id),
        chooses_member=False,
        initial=contribution_initial(entry),
    )

    def save(data: dict[str, Any]) -> Done:
        services.correct_contribution(
            actor=request.user,
            project=project,
            standing=standing,
            earlier=entry,
            logged=form.logged(),
            why=data["why"],
        )
        return Done(
            "The entry is corrected. The earlier one is kept.",
            project_url(project, "log"),
        )

    versions = [present_contribution(v) for v in versions_of(entry)]
    return form_page(
        request,
        form,
        "coproduction/projects/contribution_form.jinja",
        save,
        context=_page(project, standing, entry=entry, versions=versions),
        on_conflict=lambda exc: {"theirs": present_contribution(exc.current)},
    )


@project_record
@require_safe
def statement_pdf(
    request: StaffRequest, project: Project, standing: Standing, member_id: UUID
) -> HttpResponse:
    """A member's statement of their contributions, as a PDF: one's own, or
    any member's for those who run the project."""
    member = get_object_or_404(Member, pk=member_id, project=project)
    own = standing.member is not None and standing.member.pk == member.pk
    if not (own or standing.runs_it):
        raise Http404(NOT_FOUND)
    pdf = render_statement_pdf(request=request, project=project, member=member)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="my-contributions.pdf"'
    return response


@project_record
@GET_POST
def reflect_on_project(
    request: StaffRequest, project: Project, standing: Standing
) -> HttpResponse:
    """A private reflection on the project: the values and the ladder, on the
    same form and rules as a reflection on an assessment (`coproduction.views`)."""
    subject = reflection_services.Subject(SubjectKind.PROJECT, project.pk, project.team)
    here = reverse("coproduction:projects:reflect_on_project", args=[project.pk])
    return reflection_page(
        request,
        subject,
        here,
        lambda **page: _page(
            project,
            standing,
            **page,
            reflect_layout="coproduction/projects/_layout.jinja",
            subject_title=project.title,
            subject_words="this project",
        ),
    )
