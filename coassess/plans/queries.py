"""Reading a plan: what sign-off still needs, whether it is individualised, and the
signed text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db.models import UUIDField

from coassess.accounts.models import User
from coassess.assessments.models import (
    Assessment,
    Expertise,
    ImmediateConcern,
    Participant,
)
from coassess.core.prepared import Prepared, columns, joined, related_columns
from coassess.plans import contingency as parts
from coassess.plans.models import (
    Confirmation,
    Contact,
    ContingencyPlan,
    Plan,
    SignedVersion,
)

# Contacts and phrases any plan could contain. A plan made only of these is
# boilerplate: it says nothing about this person (Farrelly et al. 2013).
GENERIC_CONTACTS = {
    "nhs 111",
    "111",
    "999",
    "samaritans",
    "crisis line",
    "a&e",
    "gp",
    "emergency department",
    "shout",
    "text shout",
}
GENERIC_PHRASES = {
    "call 999",
    "go to a&e",
    "call nhs 111",
    "contact your gp",
    "call the samaritans",
    "call the crisis line",
    "stay safe",
    "take medication as prescribed",
    "keep safe",
    "talk to someone",
    "seek help",
    "none",
    "n/a",
    "not discussed",
}


def _specific(text: str) -> bool:
    """Text that says something about one person: not empty and not a stock phrase."""
    norm = re.sub(r"[^\w&' ]+", " ", text.lower()).strip()
    norm = re.sub(r"\s+", " ", norm)
    return bool(norm) and norm not in GENERIC_PHRASES and len(norm.split()) >= 2


def details_in(contingency: ContingencyPlan, contacts: Iterable[Contact]) -> list[str]:
    """What makes this crisis plan this person's own, from a contingency plan and
    its contacts already read (so a list of plans needs no query each); empty
    means boilerplate."""
    details = []
    for contact in contacts:
        if contact.name.strip().lower() not in GENERIC_CONTACTS:
            details.append(f"a named contact: {contact.name}")
    for field, label in parts.LABELS.items():
        if _specific(getattr(contingency, field)):
            details.append(label)
    return details


def individual_details(plan: Plan) -> list[str]:
    """What makes this crisis plan this person's own; empty means boilerplate."""
    contingency = ContingencyPlan.objects.prefetch_related("contacts").get(plan=plan)
    return details_in(contingency, contingency.contacts.all())


def is_individualised(plan: Plan) -> bool:
    return bool(individual_details(plan))


def unaddressed_concerns(plan: Plan) -> list[ImmediateConcern]:
    """Concerns everyone agreed that no action answers yet.

    Compared by lineage: rewording a concern makes a new version, and an action
    linked to the earlier wording still answers it.
    """
    answered = set(
        ImmediateConcern.objects.filter(
            pk__in=plan.actions.values("concerns")
        ).values_list("lineage", flat=True)
    )
    return [
        c
        for c in ImmediateConcern.objects.filter(
            assessment=plan.assessment, is_current=True, agreed=True
        )
        if c.lineage not in answered
    ]


def confirmations_by_participant(plan: Plan) -> dict[Any, Confirmation]:
    """Each participant's latest confirmation of the plan as it stands now."""
    latest: dict[Any, Confirmation] = {}
    for c in Confirmation.objects.filter(plan=plan, plan_version=plan.version):
        latest[c.participant_id] = c
    return latest


INTERPRETER_NOT_ASKED = (
    "An interpreter conveys what others say. They are not asked to agree with "
    "the plan: the plan lists them as having interpreted."
)


def is_interpreter(participant: Participant) -> bool:
    """Whether they took part as an interpreter: listed as having interpreted,
    never asked to confirm or agree with the plan."""
    return participant.expertise == Expertise.INTERPRETER


def sign_off_problems(plan: Plan) -> list[str]:
    problems = []
    for concern in unaddressed_concerns(plan):
        problems.append(f"No action answers the agreed concern “{concern.text}”.")
    if not plan.actions.exists():
        problems.append("The plan has no actions yet.")
    confirmed = confirmations_by_participant(plan)
    for participant in Participant.objects.filter(assessment=plan.assessment):
        if participant.pk in confirmed or is_interpreter(participant):
            continue
        if participant.kind == "person" and plan.person_not_able_reason:
            continue
        problems.append(
            f"{participant.name} has not confirmed the plan or recorded a "
            "disagreement with it."
        )
    if not ContingencyPlan.objects.filter(plan=plan, contacts__isnull=False).exists():
        problems.append("The contingency plan has no one to contact.")
    return problems


def signed_content(plan: Plan) -> dict[str, Any]:
    """The plan as text, frozen at signing, so it stays readable exactly as signed."""
    contingency = ContingencyPlan.objects.prefetch_related("contacts").get(plan=plan)
    actions = plan.actions.prefetch_related("concerns", "strengths")
    return {
        "version": plan.version,
        "rationale": plan.rationale,
        "actions": [
            {
                "what": a.what,
                "who": a.who,
                "by_when": a.by_when,
                "concerns": [c.text for c in a.concerns.all()],
                "strengths": [c.text for c in a.strengths.all()],
            }
            for a in actions
        ],
        "contingency": {
            label: getattr(contingency, field) for field, label in parts.LABELS.items()
        },
        "in_own_words": contingency.in_own_words,
        "contacts": [
            {"name": c.name, "role": c.role, "how": c.how, "when": c.when}
            for c in contingency.contacts.all()
        ],
        "confirmations": [
            {
                "who": c.participant.name,
                "meaning": c.get_meaning_display(),
                "reason": c.reason,
            }
            for c in confirmations_by_participant(plan).values()
        ],
        "person_not_able_reason": plan.person_not_able_reason,
        "revisit_with_person_at": plan.revisit_with_person_at.isoformat()
        if plan.revisit_with_person_at
        else None,
    }


# Every page of a plan, and the person's copy, read it: compiled once per
# connection (core.prepared), read afresh each time.
_PLAN = Prepared(
    lambda assessment: Plan.objects.filter(assessment_id=assessment).values_list(
        *columns(Plan), *related_columns("signed_by", User)
    ),
    UUIDField(),
)


def plan_of(assessment: Assessment) -> Plan | None:
    """The assessment's plan, with who signed it, or None before it is started."""
    found = joined(Plan, _PLAN.rows(assessment.pk), {"signed_by": User})
    if not found:
        return None
    (plan,) = found
    plan.assessment = assessment  # already loaded by the access policy
    return plan


def signed_version(plan: Plan) -> SignedVersion | None:
    return SignedVersion.objects.filter(plan=plan).first()
