"""The demo co-production project: the team and two experts by experience
redesigning the room in the emergency department where assessments happen.
Everyone is invented. It has members with and without accounts, a meeting, a
decision on which the peer worker's disagreement is held beside the outcome,
and contributions recognised in different ways (payment, a voucher, expenses,
declined)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from coassess.accounts.models import Team, User
from coassess.coproduction.projects import services
from coassess.coproduction.projects.access import Standing, standing_in
from coassess.coproduction.projects.hosts import ProjectHost
from coassess.coproduction.projects.models import Member, Project
from coassess.decisions import services as engine
from coassess.decisions.models import DecidingRule
from coassess.decisions.rules import OutcomeDraft, Reply

TITLE = "Redesign the ED assessment room"


def _standing(user: User, project: Project) -> Standing:
    found = standing_in(user, project)
    assert found is not None, f"{user} cannot open the demo project"
    return found


def _members(project: Project, lead: User, staff: dict[str, User]) -> dict[str, Member]:
    running = _standing(lead, project)
    members = {"dafydd": project.members.get(user=lead)}
    for key, user, expertise in (
        ("jo", staff["peer"], "peer"),
        ("amara", staff["clinician"], "professional"),
    ):
        members[key] = services.add_member(
            actor=lead,
            project=project,
            standing=running,
            user=user,
            expertise=expertise,
        )
    for key, name, expertise in (
        ("kemi", "Kemi Adeyemi", "lived"),
        ("rhys", "Rhys Morgan", "carer"),
    ):
        members[key] = services.add_member(
            actor=lead,
            project=project,
            standing=running,
            name=name,
            expertise=expertise,
        )
    return members


def _decision(project: Project, lead: User, m: dict[str, Member]) -> None:
    host = ProjectHost(project, _standing(lead, project))
    decision = engine.add_decision(
        actor=lead, host=host, question="What should change first in the room?"
    )
    chairs = engine.add_option(
        actor=lead,
        host=host,
        decision=decision,
        text="Soft chairs that can be moved, instead of the fixed bench",
        proposer=m["kemi"].pk,
    )
    engine.add_option(
        actor=lead,
        host=host,
        decision=decision,
        text="A window blind and a clock people can see",
        proposer=m["rhys"].pk,
    )
    for who, stance, why in (
        (
            "kemi",
            "agree",
            "A bench bolted down made me feel like a risk, not a person.",
        ),
        ("rhys", "agree", "My son could sit beside me."),
        ("amara", "reservations", "We need chairs that are safe to move."),
        (
            "jo",
            "disagree",
            "The clock matters more: not knowing the time made the wait worse.",
        ),
        ("dafydd", "agree", ""),
    ):
        engine.give_position(
            actor=lead,
            host=host,
            option=chairs,
            voice=m[who].pk,
            stance=stance,
            what_matters=why,
        )
    engine.record_outcome(
        actor=lead,
        host=host,
        decision=decision,
        draft=OutcomeDraft(
            chosen=chairs,
            deciding_rule=DecidingRule.BALANCED,
            rationale="Most of the group, and both experts by experience, put "
            "the chairs first; the estates team can do it this month.",
            values_weighed="Dignity; safety; knowing how long the wait is.",
            remaining_disagreements="Jo thinks the clock matters more.",
            how_respected="The clock is the next change, and we will ask people "
            "who wait in the room which helped more.",
            review_at=timezone.now() + dt.timedelta(days=28),
            replies={
                m["jo"].pk: Reply(
                    "Most of the group, and both experts by experience, put the "
                    "chairs first.",
                    "The clock is the next change, and we will ask people who wait "
                    "in the room which helped more.",
                )
            },
        ),
    )


def _contributions(
    project: Project, lead: User, peer: User, m: dict[str, Member], today: dt.date
) -> None:
    running = _standing(lead, project)
    entries = (
        ("kemi", 14, 120, "Planning meeting", "payment", "payment", 0),
        ("kemi", 14, 60, "Travel to the planning meeting", "expenses", "expenses", 640),
        ("rhys", 14, 90, "Planning meeting", "voucher", "voucher", 0),
        (
            "kemi",
            7,
            60,
            "Tried the chairs the estates team sent",
            "payment",
            "declined",
            0,
        ),
    )
    for who, days_ago, minutes, activity, offered, taken, expenses in entries:
        services.log_contribution(
            actor=lead,
            project=project,
            standing=running,
            member=m[who],
            logged=services.Logged(
                today - dt.timedelta(days=days_ago),
                minutes,
                activity,
                offered,
                taken,
                expenses,
            ),
        )
    services.log_contribution(
        actor=peer,
        project=project,
        standing=_standing(peer, project),
        member=m["jo"],
        logged=services.Logged(
            today - dt.timedelta(days=14), 120, "Planning meeting", "none", "none"
        ),
    )


def load_demo_project(*, team: Team, staff: dict[str, User]) -> None:
    """Add the demo project once (skipped when it exists). `staff` is the
    demo's accounts by username."""
    if Project.objects.filter(team=team, title=TITLE).exists():
        return
    lead = staff["coproduction"]
    project = services.create_project(
        actor=lead,
        title=TITLE,
        purpose="Make the room where people are assessed in the emergency "
        "department calmer, safer and more private, with the people who wait in it.",
        expertise="lived",
    )
    m = _members(project, lead, staff)
    today = timezone.localdate()
    services.record_meeting(
        actor=lead,
        project=project,
        standing=_standing(lead, project),
        held_on=today - dt.timedelta(days=14),
        notes="We sat in the room together at night. The bench is bolted down, "
        "there is no clock, and the light cannot be dimmed. Kemi and Rhys said "
        "what it was like to wait there. We listed what could change.",
        came=list(m.values()),
    )
    _decision(project, lead, m)
    _contributions(project, lead, staff["peer"], m, today)
