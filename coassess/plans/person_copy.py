"""The plan's part of the person's copy: what we agreed, what to do if things get
worse, and who to contact. In plain words, in the person's voice."""

from __future__ import annotations

from coassess.assessments.models import Assessment
from coassess.assessments.person_copy import CopySection
from coassess.plans.models import Action, Contact, ContingencyPlan, Plan
from coassess.plans.queries import CONTINGENCY_LABELS

NOT_LEGAL = (
    "This records what you would want. It is not a legal advance decision "
    "to refuse treatment."
)


def plan_sections(assessment: Assessment) -> list[CopySection]:
    plan = Plan.objects.filter(assessment=assessment).first()
    if plan is None:
        return []
    actions = list(Action.objects.filter(plan=plan))
    contingency = ContingencyPlan.objects.get(plan=plan)
    contacts = list(Contact.objects.filter(contingency=contingency))
    agreed = CopySection(
        "What we agreed to do",
        [f"{a.what}. Who: {a.who}. When: {a.by_when}." for a in actions],
    )
    if plan.rationale:
        agreed.paragraphs.append(f"Why: {plan.rationale}")
    worse = CopySection(
        "If things get worse: my plan",
        [
            f"{label}: {getattr(contingency, field)}"
            for field, label in CONTINGENCY_LABELS.items()
            if getattr(contingency, field).strip()
        ],
    )
    if contingency.treatments_i_would_refuse.strip():
        worse.paragraphs.append(NOT_LEGAL)
    contact = CopySection(
        "Who to contact",
        [
            f"{c.name}{f' ({c.role})' if c.role else ''}: {c.how}. When: {c.when}."
            for c in contacts
        ],
    )
    return [s for s in (agreed, worse, contact) if s.paragraphs]
