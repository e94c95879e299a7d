"""Building, agreeing and signing the plan. Each write is logged in its transaction.

Any change to the plan bumps its version; a confirmation counts only for the
version it confirmed, so people are asked again after a change. Sign-off is
refused, saying exactly what is missing, until every agreed concern has an
action and every participant has confirmed or recorded their disagreement.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from coassess.accesslog.models import Action as LogAction
from coassess.accesslog.services import record_access
from coassess.accounts.models import CLINICAL_ROLES, Role, User
from coassess.assessments import services as assessment_services
from coassess.assessments.models import (
    Assessment,
    Contribution,
    Expertise,
    ImmediateConcern,
    Participant,
    Status,
)
from coassess.core.exceptions import DomainError, VersionConflict
from coassess.core.text import TEXT_LIMIT, clean_reason, clean_text
from coassess.decisions import services as decisions
from coassess.people.authors import Author, code_of, record_by, written_by
from coassess.plans import contingency as parts
from coassess.plans.hosts import SIGNED, PlanHost
from coassess.plans.models import (
    SIGNING_DECLARATION,
    Action,
    Addendum,
    Confirmation,
    Contact,
    ContingencyPlan,
    Meaning,
    Plan,
    SignedVersion,
)
from coassess.plans.queries import (
    INTERPRETER_NOT_ASKED,
    sign_off_problems,
    signed_content,
)

# An action's words are an option of the plan's decision, which the engine keeps short.
ACTION_LIMIT = 1000

DECLARE = "Tick the box to confirm what signing the plan means."


def _editable(plan: Plan) -> None:
    if plan.is_signed:
        raise DomainError(SIGNED)


def _bump(plan: Plan) -> None:
    Plan.objects.filter(pk=plan.pk).update(version=F("version") + 1)
    plan.refresh_from_db(fields=["version"])


@transaction.atomic
def start_plan(*, actor: User, assessment: Assessment) -> Plan:
    if hasattr(assessment, "plan"):
        return assessment.plan
    decision = decisions.add_decision(
        actor=actor,
        host=PlanHost(assessment),
        question="Do you agree with each action in the plan?",
        hide_until_given=False,
    )
    plan = Plan.objects.create(assessment=assessment, actions_decision=decision)
    # Nobody's own words until someone says so (hazard H26): the model's default
    # is kept only so that no migration is needed for it.
    ContingencyPlan.objects.create(plan=plan, in_own_words=False)
    record_access(actor, plan.assessment.person, LogAction.CREATE, "plan", plan.pk)
    return plan


@transaction.atomic
def add_action(
    *,
    actor: User,
    plan: Plan,
    what: str,
    who: str,
    by_when: str,
    proposer: Participant,
    concerns: list[ImmediateConcern] | None = None,
    strengths: list[Contribution] | None = None,
    from_decision: Any = None,
) -> Action:
    _editable(plan)
    if proposer.assessment_id != plan.assessment_id:
        raise DomainError("Choose who proposed this from the people taking part.")
    for concern in concerns or []:
        if concern.assessment_id != plan.assessment_id:
            raise DomainError("Link only this assessment's concerns.")
    for strength in strengths or []:
        if strength.assessment_id != plan.assessment_id:
            raise DomainError("Link only this assessment's strengths.")
    option = decisions.add_option(
        actor=actor,
        host=PlanHost(plan.assessment, plan),
        decision=plan.actions_decision,
        text=clean_text(what, what="what will be done", limit=1000),
        proposer=proposer.pk,
    )
    action = Action.objects.create(
        plan=plan,
        what=option.text,
        who=clean_text(who, what="who will do it", limit=200),
        by_when=clean_text(by_when, what="by when", limit=200),
        from_decision=from_decision,
        option=option,
        recorded_by=actor,
    )
    action.concerns.set(concerns or [])
    action.strengths.set(strengths or [])
    _bump(plan)
    record_access(
        actor, plan.assessment.person, LogAction.CREATE, "plan action", action.pk
    )
    return action


@transaction.atomic
def update_plan_text(
    *,
    actor: User,
    plan: Plan,
    rationale: str,
    based_on_version: int,
    person_not_able_reason: str = "",
    revisit_with_person_at: dt.datetime | None = None,
) -> Plan:
    _editable(plan)
    if person_not_able_reason.strip() and revisit_with_person_at is None:
        them = plan.assessment.person.pronoun_words.them
        raise DomainError(f"Say when the plan will be gone through with {them}.")
    updated = Plan.objects.filter(pk=plan.pk, version=based_on_version).update(
        rationale=clean_reason(rationale, what="why this is the plan", required=False),
        person_not_able_reason=clean_reason(
            person_not_able_reason, what="why they could not take part", required=False
        ),
        revisit_with_person_at=revisit_with_person_at,
        version=F("version") + 1,
    )
    if not updated:
        raise VersionConflict(Plan.objects.get(pk=plan.pk))
    plan.refresh_from_db()
    record_access(
        actor, plan.assessment.person, LogAction.UPDATE, "plan rationale", plan.pk
    )
    return plan


@transaction.atomic
def update_contingency(
    *, actor: Author, plan: Plan, data: dict[str, Any], based_on_version: int
) -> ContingencyPlan:
    """Save the contingency plan's parts (`data`: each of `contingency.PARTS`
    by name, and `in_own_words`) over the version the writer started from.
    Staff type it; the person may write it from their own device (`actor`
    their code), and then it is in their own words. Raises VersionConflict
    (carrying the saved plan) if it changed since `based_on_version`, and
    DomainError once signed, for a supporter's code, or for a part too long."""
    _editable(plan)
    code = code_of(actor)
    if code is not None:
        assessment_services.check_author(
            actor, plan.assessment, _person_participant(plan)
        )
    values = {
        part.name: clean_text(
            str(data.get(part.name, "")), what=part.label.lower(), required=False
        )
        for part in parts.PARTS
    }
    updated = ContingencyPlan.objects.filter(
        plan=plan, version=based_on_version
    ).update(
        **values,
        in_own_words=code is not None or bool(data.get("in_own_words")),
        changed_via_code=code,
        version=F("version") + 1,
    )
    if not updated:
        raise VersionConflict(ContingencyPlan.objects.get(plan=plan))
    _bump(plan)
    record_by(
        actor, plan.assessment.person, LogAction.UPDATE, "contingency plan", plan.pk
    )
    return ContingencyPlan.objects.get(plan=plan)


