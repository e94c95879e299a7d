"""How the plan is shown: each action with its concerns, strengths and voices grid,
the contingency plan, confirmations, what sign-off still needs, and addenda.

`load_plan_page` reads everything in a fixed number of queries, however many
actions, positions or confirmations there are (tests/plans/test_views.py
counts them). Every position mark has words beside its symbol, so colour and
symbols are never the only sign.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Prefetch
from django.http import QueryDict

from coassess.assessments.models import (
    Contribution,
    Expertise,
    ImmediateConcern,
    Participant,
)
from coassess.core.presenters import local_datetime
from coassess.decisions.models import Stance
from coassess.decisions.queries import MARKS, decision_views
from coassess.decisions.voices import Voice
from coassess.plans import contingency as parts
from coassess.plans.hosts import PlanHost
from coassess.plans.models import (
    Action,
    Addendum,
    Confirmation,
    Contact,
    ContingencyPlan,
    Meaning,
    Plan,
)
from coassess.plans.queries import (
    individual_details,
    sign_off_problems,
    unaddressed_concerns,
)

STANCE_WORDS = {
    Stance.AGREE: "Agrees",
    Stance.RESERVATIONS: "Agrees, with reservations",
    Stance.UNSURE: "Unsure",
    Stance.DISAGREE: "Disagrees",
    Stance.OBJECT: "Objects",
}
MEANING_TAGS = {
    Meaning.AGREE: ("Agrees with the plan", "green"),
    Meaning.DISAGREE: ("Took part, does not agree with part of it", "orange"),
    Meaning.ON_BEHALF: ("Recorded on the person’s behalf", "blue"),
}


@dataclass
class VoiceCell:
    voice: Voice
    stance: str = ""
    what_matters: str = ""

    @property
    def text(self) -> str:
        if not self.stance:
            return "Not given yet"
        stance = Stance(self.stance)
        return f"{MARKS[stance]} {STANCE_WORDS[stance]}"


@dataclass
class ActionRow:
    action: Action
    number: int
    concerns: list[ImmediateConcern]
    strengths: list[Contribution]
    cells: list[VoiceCell]

    @property
    def proposer_name(self) -> str:
        return self.action.option.proposer_name

    @property
    def dissent(self) -> list[VoiceCell]:
        return [c for c in self.cells if c.stance in ("disagree", "object")]


@dataclass
class ConfirmationRow:
    participant: Participant
    current: Confirmation | None
    earlier: Confirmation | None
    excused: bool  # the person could not take part; the plan says when it is revisited

    @property
    def tag(self) -> tuple[str, str]:
        if self.participant.expertise == Expertise.INTERPRETER:
            return ("Interpreted: not asked to agree", "white")
        if self.current is not None:
            return MEANING_TAGS[Meaning(self.current.meaning)]
        if self.excused:
            return ("Could not take part: to go through it later", "grey")
        if self.earlier is not None:
            return ("Confirmed an earlier version: asked again", "yellow")
        return ("Not confirmed yet", "grey")


@dataclass
class PlanPage:
    plan: Plan
    participants: list[Participant]
    actions: list[ActionRow]
    unaddressed: list[ImmediateConcern]
    contingency: ContingencyPlan
    contacts: list[Contact]
    individual: list[str]
    confirmations: list[ConfirmationRow]
    problems: list[str]
    addenda: list[Addendum]

    @property
    def contingency_rows(self) -> list[tuple[str, str]]:
        return [
            (label, getattr(self.contingency, name))
            for name, label in parts.LABELS.items()
        ]

    @property
    def contingency_is_empty(self) -> bool:
        return not self.contacts and not any(
            v.strip() for _, v in self.contingency_rows
        )


def _action_rows(plan: Plan, participants: list[Participant]) -> list[ActionRow]:
    actions = list(
        Action.objects.filter(plan=plan)
        .select_related("option")
        .prefetch_related(
            "concerns",
            Prefetch(
                "strengths", queryset=Contribution.objects.select_related("voice")
            ),
        )
    )
    host = PlanHost(plan.assessment, plan, participants)
    voices = host.voices()
    (view,) = decision_views(
        host.context_type,
        host.context_id,
        voices,
        viewer=None,
        only=plan.actions_decision,
    )
    positions = view.positions
    rows = []
    for number, action in enumerate(actions, start=1):
        cells = []
        for v in voices:
            position = positions.get((action.option_id, v.key))
            cells.append(
                VoiceCell(
                    voice=v,
                    stance=position.stance if position else "",
                    what_matters=position.what_matters if position else "",
                )
            )
        rows.append(
            ActionRow(
                action=action,
                number=number,
                concerns=list(action.concerns.all()),
                strengths=list(action.strengths.all()),
                cells=cells,
            )
        )
    return rows


def _confirmation_rows(
    plan: Plan, participants: list[Participant]
) -> list[ConfirmationRow]:
    current: dict[Any, Confirmation] = {}
    earlier: dict[Any, Confirmation] = {}
    for c in Confirmation.objects.filter(plan=plan).select_related("recorded_by"):
        (current if c.plan_version == plan.version else earlier)[c.participant_id] = c
    return [
        ConfirmationRow(
            participant=p,
            current=current.get(p.pk),
            earlier=earlier.get(p.pk),
            excused=p.kind == "person" and bool(plan.person_not_able_reason),
        )
        for p in participants
    ]


def load_plan_page(plan: Plan) -> PlanPage:
    """Everything the plan page shows, in the same number of queries for any plan."""
    # In the order they joined (Participant.Meta.ordering).
    participants = list(Participant.objects.filter(assessment_id=plan.assessment_id))
    contingency = ContingencyPlan.objects.get(plan=plan)
    return PlanPage(
        plan=plan,
        participants=participants,
        actions=_action_rows(plan, participants),
        unaddressed=unaddressed_concerns(plan),
        contingency=contingency,
        contacts=list(Contact.objects.filter(contingency=contingency)),
        individual=individual_details(plan),
        confirmations=_confirmation_rows(plan, participants),
        problems=sign_off_problems(plan),
        addenda=list(
            Addendum.objects.filter(plan=plan).select_related("author", "action")
        ),
    )


@dataclass
class SignedPage:
    """A signed version, read back from the text frozen at signing."""

    content: dict[str, Any]

    @property
    def contingency_rows(self) -> list[tuple[str, str]]:
        saved = self.content.get("contingency", {})
        return [(parts.label_of(name), value) for name, value in saved.items()]

    @property
    def actions(self) -> list[dict[str, Any]]:
        return list(self.content.get("actions", []))

    @property
    def contacts(self) -> list[dict[str, Any]]:
        return list(self.content.get("contacts", []))

    @property
    def confirmations(self) -> list[dict[str, Any]]:
        return list(self.content.get("confirmations", []))


def rationale_conflict(current: Plan, form: forms.Form) -> dict[str, Any]:
    """What someone else saved beside what this writer typed, part by part."""
    yours = form.cleaned_data
    return {
        "rows": [
            ("Why this is the plan", current.rationale, yours["rationale"]),
            (
                "If the person was not able to take part: why",
                current.person_not_able_reason,
                yours["person_not_able_reason"],
            ),
            (
                "When it will be gone through again",
                local_datetime(current.revisit_with_person_at),
                local_datetime(yours["revisit_at"]),
            ),
        ],
    }


def contingency_conflict(current: ContingencyPlan, form: forms.Form) -> dict[str, Any]:
    """The parts of the crisis plan where what was saved and what was typed differ."""
    rows = [
        (label, getattr(current, name), form.cleaned_data[name])
        for name, label in parts.LABELS.items()
        if getattr(current, name) != form.cleaned_data[name]
    ]
    return {"rows": rows}


def rebased(
    form_class: Callable[..., forms.Form], data: QueryDict, version: int
) -> forms.Form:
    """What was typed, now editing on top of the version someone else saved."""
    moved = data.copy()
    moved["based_on"] = str(version)
    form = form_class(moved)
    form.is_valid()
    return form
