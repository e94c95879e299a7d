"""Actions on co-production projects. Each checks who may do it, applies the
rules, and records its access-log entry in the same transaction (a project
holds no person's record, so its entries name no person).

Rules for a contribution (`check_contribution`): between 1 minute and
MOST_MINUTES (12 hours) in one entry; a date that has come, not before 2000;
what was offered is one of OFFERS and what was taken is what was offered or
"declined" (or "none" when nothing was offered); expenses only when expenses
were taken, up to £1,000. A payment keeps the organisation's rate at the time
(`settings.COPRODUCTION_PAY_PENCE_PER_HOUR`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from coassess.accesslog.models import Action
from coassess.accesslog.services import record_access
from coassess.accounts.models import User
from coassess.coproduction.projects.access import PROJECT_ROLES, Standing
from coassess.coproduction.projects.models import (
    MEMBER_EXPERTISE,
    MOST_MINUTES,
    OFFERS,
    Contribution,
    Leaving,
    Meeting,
    Member,
    Project,
    Recognition,
)
from coassess.core.exceptions import DomainError, VersionConflict
from coassess.core.text import clean_text

EARLIEST = dt.date(2000, 1, 1)
MOST_EXPENSES_PENCE = 100_000


def refuse(message: str, field: str | None = None) -> DomainError:
    """A DomainError whose message belongs on the form's `field`."""
    error = DomainError(message)
    error.field = field
    return error


def _log(actor: User, action: Action, what: str, object_id: object) -> None:
    record_access(actor, None, action, what, object_id)


def _expertise(expertise: str) -> str:
    if expertise not in MEMBER_EXPERTISE:
        raise refuse("Choose what they bring to the project.", "expertise")
    return expertise


@transaction.atomic
def create_project(*, actor: User, title: str, purpose: str, expertise: str) -> Project:
    """A new project of the actor's team, led by the actor, who is its first
    member (bringing `expertise`). Raises DomainError for staff who take part
    in no projects (administrators) or an empty title."""
    membership = actor.membership
    if membership is None or membership.role not in PROJECT_ROLES:
        raise refuse("Your role does not let you start a project.")
    project = Project.objects.create(
        team=membership.team,
        title=clean_text(title, what="the project’s name", limit=200),
        purpose=clean_text(purpose, what="what it is for", required=False),
        lead=actor,
        created_by=actor,
    )
    Member.objects.create(
        project=project,
        user=actor,
        name=actor.display_name,
        expertise=_expertise(expertise),
        added_by=actor,
    )
    _log(actor, Action.CREATE, "co-production project", project.pk)
    return project


def _require_running(standing: Standing) -> None:
    if not standing.runs_it:
        raise refuse("Only the project lead or the team lead can do this.")


@transaction.atomic
def add_member(
    *,
    actor: User,
    project: Project,
    standing: Standing,
    expertise: str,
    user: User | None = None,
    name: str = "",
) -> Member:
    """Add a member: one of the team's staff (`user`), or a named person
    without an account (`name`). Only those who run the project may. Raises
    DomainError for staff of another team or an administrator, someone already
    a member, or a named member without a name."""
    _require_running(standing)
    if user is not None:
        membership = user.membership
        if (
            membership is None
            or membership.team_id != project.team_id
            or membership.role not in PROJECT_ROLES
        ):
            raise refuse("Choose someone from this project’s team.", "user")
        name = user.display_name
    else:
        name = clean_text(name, what="their name", limit=200)
    try:
        with transaction.atomic():
            member = Member.objects.create(
                project=project,
                user=user,
                name=name,
                expertise=_expertise(expertise),
                added_by=actor,
            )
    except IntegrityError as exc:
        raise refuse(f"{name} is already a member.", "user") from exc
    _log(actor, Action.CREATE, "project member", member.pk)
    return member


@transaction.atomic
def record_leaving(
    *,
    actor: User,
    project: Project,
    standing: Standing,
    member: Member,
    left_on: dt.date,
) -> Leaving:
    """Record that `member` left `project` on `left_on` (a date that has come,
    not before they joined). Only those who run the project may. Nothing is
    deleted: their contributions and statement stay. Raises DomainError for a
    member of another project, the project's lead (a project needs one), or
    someone who has already left."""
    _require_running(standing)
    if member.project_id != project.pk:
        raise refuse("Choose a member of this project.")
    if member.user_id is not None and member.user_id == project.lead_id:
        raise refuse(f"{member.name} leads the project, so cannot leave it.")
    left_on = _past_date(left_on, "left_on_day")
    joined = timezone.localdate(member.created_at)
    if left_on < joined:
        raise refuse(
            f"{member.name} joined on {joined:%-d %B %Y}: the date "
            "they left cannot be before that.",
            "left_on_day",
        )
    try:
        with transaction.atomic():
            leaving = Leaving.objects.create(
                member=member, left_on=left_on, recorded_by=actor
            )
    except IntegrityError as exc:
        raise refuse(f"{member.name} has already left the project.") from exc
    _log(actor, Action.CREATE, "project member left", member.pk)
    return leaving


