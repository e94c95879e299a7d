"""One of everything a URL can name, so tests can reach every page.

`build_world` makes, for the `clinician`'s team: a person with a supporter, a
referral waiting to be assessed, another with an assessment holding an entry,
a concern and a decision with one option; a break-glass grant by the
clinician on someone another team knows (for the team lead to review); and a
safeguarding hold on the supporter, placed by the clinician.
A co-production project led by the team's co-production member, with the
peer worker and a named member without an account, a decision with an option
and the peer worker's logged time. `kwargs_for` fills a URL pattern's
arguments from it (a project's decision pages get the project's decision).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

import time_machine
from django.urls import URLPattern
from django.utils import timezone

from coassess.accesslog.models import BreakGlassGrant
from coassess.accounts.models import User
from coassess.assessments import services as assessment_services
from coassess.assessments.hosts import AssessmentHost
from coassess.assessments.models import (
    Assessment,
    Contribution,
    Corroboration,
    ImmediateConcern,
    Participant,
)
from coassess.coproduction import services as coproduction_services
from coassess.coproduction.instruments import SELF_ASSESSMENT, Kind
from coassess.coproduction.models import SelfAssessment
from coassess.coproduction.projects import services as project_services
from coassess.coproduction.projects.access import standing_in
from coassess.coproduction.projects.hosts import ProjectHost
from coassess.decisions import services as assessment_decisions
from coassess.decisions.models import Decision, Option
from coassess.people import services as people_services
from coassess.people.access import break_glass
from coassess.people.code_services import issue_code
from coassess.people.codes import Known
from coassess.people.models import AccessCode, Person, Supporter
from coassess.people.sharing_models import SafeguardingHold
from coassess.people.sharing_services import place_hold
from coassess.referrals.models import Referral
from coassess.referrals.services import record_referral


@dataclass
class World:
    person: Person
    supporter: Supporter
    waiting: Referral
    assessment: Assessment
    entry: Contribution
    concern: ImmediateConcern
    corroboration: Corroboration
    decision: Decision
    option: Option
    grant: BreakGlassGrant
    self_assessment: SelfAssessment
    users: dict[str, User]
    # The co-production project's URL arguments (`project_kwargs`).
    project_values: dict[str, Any] = field(default_factory=dict)
    # An access code for the person, issued by the clinician's team.
    code: AccessCode | None = None
    # A safeguarding hold on the supporter, placed by the clinician.
    hold: SafeguardingHold | None = None


def refer(actor: User, person: Person, minutes_ago: int) -> Referral:
    return record_referral(
        actor=actor,
        person=person,
        data={
            "source": "ed",
            "referrer_name": "ED nurse",
            "reason": "Distressed",
            "urgency": "emergency",
            "received_at": timezone.now() - dt.timedelta(minutes=minutes_ago),
        },
    )


def build_world(users: dict[str, User], person: Person) -> World:
    clinician = users["clinician"]
    supporter = people_services.add_supporter(
        actor=clinician,
        person=person,
        data={"name": "Maggie Reid", "relationship": "mum"},
    )
    waiting = refer(clinician, person, 10)
    assessment = assessment_services.start_assessment(
        actor=clinician, referral=refer(clinician, person, 50)
    )
    voice = Participant.objects.get(assessment=assessment, kind="person")
    entry = assessment_services.add_contribution(
        actor=clinician,
        assessment=assessment,
        section="account",
        voice=voice,
        text="It got too much.",
    )
    concern = assessment_services.add_concern(
        actor=clinician,
        assessment=assessment,
        text="Somewhere safe tonight",
        raised_by=voice,
        agreed_by=[voice],
    )
    corroboration = assessment_services.add_corroboration(
        actor=clinician,
        assessment=assessment,
        informant_type="gp",
        informant_name="Dr Iqbal",
        what_they_said="Seen last week; no change to medicines.",
        basis="consent",
    )
    decision = assessment_decisions.add_decision(
        actor=clinician,
        host=AssessmentHost(assessment),
        question="Where will you be supported tonight?",
    )
    option = assessment_decisions.add_option(
        actor=clinician,
        host=AssessmentHost(assessment),
        decision=decision,
        text="At home with Mum",
        proposer=voice.pk,
    )
    stranger = people_services.register_person(
        actor=users["outsider"],
        data={
            "given_name": "Chen",
            "family_name": "Li",
            "date_of_birth": person.date_of_birth,
        },
    )
    # Granted a day ago and so expired: the clinician has no standing access to
    # the stranger afterwards (grants are append-only, so it cannot be ended later).
    with time_machine.travel(timezone.now() - dt.timedelta(days=1), tick=False):
        grant = break_glass(
            user=clinician, person=stranger, reason="Seen in ED, no referral yet"
        )
    world = World(
        self_assessment=self_assessment(clinician),
        person=person,
        supporter=supporter,
        waiting=waiting,
        assessment=assessment,
        entry=entry,
        concern=concern,
        corroboration=corroboration,
        decision=decision,
        option=option,
        grant=grant,
        users=users,
    )
    world.project_values = project_kwargs(users)
    world.code, _ = issue_code(
        actor=clinician,
        person=person,
        team=assessment.team,
        supporter=None,
        known_kind=Known.WORD,
        known_answer="lighthouse",
    )
    world.hold = place_hold(
        actor=clinician,
        person=person,
        supporter=supporter,
        reason="Worried about control at home",
    )
    return world


def project_kwargs(users: dict[str, User]) -> dict[str, Any]:
    """Make the co-production project of the world (see the module docstring)
    and give the URL arguments of its pages."""
    lead, peer = users["coproduction"], users["peer"]
    project = project_services.create_project(
        actor=lead,
        title="Redesign the ED assessment room",
        purpose="",
        expertise="lived",
    )
    running = standing_in(lead, project)
    assert running is not None
    member = project_services.add_member(
        actor=lead, project=project, standing=running, user=peer, expertise="peer"
    )
    project_services.add_member(
        actor=lead,
        project=project,
        standing=running,
        name="Ade Bello",
        expertise="lived",
    )
    own = standing_in(peer, project)
    assert own is not None
    entry = project_services.log_contribution(
        actor=peer,
        project=project,
        standing=own,
        member=member,
        logged=project_services.Logged(
            worked_on=timezone.localdate(),
            minutes=90,
            activity="Planning meeting",
            offered="payment",
            taken="payment",
        ),
    )
    host = ProjectHost(project, running)
    decision = assessment_decisions.add_decision(
        actor=lead, host=host, question="Which colour for the walls?"
    )
    option = assessment_decisions.add_option(
        actor=lead,
        host=host,
        decision=decision,
        text="Soft green",
        proposer=member.pk,
    )
    return {
        "project_id": project.pk,
        "member_id": member.pk,
        "entry_id": entry.pk,
        "decision_id": decision.pk,
        "option_id": option.pk,
    }


def self_assessment(actor: User) -> SelfAssessment:
    """A self-assessment of the actor's team, every statement scored 3."""
    team = actor.membership.team  # type: ignore[union-attr]
    sitting, _ = coproduction_services.record_self_assessment(
        actor=actor,
        team=team,
        answers=coproduction_services.SelfAssessmentAnswers(
            version=coproduction_services.current_instrument(
                team, Kind.SELF_ASSESSMENT
            ),
            taken_on=timezone.localdate(),
            staff_count=2,
            expert_count=2,
            who_took_part="",
            scores={item["id"]: (3, "") for item in SELF_ASSESSMENT},
            actions={},
        ),
        token=uuid.uuid4(),
    )
    return sitting


