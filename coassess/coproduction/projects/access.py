"""Who may open a co-production project: its members who have an account, and
the lead of the team that owns it. Anyone else, in that team or another, is
told there is no such page (404), so a project's name and members are not
given away. A project holds no person's clinical record, so there is no
breaking glass into it.

`project_record` is the policy of every project page: it loads the project
named by `project_id` and passes it, with the viewer's standing in it, to the
view. `project_member_or_lead` is the one rule, so services check it too. Every
page read through it is logged in the access log, with no person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from coassess.accesslog.models import Action
from coassess.accesslog.services import record_access
from coassess.accounts.access import require_role
from coassess.accounts.models import Role, User
from coassess.coproduction.projects.models import Member, Project
from coassess.core.access import declare
from coassess.core.menus import Destination

# Staff who may take part in projects: everyone but administrators, who manage
# accounts and take part in no team's work by that role.
PROJECT_ROLES = frozenset(
    {Role.CLINICIAN, Role.PEER_WORKER, Role.TEAM_LEAD, Role.COPRODUCTION}
)
NOT_FOUND = "There is no such project, or you are not a member of it."

# The list of projects, on the home page of everyone who may take part.
PROJECTS_PLACE = Destination(
    "coproduction:projects:project_list",
    "Co-production projects",
    frozenset(PROJECT_ROLES),
    order=73,
    in_menu=False,
    description="Improve the service together with experts by "
    "experience, and log and recognise everyone’s time.",
)


@dataclass(frozen=True)
class Standing:
    """The viewer in a project: their own membership (None for a team lead who
    is not a member), and whether they run it (the project lead, or the team
    lead), which lets them add members and log time for anyone."""

    member: Member | None
    runs_it: bool


def standing_in(user: User, project: Project) -> Standing | None:
    """The user's standing in `project`, or None if they may not open it."""
    membership = user.membership
    if membership is None or membership.team_id != project.team_id:
        return None
    if membership.role not in PROJECT_ROLES:
        return None
    member = Member.objects.filter(project=project, user=user).first()
    team_lead = membership.role == Role.TEAM_LEAD
    if member is None and not team_lead:
        return None
    return Standing(member, runs_it=team_lead or project.lead_id == user.pk)


def project_record(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The policy of every project page: signed-in staff (both steps) of the
    project's team who are members of it, or its team's lead; 404 for anyone
    else. The view is given the project and the viewer's Standing in place of
    `project_id`."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_role(request, PROJECT_ROLES)
        project = get_object_or_404(
            Project.objects.select_related("team"), pk=kwargs.pop("project_id")
        )
        standing = standing_in(request.user, project)  # type: ignore[arg-type]
        if standing is None:
            raise Http404(NOT_FOUND)
        if request.method in ("GET", "HEAD"):
            # Members' names, time and pay are personal data: reads are logged
            # as changes are (with no person, as a project holds no record).
            record_access(
                request.user,  # type: ignore[arg-type]
                None,
                Action.VIEW,
                f"project: {view.__name__.replace('_', ' ')}",
                project.pk,
            )
        return view(request, project, standing, *args, **kwargs)

    declare(wrapper, "project_record")
    return wrapper
