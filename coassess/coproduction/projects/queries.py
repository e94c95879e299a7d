"""Reads the project pages share."""

from __future__ import annotations

from django.db.models import QuerySet

from coassess.accounts.models import User
from coassess.coproduction.projects.access import PROJECT_ROLES, Standing
from coassess.coproduction.projects.models import Contribution, Member, Project
from coassess.decisions.models import Decision


def projects_for(user: User) -> list[Project]:
    """The projects `user` may open: those they are a member of, and, for a
    team lead, every project of their team. Newest first."""
    membership = user.membership
    if membership is None or membership.role not in PROJECT_ROLES:
        return []
    mine = Project.objects.filter(team=membership.team)
    if membership.role != "team_lead":
        mine = mine.filter(members__user=user)
    return list(mine.select_related("lead").distinct())


def members_of(project: Project) -> QuerySet[Member]:
    """Everyone who is or was a member, in joining order, with when they left."""
    return (
        Member.objects.filter(project=project)
        .select_related("leaving")
        .order_by("created_at")
    )


def current_members(project: Project) -> QuerySet[Member]:
    """The members who have not left, in joining order."""
    return members_of(project).filter(leaving__isnull=True)


def current_contributions(
    project: Project, member: Member | None = None
) -> list[Contribution]:
    """The current version of each contribution, newest work first; one
    member's when `member` is given."""
    found = Contribution.objects.filter(project=project, is_current=True)
    if member is not None:
        found = found.filter(member=member)
    return list(found.select_related("member"))


def visible_contributions(project: Project, standing: Standing) -> list[Contribution]:
    """What the viewer may see of the log: everyone's, for those who run the
    project; otherwise only their own."""
    if standing.runs_it:
        return current_contributions(project)
    if standing.member is None:
        return []
    return current_contributions(project, standing.member)


def versions_of(entry: Contribution) -> list[Contribution]:
    """Every version of one contribution, oldest first."""
    return list(
        Contribution.objects.filter(lineage=entry.lineage).order_by("created_at")
    )


def team_staff(project: Project) -> QuerySet[User]:
    """The project team's staff who may be members and are not yet."""
    already = Member.objects.filter(project=project, user__isnull=False).values("user")
    return (
        User.objects.filter(
            memberships__team=project.team,
            memberships__role__in=list(PROJECT_ROLES),
            is_active=True,
        )
        .exclude(pk__in=already)
        .order_by("first_name", "last_name")
    )


def decisions_of(project: Project) -> list[Decision]:
    return list(Decision.objects.filter(context_type="project", context_id=project.pk))
