"""The person's own copy: what was said and agreed, written for them to keep, as a
page and an A4 PDF (`plans.pdf`). The plans app owns it: it composes the
assessment's part (`assessments.queries.visible_to_person`, built only from what the
person may see, so nothing withheld for a lawful reason can reach it), what was
decided (the dissensus engine's outcomes) and the plan's part (what we agreed,
what to do if things get worse, who to contact). Staff see its reading age and
any wording prompts before they give it.

"What was decided" says, for each decision with an outcome, what was decided
and why, and where the person disagreed, how that is respected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from coassess.assessments.hosts import AssessmentHost
from coassess.assessments.models import Assessment, Expertise, Participant
from coassess.assessments.queries import (
    AssessmentView,
    Entry,
    load_assessment_view,
    visible_to_person,
)
from coassess.core.presenters import local_datetime
from coassess.decisions.presenters import DecisionShown, decisions_shown
from coassess.language.checker import Finding, check
from coassess.language.readability import Readability, measure_readability
from coassess.language.rules import Audience
from coassess.plans import contingency as parts
from coassess.plans.models import Action, Contact, ContingencyPlan, Plan

# What each kind of expertise is called, for the person.
EXPERTISE_WORDS: dict[str, str] = {
    Expertise.LIVED: "you, with your own experience",
    Expertise.CARER: "someone who cares for you",
    Expertise.PROFESSIONAL: "a member of the mental health team",
    Expertise.PEER: "a peer support worker, who has been through a crisis too",
    Expertise.INTERPRETER: "an interpreter",
}
STRENGTH_PROMPTS = (
    "strengths.what_helps",
    "strengths.people",
    "strengths.skills",
    "strengths.achievements",
    "strengths.hopes",
)


@dataclass
class CopySection:
    heading: str
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class PersonCopy:
    name: str
    sections: list[CopySection]
    made_with: list[str]

    @property
    def text(self) -> str:
        parts = [f"{self.name}."]
        for s in self.sections:
            parts.append(f"{s.heading}.")
            parts.extend(s.paragraphs)
        parts.extend(self.made_with)
        return "\n".join(parts)

    def readability(self) -> Readability:
        return measure_readability(self.text)

    def findings(self) -> list[Finding]:
        return check(self.text, Audience.PERSON_FACING)


def _said(c: Entry, person: Participant) -> str:
    if c.voice_id == person.pk:
        return f"You said: “{c.text}”" if c.own_words else c.text
    return (
        f"{c.voice.name} said: “{c.text}”"
        if c.own_words
        else f"{c.voice.name}: {c.text}"
    )


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", "”", '"')) else f"{text}."


def _decided(decisions: Sequence[DecisionShown], person: Participant) -> list[str]:
    """What was decided, why, and where the person disagreed, in plain words."""
    lines: list[str] = []
    for d in decisions:
        o = d.outcome
        if o is None:
            continue
        lines.append(
            f"{_sentence(d.view.decision.question)} We decided: {_sentence(o.chosen.text)}"
        )
        lines.append(f"Why: {_sentence(o.outcome.rationale)}")
        yours = [x for x in o.dissent if x.voice and x.voice.key == person.pk]
        for dissent in yours:
            verb = "objected" if dissent.mark.stance == "object" else "disagreed"
            said = f": “{dissent.what_matters}”" if dissent.what_matters else "."
            lines.append(f"You {verb}{said}")
        if o.outcome.person_not_followed and o.outcome.why_person_not_followed:
            lines.append(
                "Why your view did not decide it: "
                + _sentence(o.outcome.why_person_not_followed)
            )
        # Their own answer; outcomes from before answers were kept have one text.
        respected = next(
            (x.answer.how_respected for x in yours if x.answer),
            o.outcome.how_respected,
        )
        if yours and respected:
            lines.append(f"How your view is respected: {_sentence(respected)}")
        if o.review_at:
            lines.append(
                f"We will look at this again on {local_datetime(o.review_at)}."
            )
    return lines


def build_person_copy(
    full_view: AssessmentView,
    decisions: Sequence[DecisionShown] = (),
    plan: Sequence[CopySection] = (),
) -> PersonCopy:
    view = visible_to_person(full_view)
    person = next(p for p in view.participants if p.kind == "person")
    name = view.assessment.person.called
    matters = CopySection(
        "What matters to you now",
        [
            c.text + (" Everyone agreed this needs acting on now." if c.agreed else "")
            for c in view.concerns
        ],
    )
    told = CopySection(
        "What you told us",
        [
            _said(c, person)
            for key, entries in view.contributions.items()
            if not key.startswith(("strengths.", "risk."))
            for c in entries
            if c.voice_id == person.pk
        ],
    )
    helps = CopySection(
        "What helps you, and what you hope for",
        [_said(c, person) for key in STRENGTH_PROMPTS for c in view.entries(key)],
    )
    safer = CopySection(
        "Keeping safe",
        [
            _said(c, person)
            for key in ("risk.their_view", "risk.safer")
            for c in view.entries(key)
        ],
    )
    differ = CopySection(
        "Where people see things differently",
        [
            f"{d.disputer.name} sees this differently: “{d.account}”"
            for disputes in view.disputes.values()
            for d in disputes
        ],
    )
    decided = CopySection("What was decided", _decided(decisions, person))
    sections = [
        s for s in (matters, told, helps, safer, decided, *plan, differ) if s.paragraphs
    ]
    made_with = [
        f"{p.name}: {EXPERTISE_WORDS.get(p.expertise, p.get_expertise_display())}."
        if p.kind != "person"
        else f"{p.name}: you."
        for p in view.participants
    ]
    return PersonCopy(name=name, sections=sections, made_with=made_with)


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
            for field, label in parts.LABELS.items()
            if getattr(contingency, field).strip()
        ],
    )
    if contingency.treatments_i_would_refuse.strip():
        worse.paragraphs.append(parts.NOT_LEGAL)
    contact = CopySection(
        "Who to contact",
        [
            f"{c.name}{f' ({c.role})' if c.role else ''}: {c.how}. When: {c.when}."
            for c in contacts
        ],
    )
    return [s for s in (agreed, worse, contact) if s.paragraphs]


def copy_for(assessment: Assessment) -> PersonCopy:
    """The person's copy as it stands now: one place builds it for the page, the
    PDF and the benchmark."""
    view = load_assessment_view(assessment)
    host = AssessmentHost(assessment, view.participants, view.capacity)
    decided = decisions_shown(host)
    return build_person_copy(view, decisions=decided, plan=plan_sections(assessment))
