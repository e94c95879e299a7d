"""The person's own copy: what was said and agreed, written for them to keep.

Built only from `visible_to_person`, so nothing withheld for a lawful reason
can reach it. Staff see its reading age and any wording prompts before they
give it. The plan's sections (what we agreed, my contingency plan, who to
contact) come from `coassess.plans.person_copy`. "What was decided" says, for each decision with an outcome, what was decided and why,
and where the person disagreed, how that is respected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from coassess.assessments.decision_presenters import DecisionShown
from coassess.assessments.models import Contribution, Expertise, Participant
from coassess.assessments.queries import AssessmentView, visible_to_person
from coassess.core.presenters import local_datetime
from coassess.language.checker import Finding, check
from coassess.language.readability import Readability, measure_readability
from coassess.language.rules import Audience

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


def _said(c: Contribution, person: Participant) -> str:
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
        yours = [x for x in o.dissent if x.voice and x.voice.pk == person.pk]
        for dissent in yours:
            verb = "objected" if dissent.mark.stance == "object" else "disagreed"
            said = f": “{dissent.what_matters}”" if dissent.what_matters else "."
            lines.append(f"You {verb}{said}")
        if o.outcome.person_not_followed and o.outcome.why_person_not_followed:
            lines.append(
                "Why your view did not decide it: "
                + _sentence(o.outcome.why_person_not_followed)
            )
        if yours and o.outcome.how_respected:
            lines.append(
                f"How your view is respected: {_sentence(o.outcome.how_respected)}"
            )
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
    name = view.assessment.person.preferred_name or view.assessment.person.given_name
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
