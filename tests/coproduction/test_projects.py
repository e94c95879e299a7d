"""Co-production projects in the domain layer (both databases): who may open
and change a project, the contribution log's rules, corrections that keep
history, and the dissensus engine with a project as its host."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from coassess.accesslog.models import AccessEvent
from coassess.accounts.models import User
from coassess.coproduction.projects import services
from coassess.coproduction.projects.access import Standing, standing_in
from coassess.coproduction.projects.hosts import ProjectHost
from coassess.coproduction.projects.models import Contribution, Member, Project
from coassess.coproduction.projects.queries import (
    current_members,
    members_of,
    projects_for,
    versions_of,
    visible_contributions,
)
from coassess.core.exceptions import DomainError, VersionConflict
from coassess.decisions import services as engine
from coassess.decisions.models import DecidingRule, DissentAnswer, Outcome, Position
from coassess.decisions.queries import decision_views
from coassess.decisions.rules import OutcomeDraft, Reply

Logged = services.Logged


def logged(**changes: Any) -> services.Logged:
    fields: dict[str, Any] = {
        "worked_on": timezone.localdate() - dt.timedelta(days=1),
        "minutes": 120,
        "activity": "Planning meeting",
        "offered": "payment",
        "taken": "payment",
    }
    return Logged(**{**fields, **changes})


def standing(user: User, project: Project) -> Standing:
    found = standing_in(user, project)
    assert found is not None
    return found


@pytest.fixture
def project(users: dict[str, User]) -> Project:
    return services.create_project(
        actor=users["coproduction"],
        title="Redesign the ED assessment room",
        purpose="A calmer room",
        expertise="lived",
    )


@pytest.fixture
def peer_member(project: Project, users: dict[str, User]) -> Member:
    lead = users["coproduction"]
    return services.add_member(
        actor=lead,
        project=project,
        standing=standing(lead, project),
        user=users["peer"],
        expertise="peer",
    )


@pytest.fixture
def named(project: Project, users: dict[str, User]) -> Member:
    lead = users["coproduction"]
    return services.add_member(
        actor=lead,
        project=project,
        standing=standing(lead, project),
        name="Ade Bello",
        expertise="lived",
    )


# --- Membership and access -------------------------------------------------


def test_the_creator_leads_and_is_the_first_member(
    project: Project, users: dict[str, User]
) -> None:
    creator = users["coproduction"]
    assert project.lead == creator
    assert [(m.user, m.name, m.expertise) for m in project.members.all()] == [
        (creator, "Coproduction Tester", "lived")
    ]
    event = AccessEvent.objects.get(what="co-production project")
    assert (event.actor, event.person, event.object_id) == (
        creator,
        None,
        str(project.pk),
    )


def test_who_may_open_a_project(
    project: Project, peer_member: Member, users: dict[str, User]
) -> None:
    assert standing_in(users["coproduction"], project) == Standing(
        project.members.get(user=users["coproduction"]), runs_it=True
    )
    assert standing_in(users["peer"], project) == Standing(peer_member, runs_it=False)
    # The team's lead runs every project of the team without being a member.
    assert standing_in(users["lead"], project) == Standing(None, runs_it=True)
    # Not a member, in the same team; an administrator; another team.
    assert standing_in(users["clinician"], project) is None
    assert standing_in(users["admin"], project) is None
    assert standing_in(users["outsider"], project) is None


def test_each_sees_their_teams_projects_they_belong_to(
    project: Project, peer_member: Member, users: dict[str, User]
) -> None:
    assert projects_for(users["peer"]) == [project]
    assert projects_for(users["lead"]) == [project]
    assert projects_for(users["clinician"]) == []
    assert projects_for(users["outsider"]) == []
    assert projects_for(users["admin"]) == []


def test_members_come_from_the_team_and_join_once(
    project: Project, peer_member: Member, users: dict[str, User]
) -> None:
    lead = users["coproduction"]
    running = standing(lead, project)
    with pytest.raises(DomainError, match="from this project’s team"):
        services.add_member(
            actor=lead,
            project=project,
            standing=running,
            user=users["outsider"],
            expertise="professional",
        )
    with pytest.raises(DomainError, match="from this project’s team"):
        services.add_member(
            actor=lead,
            project=project,
            standing=running,
            user=users["admin"],
            expertise="professional",
        )
    with pytest.raises(DomainError, match="already a member"):
        services.add_member(
            actor=lead,
            project=project,
            standing=running,
            user=users["peer"],
            expertise="peer",
        )
    with pytest.raises(DomainError, match="Write their name"):
        services.add_member(
            actor=lead, project=project, standing=running, name=" ", expertise="lived"
        )
    assert project.members.count() == 2


def test_only_those_who_run_it_add_members(
    project: Project, peer_member: Member, users: dict[str, User]
) -> None:
    peer = users["peer"]
    with pytest.raises(DomainError, match="Only the project lead or the team lead"):
        services.add_member(
            actor=peer,
            project=project,
            standing=standing(peer, project),
            name="Someone",
            expertise="lived",
        )
    team_lead = users["lead"]
    added = services.add_member(
        actor=team_lead,
        project=project,
        standing=standing(team_lead, project),
        user=users["clinician"],
        expertise="professional",
    )
    assert added.name == "Clinician Tester"


def test_a_meeting_keeps_who_came(
    project: Project, peer_member: Member, named: Member, users: dict[str, User]
) -> None:
    peer = users["peer"]
    meeting = services.record_meeting(
        actor=peer,
        project=project,
        standing=standing(peer, project),
        held_on=timezone.localdate(),
        notes="We looked at the room together.",
        came=[peer_member, named],
    )
    assert {m.name for m in meeting.came.all()} == {"Peer Tester", "Ade Bello"}
    with pytest.raises(DomainError, match="cannot be in the future"):
        services.record_meeting(
            actor=peer,
            project=project,
            standing=standing(peer, project),
            held_on=timezone.localdate() + dt.timedelta(days=1),
            notes="Next time",
            came=[peer_member],
        )
    with pytest.raises(DomainError, match="Tick who came"):
        services.record_meeting(
            actor=peer,
            project=project,
            standing=standing(peer, project),
            held_on=timezone.localdate(),
            notes="Nobody came",
            came=[],
        )


# --- The contribution log -------------------------------------------------


def log_for(
    user: User, project: Project, member: Member, **changes: Any
) -> Contribution:
    return services.log_contribution(
        actor=user,
        project=project,
        standing=standing(user, project),
        member=member,
        logged=logged(**changes),
    )


def test_a_member_logs_their_own_time_paid_at_the_configured_rate(
    project: Project, peer_member: Member, users: dict[str, User], settings: Any
) -> None:
    settings.COPRODUCTION_PAY_PENCE_PER_HOUR = 2000
    entry = log_for(users["peer"], project, peer_member, minutes=150)
    assert (entry.minutes, entry.rate_pence_per_hour, entry.payment_pence) == (
        150,
        2000,
        5000,
    )
    # A later change of rate rewrites nothing already logged.
    settings.COPRODUCTION_PAY_PENCE_PER_HOUR = 3000
    entry.refresh_from_db()
    assert entry.payment_pence == 5000
    event = AccessEvent.objects.get(what="project contribution")
    assert (event.actor, event.object_id) == (users["peer"], str(entry.pk))


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        (0, "at least 1 minute"),
        (-30, "at least 1 minute"),
        (12 * 60 + 1, "up to 12 hours"),
        (10_000_000, "up to 12 hours"),
    ],
)
def test_time_must_be_real(
    project: Project,
    peer_member: Member,
    users: dict[str, User],
    minutes: int,
    message: str,
) -> None:
    with pytest.raises(DomainError, match=message) as refused:
        log_for(users["peer"], project, peer_member, minutes=minutes)
    assert refused.value.field == "hours"
    assert not Contribution.objects.exists()


def test_twelve_hours_is_the_most_in_one_entry(
    project: Project, peer_member: Member, users: dict[str, User]
) -> None:
    assert log_for(users["peer"], project, peer_member, minutes=720).minutes == 720


def test_a_date_in_the_future_is_refused(
    project: Project, peer_member: Member, users: dict[str, User]
) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(DomainError, match="cannot be in the future") as refused:
        log_for(users["peer"], project, peer_member, worked_on=tomorrow)
    assert refused.value.field == "worked_on_day"
    today = log_for(users["peer"], project, peer_member, worked_on=timezone.localdate())
    assert today.worked_on == timezone.localdate()


@pytest.mark.parametrize(
    ("offered", "taken", "message"),
    [
        ("cash", "cash", "Choose what was offered"),
        ("declined", "declined", "Choose what was offered"),
        ("payment", "bitcoin", "Choose what they took"),
        ("voucher", "payment", "take what was offered, or decline it"),
        ("none", "declined", "take what was offered, or decline it"),
    ],
)
def test_an_unknown_or_mismatched_recognition_is_refused(
    project: Project,
    peer_member: Member,
    users: dict[str, User],
    offered: str,
    taken: str,
    message: str,
) -> None:
    with pytest.raises(DomainError, match=message):
        log_for(users["peer"], project, peer_member, offered=offered, taken=taken)


def test_the_database_refuses_what_the_rules_refuse(
    project: Project, peer_member: Member, users: dict[str, User]
) -> None:
    row = {
        "project": project,
        "member": peer_member,
        "worked_on": timezone.localdate(),
        "activity": "Reading",
        "recorded_by": users["peer"],
    }
    for bad in (
        {"minutes": 0, "offered": "none", "taken": "none"},
        {"minutes": 721, "offered": "none", "taken": "none"},
        {"minutes": 60, "offered": "cash", "taken": "none"},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Contribution.objects.create(**row, **bad)


def test_declined_payment_and_expenses(
    project: Project, peer_member: Member, users: dict[str, User]
) -> None:
    declined = log_for(users["peer"], project, peer_member, taken="declined")
    assert declined.payment_pence == 0
    expenses = log_for(
        users["peer"],
        project,
        peer_member,
        offered="expenses",
        taken="expenses",
        expenses_pence=1250,
    )
    assert (expenses.expenses_pence, expenses.rate_pence_per_hour) == (1250, None)
    with pytest.raises(DomainError, match="Leave expenses empty"):
        log_for(users["peer"], project, peer_member, expenses_pence=500)


def test_members_log_only_their_own_and_the_lead_logs_for_anyone(
    project: Project, peer_member: Member, named: Member, users: dict[str, User]
) -> None:
    with pytest.raises(DomainError, match="only your own time"):
        log_for(users["peer"], project, named)
    for_named = log_for(users["coproduction"], project, named, minutes=60)
    assert (for_named.member, for_named.recorded_by) == (named, users["coproduction"])
    log_for(users["peer"], project, peer_member)
    peer_sees = visible_contributions(project, standing(users["peer"], project))
    assert [e.member for e in peer_sees] == [peer_member]
    lead_sees = visible_contributions(project, standing(users["lead"], project))
    assert {e.member.name for e in lead_sees} == {"Ade Bello", "Peer Tester"}


def test_a_correction_is_a_new_version_and_the_old_is_kept(
    project: Project, peer_member: Member, users: dict[str, User]
) -> None:
    peer = users["peer"]
    first = log_for(peer, project, peer_member, minutes=60)
    corrected = services.correct_contribution(
        actor=peer,
        project=project,
        standing=standing(peer, project),
        earlier=first,
        logged=logged(minutes=120),
        why="It was two hours, not one.",
    )
    first.refresh_from_db()
    assert (first.minutes, first.is_current) == (60, False)
    assert (corrected.minutes, corrected.is_current, corrected.supersedes) == (
        120,
        True,
        first,
    )
    assert corrected.lineage == first.lineage
    assert [(v.minutes, v.why_corrected) for v in versions_of(first)] == [
        (60, ""),
        (120, "It was two hours, not one."),
    ]
    assert [
        e.minutes for e in visible_contributions(project, standing(peer, project))
    ] == [120]
    # Correcting the old version again is a conflict that names the current one.
    with pytest.raises(VersionConflict) as conflict:
        services.correct_contribution(
            actor=peer,
            project=project,
            standing=standing(peer, project),
            earlier=first,
            logged=logged(minutes=90),
            why="Again",
        )
    assert conflict.value.current == corrected
    assert Contribution.objects.count() == 2


def test_the_database_allows_one_current_version(
    project: Project, peer_member: Member, users: dict[str, User]
) -> None:
    first = log_for(users["peer"], project, peer_member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Contribution.objects.create(
            project=project,
            member=peer_member,
            lineage=first.lineage,
            worked_on=first.worked_on,
            minutes=30,
            activity="Again",
            offered="none",
            taken="none",
            recorded_by=users["peer"],
        )


def test_a_member_cannot_correct_anothers_entry(
    project: Project, peer_member: Member, named: Member, users: dict[str, User]
) -> None:
    theirs = log_for(users["coproduction"], project, named)
    with pytest.raises(DomainError, match="only your own time"):
        services.correct_contribution(
            actor=users["peer"],
            project=project,
            standing=standing(users["peer"], project),
            earlier=theirs,
            logged=logged(minutes=1),
            why="Not mine to change",
        )
    assert Contribution.objects.get().minutes == 120


# --- The engine, hosted by a project -------------------------------------


def test_the_engine_holds_a_projects_disagreement_beside_its_outcome(
    project: Project, peer_member: Member, named: Member, users: dict[str, User]
) -> None:
    lead = users["coproduction"]
    host = ProjectHost(project, standing(lead, project))
    assert [v.name for v in host.voices()] == [
        "Coproduction Tester",
        "Peer Tester",
        "Ade Bello",
    ]
    decision = engine.add_decision(
        actor=lead, host=host, question="Which colour for the walls?"
    )
    green = engine.add_option(
        actor=lead, host=host, decision=decision, text="Soft green", proposer=named.pk
    )
    assert green.proposer_name == "Ade Bello"
    own = host.own_voice(lead)
    assert own is not None
    engine.give_position(
        actor=lead, host=host, option=green, voice=own.key, stance="agree"
    )
    engine.give_position(
        actor=users["peer"],
        host=ProjectHost(project, standing(users["peer"], project)),
        option=green,
        voice=peer_member.pk,
        stance="disagree",
        what_matters="Green reminds me of the ward I was held on.",
    )
    with pytest.raises(DomainError, match="Not everyone agrees"):
        engine.record_outcome(
            actor=lead,
            host=host,
            decision=decision,
            draft=OutcomeDraft(
                chosen=green,
                deciding_rule=DecidingRule.EVERYONE_AGREES,
                rationale="Most liked it",
                values_weighed="Calm",
            ),
        )
    outcome = engine.record_outcome(
        actor=lead,
        host=host,
        decision=decision,
        draft=OutcomeDraft(
            chosen=green,
            deciding_rule=DecidingRule.BALANCED,
            rationale="Most found it calming",
            values_weighed="Calm; safety; memories of past care",
            remaining_disagreements="Peer Tester disagrees",
            how_respected="We will test a sample with people who use the room first.",
            review_at=timezone.now() + dt.timedelta(days=14),
            replies={
                peer_member.pk: Reply(
                    "Most found green calming.",
                    "We will test a sample with people who use the room first.",
                )
            },
        ),
    )
    assert (outcome.person_not_followed, outcome.deciding_rule) == (False, "balanced")
    (view,) = decision_views("project", project.pk, host.voices(), own.key)
    assert view.decision == decision
    dissent = Position.objects.get(option=green, stance="disagree", is_current=True)
    assert dissent.voice_name == "Peer Tester"
    answer = DissentAnswer.objects.get(outcome__decision=decision)
    assert (answer.voice_name, answer.why_not_prevailed) == (
        "Peer Tester",
        "Most found green calming.",
    )
    assert (
        "We will test a sample" in Outcome.objects.get(decision=decision).how_respected
    )
    logged_whats = set(
        AccessEvent.objects.filter(what__startswith="project decision").values_list(
            "what", flat=True
        )
    )
    assert logged_whats == {
        "project decision",
        "project decision option",
        "project decision position",
        "project decision outcome",
    }


def test_a_voice_from_outside_the_project_is_refused(
    project: Project, users: dict[str, User]
) -> None:
    lead = users["coproduction"]
    host = ProjectHost(project, standing(lead, project))
    decision = engine.add_decision(actor=lead, host=host, question="Where to meet?")
    with pytest.raises(DomainError, match="taking part in this project"):
        engine.add_option(
            actor=lead,
            host=host,
            decision=decision,
            text="The library",
            proposer=users["outsider"].pk,
        )


def test_a_leaving_is_a_new_row_with_its_rules(
    project: Project, peer_member: Member, users: dict[str, User]
) -> None:
    lead = users["coproduction"]
    running = standing(lead, project)
    today = timezone.localdate()
    own = project.members.get(user=lead)
    with pytest.raises(DomainError, match="leads the project, so cannot leave it"):
        services.record_leaving(
            actor=lead, project=project, standing=running, member=own, left_on=today
        )
    with pytest.raises(DomainError, match="cannot be before that"):
        services.record_leaving(
            actor=lead,
            project=project,
            standing=running,
            member=peer_member,
            left_on=today - dt.timedelta(days=30),
        )
    with pytest.raises(DomainError, match="Only the project lead or the team lead"):
        services.record_leaving(
            actor=users["peer"],
            project=project,
            standing=standing(users["peer"], project),
            member=peer_member,
            left_on=today,
        )
    leaving = services.record_leaving(
        actor=lead, project=project, standing=running, member=peer_member, left_on=today
    )
    assert (leaving.member, leaving.left_on, leaving.recorded_by) == (
        peer_member,
        today,
        lead,
    )
    # Still a member of the project's history; no longer among those current.
    assert peer_member in members_of(project)
    assert peer_member not in current_members(project)