def _person_participant(plan: Plan) -> Participant:
    return Participant.objects.get(assessment=plan.assessment, kind="person")


@transaction.atomic
def add_contact(
    *, actor: User, plan: Plan, name: str, role: str, how: str, when: str
) -> Contact:
    _editable(plan)
    contact = Contact.objects.create(
        contingency=plan.contingency,
        name=clean_text(name, what="their name", limit=200),
        role=clean_text(role, what="who they are", required=False, limit=200),
        how=clean_text(how, what="how to reach them", limit=200),
        when=clean_text(when, what="when they can be reached", limit=200),
    )
    _bump(plan)
    record_access(
        actor,
        plan.assessment.person,
        LogAction.CREATE,
        "contingency contact",
        contact.pk,
    )
    return contact


@transaction.atomic
def confirm_plan(
    *,
    actor: Author,
    plan: Plan,
    participant: Participant,
    meaning: str,
    reason: str = "",
) -> Confirmation:
    """Record that `participant` confirms this version of the plan, or does
    not agree with part of it (`reason` needed), or (staff only, for the
    person) that it is recorded on their behalf. Recorded by staff, or given
    by the participant on their own device (`actor` their code: their own
    name only). Raises DomainError when a rule is broken or once signed."""
    _editable(plan)
    if participant.assessment_id != plan.assessment_id:
        raise DomainError("Choose someone taking part.")
    assessment_services.check_author(actor, plan.assessment, participant)
    if participant.expertise == Expertise.INTERPRETER:
        raise DomainError(INTERPRETER_NOT_ASKED)
    if meaning not in Meaning.values:
        raise DomainError("Choose what this confirmation means.")
    if meaning == Meaning.DISAGREE and not reason.strip():
        raise DomainError("Say which part they do not agree with, and why.")
    if meaning == Meaning.ON_BEHALF and (
        participant.kind != "person" or code_of(actor) is not None
    ):
        raise DomainError(
            "Only the person's confirmation can be recorded on their behalf."
        )
    if meaning == Meaning.ON_BEHALF and not reason.strip():
        raise DomainError("Say why you are recording this on the person's behalf.")
    confirmation = Confirmation.objects.create(
        plan=plan,
        participant=participant,
        meaning=meaning,
        reason=clean_reason(reason, what="the reason", required=False),
        plan_version=plan.version,
        **written_by(actor, "recorded_by"),
    )
    record_by(
        actor,
        plan.assessment.person,
        LogAction.CREATE,
        "plan confirmation",
        confirmation.pk,
    )
    return confirmation