def _past_date(value: dt.date, field: str) -> dt.date:
    if value > timezone.localdate():
        raise refuse("The date cannot be in the future.", field)
    if value < EARLIEST:
        raise refuse("Check the year: the date is too long ago.", field)
    return value


@transaction.atomic
def record_meeting(
    *,
    actor: User,
    project: Project,
    standing: Standing,
    held_on: dt.date,
    notes: str,
    came: list[Member],
) -> Meeting:
    """A meeting of the project with who came (members of this project only,
    at least one). Any member, or the team lead, may record it."""
    if any(m.project_id != project.pk for m in came):
        raise refuse("Choose people who are members of this project.", "came")
    if not came:
        raise refuse("Tick who came to the meeting.", "came")
    meeting = Meeting.objects.create(
        project=project,
        held_on=_past_date(held_on, "held_on_day"),
        notes=clean_text(notes, what="the notes"),
        recorded_by=actor,
    )
    meeting.came.set(came)
    _log(actor, Action.CREATE, "project meeting", meeting.pk)
    return meeting


@dataclass(frozen=True)
class Logged:
    """One contribution as typed: the date, the time in minutes, what they did,
    what was offered and what they took, expenses in pence."""

    worked_on: dt.date
    minutes: int
    activity: str
    offered: str
    taken: str
    expenses_pence: int = 0


def check_contribution(logged: Logged) -> Logged:
    """The contribution with its text tidied, or DomainError naming the field
    that is wrong (the rules are in this module's docstring)."""
    if logged.minutes <= 0:
        raise refuse("Enter the time they gave: at least 1 minute.", "hours")
    if logged.minutes > MOST_MINUTES:
        raise refuse(
            "Enter up to 12 hours in one entry. For longer, log each day.", "hours"
        )
    _past_date(logged.worked_on, "worked_on_day")
    if logged.offered not in OFFERS:
        raise refuse("Choose what was offered for this time.", "offered")
    if logged.taken not in Recognition.values:
        raise refuse("Choose what they took.", "taken")
    allowed = (
        {Recognition.NONE}
        if logged.offered == Recognition.NONE
        else {
            logged.offered,
            Recognition.DECLINED,
        }
    )
    if logged.taken not in allowed:
        raise refuse("They can take what was offered, or decline it.", "taken")
    if logged.taken != Recognition.EXPENSES and logged.expenses_pence:
        raise refuse("Leave expenses empty unless they took expenses.", "expenses")
    if not 0 <= logged.expenses_pence <= MOST_EXPENSES_PENCE:
        raise refuse("Enter expenses from £0 to £1,000.", "expenses")
    activity = clean_text(logged.activity, what="what they did", limit=500)
    return Logged(**{**logged.__dict__, "activity": activity})


def _may_log_for(standing: Standing, member: Member) -> None:
    if standing.runs_it:
        return
    if standing.member is None or standing.member.pk != member.pk:
        raise refuse("You can log and correct only your own time.", "member")


def _row(logged: Logged) -> dict[str, object]:
    paid = logged.offered == Recognition.PAYMENT
    return {
        **logged.__dict__,
        "rate_pence_per_hour": settings.COPRODUCTION_PAY_PENCE_PER_HOUR
        if paid
        else None,
    }


@transaction.atomic
def log_contribution(
    *,
    actor: User,
    project: Project,
    standing: Standing,
    member: Member,
    logged: Logged,
) -> Contribution:
    """Log time `member` gave. Members log their own; the project lead and the
    team lead may log anyone's (named members have no account)."""
    if member.project_id != project.pk:
        raise refuse("Choose a member of this project.", "member")
    _may_log_for(standing, member)
    contribution = Contribution.objects.create(
        project=project,
        member=member,
        recorded_by=actor,
        **_row(check_contribution(logged)),
    )
    _log(actor, Action.CREATE, "project contribution", contribution.pk)
    return contribution


@transaction.atomic
def correct_contribution(
    *,
    actor: User,
    project: Project,
    standing: Standing,
    earlier: Contribution,
    logged: Logged,
    why: str,
) -> Contribution:
    """A correction: a new version that supersedes `earlier`, which is kept.
    Raises VersionConflict with the current version when `earlier` has been
    corrected since the writer opened it."""
    if earlier.project_id != project.pk:
        raise refuse("That entry is not part of this project.")
    _may_log_for(standing, earlier.member)
    checked = check_contribution(logged)
    reason = clean_text(why, what="why it is corrected", limit=1000)
    locked = Contribution.objects.select_for_update().get(pk=earlier.pk)
    if not locked.is_current:
        current = Contribution.objects.get(lineage=earlier.lineage, is_current=True)
        raise VersionConflict(
            current, "Someone corrected this entry after you opened it."
        )
    Contribution.objects.filter(pk=locked.pk).update(is_current=False)
    corrected = Contribution.objects.create(
        project=project,
        member=earlier.member,
        lineage=earlier.lineage,
        supersedes=locked,
        why_corrected=reason,
        recorded_by=actor,
        **_row(checked),
    )
    _log(actor, Action.UPDATE, "project contribution", corrected.pk)
    return corrected