def kwargs_for(pattern: URLPattern, world: World) -> dict[str, Any]:
    values = {
        "person_id": world.person.pk,
        "supporter_id": world.supporter.pk,
        "user_id": world.users["peer"].pk,
        "grant_id": world.grant.pk,
        "referral_id": world.waiting.pk,
        "assessment_id": world.assessment.pk,
        "contribution_id": world.entry.pk,
        "entry_id": world.entry.pk,
        # Only the portal's viewer pages name a plan action, and no member of
        # staff gets past their policy to load it: any id will do.
        "action_id": world.option.pk,
        "lineage": world.entry.lineage,
        "concern_id": world.concern.pk,
        "corroboration_id": world.corroboration.pk,
        "participant_id": world.concern.raised_by_id,
        "decision_id": world.decision.pk,
        "option_id": world.option.pk,
        "section": "account",
        "instrument": "values",
        "self_assessment_id": world.self_assessment.pk,
        "code_id": world.code.pk if world.code else None,
        "hold_id": world.hold.pk if world.hold else None,
        "category": "plan",
    }
    names = set(pattern.pattern.converters) | set(pattern.pattern.regex.groupindex)
    if "kind" in names:  # a structured entry of a kind: the world's concern
        values |= {"kind": "concern", "entry_id": world.concern.pk}
    if "project_id" in names:
        values |= world.project_values
    missing = names - set(values)
    assert not missing, f"tests/urlworld.py cannot fill {missing} for {pattern.name}"
    return {name: values[name] for name in names}