@transaction.atomic
def sign_plan(*, actor: User, plan: Plan, declared: bool) -> Plan:
    """Sign the plan and lock the assessment, keeping the declaration the
    signer confirmed (`declared`: they ticked SIGNING_DECLARATION). Raises
    DomainError when it is not declared, or listing what is missing."""
    membership = actor.membership
    if membership is None or membership.role not in CLINICAL_ROLES - {Role.PEER_WORKER}:
        raise DomainError("A clinician or team lead signs the plan.")
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _editable(plan)
    problems = sign_off_problems(plan)
    if problems:
        raise DomainError("The plan cannot be signed yet: " + " ".join(problems))
    if not declared:
        raise DomainError(DECLARE)
    now = timezone.now()
    SignedVersion.objects.create(plan=plan, content=signed_content(plan), signed_at=now)
    Plan.objects.filter(pk=plan.pk).update(
        signed_at=now, signed_by=actor, signed_declaration=SIGNING_DECLARATION
    )
    assessment_services.move_status(assessment=plan.assessment, to=Status.SIGNED)
    plan.refresh_from_db()
    record_access(
        actor, plan.assessment.person, LogAction.UPDATE, "plan signed", plan.pk
    )
    return plan


@transaction.atomic
def add_addendum(
    *,
    actor: User,
    plan: Plan,
    reason: str,
    text: str,
    action: Action | None = None,
    who: str = "",
    by_when: str = "",
) -> Addendum:
    """Add to a signed plan, or change one of its actions (`action`: `text` is
    what it says now; `who` and `by_when`, blank for as before). The signed
    version is untouched. Raises DomainError before signing, for another
    plan's action, or for a new who or when given without an action."""
    plan = Plan.objects.get(pk=plan.pk)
    if not plan.is_signed:
        raise DomainError("The plan is not signed yet: change it directly.")
    if action is not None and action.plan_id != plan.pk:
        raise DomainError("Choose one of this plan's actions.")
    if action is None and (who.strip() or by_when.strip()):
        raise DomainError("Choose the action whose who or when changes.")
    addendum = Addendum.objects.create(
        plan=plan,
        reason=clean_reason(reason, what="why the plan is changing"),
        text=clean_text(
            text,
            what="what the action says now" if action else "the change",
            limit=ACTION_LIMIT if action else TEXT_LIMIT,
        ),
        action=action,
        who=clean_text(who, what="who will do it", required=False, limit=200),
        by_when=clean_text(by_when, what="by when", required=False, limit=200),
        author=actor,
    )
    record_access(
        actor, plan.assessment.person, LogAction.CREATE, "plan addendum", addendum.pk
    )
    return addendum
