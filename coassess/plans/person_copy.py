"""The person's own copy: what was said, agreed and disagreed, as it stands now,
written for them to keep, as a page and an A4 PDF (`plans.pdf`).

The plans app owns it: it composes the assessment's part
(`assessments.queries.visible_to_person`, built only from what the person may
see, so nothing withheld for a lawful reason can reach it), what was decided
(the dissensus engine's outcomes) and the plan's part (what we agreed, with
every change made after signing applied and marked, what to do if things get
worse, who to contact, and who agreed or disagreed). Staff see its reading age
and any wording prompts before they give it.

Four rules hold everywhere in it (hazards H20, H31, H32):

- Every item names its voice in the person's terms: "You said", "Jo Parker
  (your partner) said", "Amara Okafor (liaison nurse) said". Only the person's
  own entries are "you"; each other participant is described by the role they
  hold (`role_words`).
- Every decision shows its outcome, why, every remaining disagreement with its
  reason and who holds it, how it is respected and when it is looked at again;
  the plan shows every confirmation of it and every disagreement with it.
- The plan is shown as it stands now: each addendum applied and marked
  ("Changed on … because: …", with what it said before), and the actions as
  signed kept after it.
- A disagreement with an entry is shown with the entry it disagrees with, or,
  when that entry is withheld, says so in general terms.

Every fixed sentence is in `WORDS`, so one test runs the app's own language
checker over all of them (tests/plans/test_person_copy.py).

The copy has one reader (`Reader`): the person, by default, or one of their
supporters reading it from their own device (the portal). For a supporter,
"you" is the supporter ("You said" is their own words, "Sam said" the
person's: `FOR_SUPPORTERS` holds the sentences that change), and the copy
holds only the parts (`PARTS`) the person's sharing allows, never an entry
the person keeps private from supporters, and nothing about entries withheld
from the person. Which parts a supporter may see is not decided here: the
caller (the portal's one check) passes them in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from uuid import UUID

from coassess.assessments.hosts import AssessmentHost
from coassess.assessments.models import (
    Assessment,
    Corroboration,
    Dispute,
    Expertise,
    ImmediateConcern,
    Participant,
    ParticipantKind,
)
from coassess.assessments.queries import (
    AssessmentView,
    Entry,
    load_assessment_view,
    visible_to_person,
)
from coassess.assessments.sections import SECTIONS, Kind
from coassess.core.presenters import local_date, local_datetime
from coassess.decisions.presenters import DecisionShown, Dissent, decisions_shown
from coassess.language.checker import Finding, check
from coassess.language.readability import Readability, measure_readability
from coassess.language.rules import Audience
from coassess.people.models import Person, pronouns_for
from coassess.plans import contingency as parts
from coassess.plans.models import Addendum, Confirmation, Meaning
from coassess.plans.presenters import ActionRow, PlanPage, load_plan_page
from coassess.plans.queries import plan_of, signed_version

# Every fixed sentence of the copy, with the gaps filled from the record. One
# place, so the language checker reads each of them (and a test makes sure).
WORDS: dict[str, str] = {
    "in_english": (
        "This copy is in English. You can ask for someone to go through it "
        "with you in {language}."
    ),
    "quoted": "{Who} said: “{text}”",
    "summed_up": "From what {who} said: {text}",
    "raised": "{Who} raised this: {text}",
    "agreed_by": "{names} agreed this needs acting on now.",
    "everyone_agreed": "Everyone agreed this needs acting on now.",
    "decided": "{question} We decided: {chosen}",
    "why": "Why: {text}",
    "objected": "{Who} objected to this: “{text}”",
    "disagreed": "{Who} disagreed with this: “{text}”",
    "doubts": "{Who} had doubts about this: “{text}”",
    "objected_no_reason": "{Who} objected to this.",
    "disagreed_no_reason": "{Who} disagreed with this.",
    "doubts_no_reason": "{Who} had doubts about this.",
    "not_agreed_yet": "What is still not agreed: {text}",
    "why_not_yours": "Why your view did not decide it: {text}",
    "respected": "How the disagreement is respected: {text}",
    "respected_other": "How other disagreement is respected: {text}",
    "why_not_theirs": "Why this view did not decide it: {text}",
    "respected_theirs": "How this view is respected: {text}",
    "respected_yours": "How your view is respected: {text}",
    "review": "We will look at this again on {when}.",
    "written_down": "{name} wrote this down.",
    "action": "{what} Who: {who} When: {when}",
    "changed": "Changed on {when} because: {reason}",
    "before": "Before the change it said: {what} Who: {who} When: {when}",
    "plan_why": "Why this is the plan: {text}",
    "own_words": "You wrote this plan in your own words.",
    "written_with": "This plan was written with you.",
    "contact": "{name}: {how} When: {when}",
    "contact_role": "{name} ({role}): {how} When: {when}",
    "agreed_plan": "{Who} agreed with the plan.",
    "disagreed_plan": "{Who} took part but did not agree with part of it: “{text}”",
    "on_behalf": "{name} gave your answer for you. Why: {text}",
    "interpreted": "You took part with help from an interpreter: {names}.",
    "not_able": "You were not able to take part this time. Why: {text}",
    "go_through": "We will go through this plan with you again on {when}.",
    "signed": "This plan was signed on {when}.",
    "added": "Added on {when} because: {reason}",
    "as_signed": "This is what we agreed to do when the plan was signed on {when}.",
    "checked": "Before we met you, we looked at {what}. It said: {text}",
    "told_us": "{who} told us: {text}",
    "able_to_decide": (
        "We looked at whether you could make this decision: {decision} "
        "We found you could."
    ),
    "not_able_to_decide": (
        "We looked at whether you could make this decision: {decision} "
        "We found you could not, at that time."
    ),
    "withheld_dispute": (
        "{Who} disagreed with something in your record that is not in this "
        "copy. The law lets us keep some things out of your copy. You can ask "
        "us why."
    ),
    "told_us_quoted": "{Who} told us: “{text}”",
    "took_back": (
        "{Who} took back something {they} told us, on {when}. We no longer use "
        "it as current information. You can ask us about it."
    ),
    "withheld_told": (
        "Something another person told us is not in this copy. {why} You can "
        "ask us about it."
    ),
    "why_third_party": "It is about someone else.",
    "why_serious_harm": "The team thinks reading it now could cause serious harm.",
    "made_with_you": "{name}: you.",
    "made_with": "{name}: {role}.",
    "interpreter_made_with": "{name}: interpreter, who put what people said into words you know.",
}

# The sentences that change when a supporter reads the copy: "you" is then the
# supporter, and the person is named ({person}: "Sam"; {them}, {their}: their
# pronouns, or their name when not known).
FOR_SUPPORTERS: dict[str, str] = {
    "in_english": (
        "This copy is in English. {person} can ask for someone to go through "
        "it with {them} in {language}."
    ),
    "why_not_yours": "Why {person}’s view did not decide it: {text}",
    "respected_yours": "How {person}’s view is respected: {text}",
    "own_words": "{person} wrote this plan in {their} own words.",
    "written_with": "This plan was written with {person}.",
    "on_behalf": "{name} gave {person}’s answer for {them}. Why: {text}",
    "interpreted": "{person} took part with help from an interpreter: {names}.",
    "not_able": "{person} was not able to take part this time. Why: {text}",
    "go_through": "We will go through this plan with {person} again on {when}.",
    "made_with_person": "{name}: the person this plan is for.",
    "checked": "Before we met {person}, we looked at {what}. It said: {text}",
    "able_to_decide": (
        "We looked at whether {person} could make this decision: {decision} "
        "We found {them} able to."
    ),
    "not_able_to_decide": (
        "We looked at whether {person} could make this decision: {decision} "
        "We found {them} not able to, at that time."
    ),
}
# Headings that speak to the person, as a supporter reads them.
HEADINGS_FOR_SUPPORTERS: dict[str, str] = {
    "What matters to you now": "What matters to {person} now",
    "What you told us": "What {person} told us",
    "What helps you, and what you hope for": "What helps {person}, and {their} hopes",
    "If things get worse: my plan": "If things get worse: {person}’s plan",
}

# The parts of the copy a supporter may be shown, each only with the person's
# sharing: the plan and contingency plan; decisions and everyone's positions
# (disagreements, confirmations of the plan); the assessment's entries.
PLAN = "plan"
DECISIONS = "decisions"
ASSESSMENT = "assessment"
PARTS = frozenset({PLAN, DECISIONS, ASSESSMENT})


@dataclass(frozen=True)
class Reader:
    """Who reads the copy. `supporter_id` None is the person, who reads every
    part; a supporter reads only `parts` and never an entry (or concern)
    whose lineage is in `private`."""

    supporter_id: UUID | None = None
    parts: frozenset[str] = PARTS
    private: frozenset[UUID] = frozenset()

    @property
    def is_person(self) -> bool:
        return self.supporter_id is None

    def sees(self, part: str) -> bool:
        return part in self.parts


THE_PERSON = Reader()

# What a participant is called in the copy when nothing more is known of
# their role: by what they bring.
EXPERTISE_ROLES: dict[str, str] = {
    Expertise.LIVED: "someone with their own experience",
    Expertise.CARER: "someone who supports you",
    Expertise.PROFESSIONAL: "a member of staff",
    Expertise.PEER: "a peer support worker",
    Expertise.INTERPRETER: "interpreter",
}
STRENGTH_PROMPTS = (
    "strengths.what_helps",
    "strengths.people",
    "strengths.skills",
    "strengths.achievements",
    "strengths.hopes",
)
PLAN_HEADINGS = (
    "What we agreed to do",
    "If things get worse: my plan",
    "Who to contact",
    "Who agreed with the plan",
    "Changes since the plan was signed",
    "The plan as it was signed",
)


def say(key: str, **gaps: str) -> str:
    """One of `WORDS`, its gaps filled ("quoted", Who="You", text="...")."""
    return WORDS[key].format(**gaps)


@dataclass
class CopySection:
    heading: str
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class PersonCopy:
    name: str
    sections: list[CopySection]
    made_with: list[str]
    notice: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        parts = [f"{self.name}.", *self.notice]
        for s in self.sections:
            parts.append(f"{s.heading}.")
            parts.extend(s.paragraphs)
        parts.extend(self.made_with)
        return "\n".join(parts)

    def readability(self) -> Readability:
        return measure_readability(self.text)

    def findings(self) -> list[Finding]:
        return check(self.text, Audience.PERSON_FACING)


def _sentence(text: str) -> str:
    """`text` ending in a full stop, unless it ends in one already (or in ! ?
    or a closing quotation mark): never "Jo.."."""
    text = text.strip()
    return text if text.endswith((".", "!", "?", "”", '"', "…")) else f"{text}."


def _lower_first(text: str) -> str:
    """'Liaison nurse' → 'liaison nurse'; 'NHS 111' and 'GP' stay as typed."""
    text = text.strip()
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _names(names: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


class Voices:
    """How the copy names each participant, in its reader's terms (the
    person's, unless `reader` is a supporter)."""

    def __init__(
        self,
        participants: Iterable[Participant],
        person_name: str,
        reader: Reader = THE_PERSON,
        person: Person | None = None,
    ) -> None:
        self.by_id = {p.pk: p for p in participants}
        # The person's name as it stands now: their participant row keeps the
        # name they had when the assessment started.
        self.person_name = person_name
        self.reader = reader
        # How a supporter's copy names the person: "Sam"; "her", "her" (or
        # "Sam", "Sam’s" when their pronouns are not known).
        self._called = person.called if person is not None else person_name
        self.pronouns = (
            person.pronoun_words
            if person is not None
            else pronouns_for("", self._called)
        )

    def say(self, key: str, **gaps: str) -> str:
        """`say`, in the reader's terms: for a supporter, the sentences of
        `FOR_SUPPORTERS` name the person where the person's copy says "you"."""
        if self.reader.is_person or key not in FOR_SUPPORTERS:
            return say(key, **gaps)
        return FOR_SUPPORTERS[key].format(**self._person_gaps(), **gaps)

    def heading(self, text: str) -> str:
        """A section heading, in the reader's terms."""
        if self.reader.is_person or text not in HEADINGS_FOR_SUPPORTERS:
            return text
        return HEADINGS_FOR_SUPPORTERS[text].format(**self._person_gaps())

    def _person_gaps(self) -> dict[str, str]:
        return {
            "person": self._called,
            "them": self.pronouns.them,
            "their": self.pronouns.their,
        }

    def _is_reader(self, p: Participant) -> bool:
        if self.reader.is_person:
            return p.kind == ParticipantKind.PERSON
        return p.supporter_id is not None and p.supporter_id == self.reader.supporter_id

    def role(self, p: Participant) -> str:
        """The role they hold, as the reader would say it: 'your partner' (to
        the person; 'Sam’s partner' to a supporter), 'liaison nurse',
        'interpreter'."""
        if p.expertise == Expertise.INTERPRETER:
            return "interpreter"
        if p.supporter is not None and p.supporter.relationship.strip():
            whose = "your" if self.reader.is_person else f"{self._called}’s"
            return f"{whose} {_lower_first(p.supporter.relationship)}"
        if p.role_in_meeting.strip():
            return _lower_first(p.role_in_meeting)
        return EXPERTISE_ROLES.get(p.expertise, p.get_expertise_display().lower())

    def who(self, p: Participant | None, name: str = "", start: bool = False) -> str:
        """'you' (or 'You' to start a sentence) for the person; 'Jo Parker
        (your partner)' for anyone else; `name` when they are not known."""
        if p is None:
            return name or "Someone"
        if self._is_reader(p):
            return "You" if start else "you"
        if p.kind == ParticipantKind.PERSON:
            return self._called
        return f"{p.name} ({self.role(p)})"

    def said(self, c: Entry) -> str:
        """An entry with its voice: quoted if in their own words."""
        if c.own_words:
            return say("quoted", Who=self.who(c.voice, start=True), text=c.text)
        return say("summed_up", who=self.who(c.voice), text=_sentence(c.text))

    def made_with(self, p: Participant) -> str:
        if self._is_reader(p):
            name = self.person_name if p.kind == ParticipantKind.PERSON else p.name
            return say("made_with_you", name=name)
        if p.kind == ParticipantKind.PERSON:
            return self.say("made_with_person", name=self.person_name)
        if p.expertise == Expertise.INTERPRETER:
            return say("interpreter_made_with", name=p.name)
        return say("made_with", name=p.name, role=self.role(p))


def _concern(c: ImmediateConcern, voices: Voices) -> list[str]:
    lines = [
        say("raised", Who=voices.who(c.raised_by, start=True), text=_sentence(c.text))
    ]
    if c.agreed:
        ids = {p.pk for p in c.agreed_by.all()}
        agreed = [p for p in voices.by_id.values() if p.pk in ids]  # in joining order
        names = [voices.who(p, start=i == 0) for i, p in enumerate(agreed)]
        lines.append(
            say("agreed_by", names=_names(names)) if names else say("everyone_agreed")
        )
    return lines


@dataclass(frozen=True)
class Held:
    """A disagreement still held: by whom (their participant, or the name the
    engine kept), how strongly (a stance), and their reason."""

    participant: Participant | None
    name: str
    stance: str
    reason: str
    why: str = ""  # what the outcome says to them: why their view did not prevail
    how: str = ""  # and how it is respected


DOUBTS = ("reservations", "disagree", "object")


def held_in_outcome(dissent: Iterable[Dissent], voices: Voices) -> list[Held]:
    """The engine's dissent beside an outcome, as disagreements held."""
    return [
        Held(
            voices.by_id.get(d.voice.key) if d.voice else None,
            d.name,
            d.mark.stance,
            d.what_matters,
            d.answer.why_not_prevailed if d.answer else "",
            d.answer.how_respected if d.answer else "",
        )
        for d in dissent
    ]


def dissent_lines(held: Iterable[Held], voices: Voices) -> list[str]:
    """Each disagreement still held, with who holds it and their reason:
    'Jo Parker (your partner) objected to this: “…”'."""
    lines = []
    for h in held:
        kind = {"object": "objected", "disagree": "disagreed"}.get(h.stance, "doubts")
        who = voices.who(h.participant, h.name, start=True)
        if h.reason.strip():
            lines.append(say(kind, Who=who, text=h.reason.strip()))
        else:
            lines.append(say(f"{kind}_no_reason", Who=who))
        yours = (
            h.participant is not None and h.participant.kind == ParticipantKind.PERSON
        )
        if h.why.strip():
            key = "why_not_yours" if yours else "why_not_theirs"
            lines.append(voices.say(key, text=_sentence(h.why)))
        if h.how.strip():
            key = "respected_yours" if yours else "respected_theirs"
            lines.append(voices.say(key, text=_sentence(h.how)))
    return lines


def _decided(decisions: Sequence[DecisionShown], voices: Voices) -> list[str]:
    """For each decision with an outcome: what was decided and why, every
    remaining disagreement with who holds it and why, how it is respected,
    when it is looked at again, and who wrote it down."""
    return [line for d in decisions for line in decision_lines(d, voices)]


def decision_lines(d: DecisionShown, voices: Voices) -> list[str]:
    """One decision as the copy tells it (`_decided`), in `voices`' terms; no
    lines while it has no outcome."""
    lines: list[str] = []
    o = d.outcome
    if o is None:
        return lines
    lines.append(
        say(
            "decided",
            question=_sentence(d.view.decision.question),
            chosen=_sentence(o.chosen.text),
        )
    )
    lines.append(say("why", text=_sentence(o.outcome.rationale)))
    held = held_in_outcome(o.dissent, voices)
    lines.extend(dissent_lines(held, voices))
    outcome = o.outcome
    if outcome.remaining_disagreements.strip():
        lines.append(
            say("not_agreed_yet", text=_sentence(outcome.remaining_disagreements))
        )
    person_answered = any(
        h.participant is not None
        and h.participant.kind == ParticipantKind.PERSON
        and h.why.strip()
        for h in held
    )
    if (
        outcome.person_not_followed
        and outcome.why_person_not_followed.strip()
        and not person_answered
    ):
        lines.append(
            voices.say("why_not_yours", text=_sentence(outcome.why_person_not_followed))
        )
    heading, respected = o.respected
    if respected.strip():
        key = "respected" if heading.startswith("How the") else "respected_other"
        lines.append(say(key, text=_sentence(respected)))
    if o.review_at:
        lines.append(say("review", when=local_datetime(o.review_at)))
    lines.append(say("written_down", name=outcome.author.display_name))
    return lines


def _differ(full: AssessmentView, shown: AssessmentView, voices: Voices) -> list[str]:
    """Each disagreement with an entry of any kind, after the entry it
    disagrees with; for an entry withheld from the person, only that someone
    disagreed (and, for a supporter, nothing about it, nor about an entry
    kept private)."""
    current = {c.lineage: c for cs in full.contributions.values() for c in cs}
    structured = _structured_lines(shown, voices)
    withheld_told = {c.lineage for c in full.corroborations if c.withheld}
    lines: list[str] = []
    for lineage, disputes in shown.disputes.items():
        entry = current.get(lineage)
        if entry is None:
            if lineage in structured:
                lines.extend(structured[lineage])
                lines.extend(_disagreed(disputes, voices))
            elif voices.reader.is_person and lineage in withheld_told:
                lines.extend(_withheld_disputes(disputes, voices))
            continue
        if not voices.reader.is_person and (
            entry.withheld or lineage in voices.reader.private
        ):
            continue
        if entry.withheld:
            lines.extend(_withheld_disputes(disputes, voices))
            continue
        lines.append(voices.said(entry))
        lines.extend(_disagreed(disputes, voices))
    return lines


def _withheld_disputes(disputes: Iterable[Dispute], voices: Voices) -> list[str]:
    """That someone disagreed with an entry withheld from the person, never
    what they said (for the person only)."""
    return [
        say("withheld_dispute", Who=voices.who(d.disputer, start=True))
        for d in disputes
    ]


def _disagreed(disputes: Iterable[Dispute], voices: Voices) -> list[str]:
    return [
        say("disagreed", Who=voices.who(d.disputer, start=True), text=d.account.strip())
        for d in disputes
    ]


def _structured_lines(view: AssessmentView, voices: Voices) -> dict[UUID, list[str]]:
    """Each structured entry of `view` (a concern, a source checked, what
    someone else told us, a capacity assessment) as the copy tells it, by
    lineage, to stand before the disagreements with it."""
    found = {c.lineage: _concern(c, voices) for c in view.concerns}
    for k in view.known_sources:
        what = k.get_source_type_display().lower()
        if k.detail.strip():
            what = f"{what} ({k.detail.strip()})"
        text = _sentence(k.what_it_said)
        found[k.lineage] = [voices.say("checked", what=what, text=text)]
    for item in view.corroborations:
        found[item.lineage] = [
            _took_back(item, voices)
            if item.withdrawn
            else say(
                "told_us", who=item.informant_name, text=_sentence(item.what_they_said)
            )
        ]
    for cap in view.capacity:
        key = "able_to_decide" if cap.outcome == "has" else "not_able_to_decide"
        found[cap.lineage] = [voices.say(key, decision=_sentence(cap.decision))]
    return found


def _told_by_others(
    full: AssessmentView, shown: AssessmentView, voices: Voices
) -> CopySection:
    """What other people told us (`shown`, nothing withheld in it), each with
    who told us (one a supporter took back: only that they did, and when),
    then each supporter's own words about a structured part
    (`supporters_own_words`); for the person, a line for each withheld from
    them, saying why in general terms and never what (supporters are told
    nothing of it)."""
    lines = [
        _took_back(c, voices)
        if c.withdrawn
        else say(
            "told_us_quoted", Who=_informant(c, voices), text=c.what_they_said.strip()
        )
        for c in shown.corroborations
        if not c.withheld
    ]
    lines += [voices.said(c) for c in supporters_own_words(shown)]
    if voices.reader.is_person:
        lines += [
            say("withheld_told", why=say(f"why_{c.withheld_reason}"))
            for c in full.corroborations
            if c.withheld
        ]
    return CopySection("What other people told us", lines)


def _informant(c: Corroboration, voices: Voices) -> str:
    """Who told us `c`, to start a sentence, in the reader's terms."""
    name = f"{c.informant_name} ({c.get_informant_type_display().lower()})"
    return voices.who(c.voice if c.voice_id else None, name=name, start=True)


def _took_back(c: Corroboration, voices: Voices) -> str:
    """What a supporter took back from their own device: that they did, and
    when, never its words (they are no longer current information)."""
    assert c.withdrawn_at is not None
    who = _informant(c, voices)
    they = "you" if who == "You" else "they"
    return say("took_back", Who=who, they=they, when=local_date(c.withdrawn_at.date()))


# The prompts for anyone's own words about a structured part of the record
# (concerns, what was already known, capacity, what others tell us).
STRUCTURED_OWN_WORDS = tuple(
    p.key for s in SECTIONS if s.kind != Kind.CONTRIBUTIONS for p in s.prompts
)


def supporters_own_words(view: AssessmentView) -> list[Entry]:
    """The one rule for a supporter's own words about a structured part,
    typed by staff in the supporter's voice (or written by them): in the
    copy, each under "What other people told us", with their name, as the
    person's own are under "What you told us". `view` must already be as the
    reader may see it (nothing withheld, nothing kept private from them)."""
    return [
        c
        for key in STRUCTURED_OWN_WORDS
        for c in view.entries(key)
        if c.voice.kind == ParticipantKind.SUPPORTER
    ]


def kept_from(view: AssessmentView, private: frozenset[UUID]) -> AssessmentView:
    """`view` without the entries of every kind (attributed entries, concerns,
    known sources, what others told us, capacity records) whose lineage is
    in `private` (kept private from supporters), and without disputes of
    them."""
    if not private:
        return view
    return replace(
        view,
        contributions={
            key: [c for c in entries if c.lineage not in private]
            for key, entries in view.contributions.items()
        },
        disputes={k: d for k, d in view.disputes.items() if k not in private},
        concerns=[c for c in view.concerns if c.lineage not in private],
        known_sources=[k for k in view.known_sources if k.lineage not in private],
        corroborations=[c for c in view.corroborations if c.lineage not in private],
        capacity=[c for c in view.capacity if c.lineage not in private],
    )


def _about_you(
    full_view: AssessmentView, view: AssessmentView, voices: Voices
) -> tuple[tuple[CopySection, CopySection], CopySection, CopySection, CopySection]:
    """The copy's parts from the assessment's entries: what matters now and
    what the person told us; what helps; keeping safe; where people see
    things differently."""
    you = next(p for p in view.participants if p.kind == ParticipantKind.PERSON)
    told = [
        voices.said(c)
        for key, entries in view.contributions.items()
        if not key.startswith(("strengths.", "risk."))
        for c in entries
        if c.voice_id == you.pk
    ]
    matters = CopySection(
        voices.heading("What matters to you now"),
        [line for c in view.concerns for line in _concern(c, voices)],
    )
    helps = CopySection(
        voices.heading("What helps you, and what you hope for"),
        [voices.said(c) for key in STRENGTH_PROMPTS for c in view.entries(key)],
    )
    safe = CopySection(
        "Keeping safe",
        [
            voices.said(c)
            for key in ("risk.their_view", "risk.safer")
            for c in view.entries(key)
        ],
    )
    differ = CopySection(
        "Where people see things differently", _differ(full_view, view, voices)
    )
    return (
        (matters, CopySection(voices.heading("What you told us"), told)),
        helps,
        safe,
        differ,
    )


def build_person_copy(
    full_view: AssessmentView,
    decisions: Sequence[DecisionShown] = (),
    plan: Sequence[CopySection] = (),
    reader: Reader = THE_PERSON,
) -> PersonCopy:
    """The copy from an assessment read whole (`full_view`: what is withheld
    is left out here), its decisions, and the plan's sections (`plan_sections`,
    made for the same reader), for `reader`: a supporter gets only the parts
    they may see, without the entries kept private from them."""
    view = kept_from(visible_to_person(full_view), reader.private)
    person = view.assessment.person
    voices = Voices(view.participants, person.name, reader, person)
    told, helps, safe, differ = _about_you(full_view, view, voices)
    others = _told_by_others(full_view, view, voices)
    parts: list[tuple[str, CopySection]] = [
        (ASSESSMENT, told[0]),
        (ASSESSMENT, told[1]),
        (ASSESSMENT, helps),
        (ASSESSMENT, safe),
        (ASSESSMENT, others),
        (DECISIONS, CopySection("What was decided", _decided(decisions, voices))),
        *((PLAN, s) for s in plan),
        (ASSESSMENT, differ),
    ]
    anything = bool(reader.parts)
    notice = (
        []
        if person.reads_english or not anything
        else [voices.say("in_english", language=person.preferred_language.strip())]
    )
    return PersonCopy(
        name=person.called,
        sections=[s for part, s in parts if s.paragraphs and reader.sees(part)],
        made_with=[voices.made_with(p) for p in view.participants] if anything else [],
        notice=notice,
    )


@dataclass
class ActionNow:
    """An action as it stands now: its words after every addendum that
    changed it, and those addenda, oldest first."""

    row: ActionRow
    what: str
    who: str
    by_when: str
    changes: list[tuple[Addendum, tuple[str, str, str]]]  # and what it said before


def actions_now(
    rows: Sequence[ActionRow], addenda: Sequence[Addendum]
) -> list[ActionNow]:
    """Each action with the addenda that changed it applied, in order."""
    found = []
    for row in rows:
        a = row.action
        now = ActionNow(row, a.what, a.who, a.by_when, [])
        for addendum in addenda:
            if addendum.action_id == a.pk:
                before = (now.what, now.who, now.by_when)
                now.what = addendum.text
                now.who = addendum.who or now.who
                now.by_when = addendum.by_when or now.by_when
                now.changes.append((addendum, before))
        found.append(now)
    return found


def _action(what: str, who: str, by_when: str, key: str = "action") -> str:
    return say(key, what=_sentence(what), who=_sentence(who), when=_sentence(by_when))


def _agreed(page: PlanPage, voices: Voices) -> CopySection:
    lines = []
    for now in actions_now(page.actions, page.addenda):
        lines.append(_action(now.what, now.who, now.by_when))
        for addendum, (what, who, by_when) in now.changes:
            lines.append(
                say(
                    "changed",
                    when=local_date(addendum.created_at.date()),
                    reason=_sentence(addendum.reason),
                )
            )
            lines.append(_action(what, who, by_when, "before"))
        if voices.reader.sees(DECISIONS):
            held = [
                Held(
                    voices.by_id.get(c.voice.key),
                    c.voice.name,
                    c.stance,
                    c.what_matters,
                )
                for c in now.row.cells
                if c.stance in DOUBTS
            ]
            lines.extend(dissent_lines(held, voices))
    plan = page.plan
    if plan.rationale.strip():
        lines.append(say("plan_why", text=_sentence(plan.rationale)))
    return CopySection("What we agreed to do", lines)


def _worse(page: PlanPage, voices: Voices) -> CopySection:
    c = page.contingency
    lines = [
        f"{label}: {getattr(c, name).strip()}"
        for name, label in parts.LABELS.items()
        if getattr(c, name).strip()
    ]
    if lines:
        key = "own_words" if c.in_own_words else "written_with"
        lines.insert(0, voices.say(key))
    if c.treatments_i_would_refuse.strip():
        lines.append(parts.NOT_LEGAL)
    return CopySection(voices.heading("If things get worse: my plan"), lines)


def _answer(c: Confirmation, p: Participant, voices: Voices) -> str:
    who = voices.who(p, start=True)
    if c.meaning == Meaning.AGREE:
        return say("agreed_plan", Who=who)
    if c.meaning == Meaning.DISAGREE:
        return say("disagreed_plan", Who=who, text=c.reason.strip())
    by = c.recorded_by  # only staff record on the person's behalf
    name = by.display_name if by is not None else ""
    return voices.say("on_behalf", name=name, text=_sentence(c.reason))


def _answers(page: PlanPage, voices: Voices) -> CopySection:
    """Every confirmation of the plan and disagreement with it; who took part
    with an interpreter, or could not take part; when it is gone through again."""
    plan = page.plan
    lines = [
        _answer(row.current, row.participant, voices)
        for row in page.confirmations
        if row.current is not None and voices.reader.sees(DECISIONS)
    ]
    interpreters = [
        p.name for p in page.participants if p.expertise == Expertise.INTERPRETER
    ]
    if interpreters:
        lines.append(voices.say("interpreted", names=_names(interpreters)))
    if plan.person_not_able_reason.strip():
        lines.append(
            voices.say("not_able", text=_sentence(plan.person_not_able_reason))
        )
    if plan.revisit_with_person_at:
        lines.append(
            voices.say("go_through", when=local_datetime(plan.revisit_with_person_at))
        )
    if plan.signed_at:
        lines.append(say("signed", when=local_datetime(plan.signed_at)))
    return CopySection("Who agreed with the plan", lines)


def _since_signing(page: PlanPage) -> list[CopySection]:
    """Additions after signing; and, when an action has changed, the actions
    exactly as they were signed."""
    added = CopySection("Changes since the plan was signed")
    for a in page.addenda:
        if a.action_id is None:
            when = local_date(a.created_at.date())
            added.paragraphs.append(say("added", when=when, reason=_sentence(a.reason)))
            added.paragraphs.append(a.text)
    signed = signed_version(page.plan)
    as_signed = CopySection("The plan as it was signed")
    if signed is not None and any(a.action_id for a in page.addenda):
        as_signed.paragraphs.append(
            say("as_signed", when=local_datetime(signed.signed_at))
        )
        as_signed.paragraphs.extend(
            _action(x["what"], x["who"], x["by_when"])
            for x in signed.content.get("actions", [])
        )
    return [added, as_signed]


def plan_sections(
    assessment: Assessment, voices: Voices | None = None
) -> list[CopySection]:
    """The plan's part of the copy, as it stands now; empty before a plan."""
    plan = plan_of(assessment)
    if plan is None:
        return []
    page = load_plan_page(plan)
    voices = voices or Voices(page.participants, assessment.person.name)
    contact = CopySection(
        "Who to contact",
        [
            say(
                "contact_role",
                name=c.name,
                role=c.role,
                how=_sentence(c.how),
                when=_sentence(c.when),
            )
            if c.role.strip()
            else say(
                "contact", name=c.name, how=_sentence(c.how), when=_sentence(c.when)
            )
            for c in page.contacts
        ],
    )
    sections = [
        _agreed(page, voices),
        _worse(page, voices),
        contact,
        _answers(page, voices),
        *_since_signing(page),
    ]
    return [s for s in sections if s.paragraphs]


def voices_for(
    assessment: Assessment, view: AssessmentView, reader: Reader = THE_PERSON
) -> Voices:
    """How `reader` is told who said what in `view` (the assessment read
    whole): each participant with their supporter (`load_assessment_view`
    reads them together; otherwise one query)."""
    if not all(Participant.supporter.is_cached(p) for p in view.participants):
        participants: dict[UUID, Participant] = {
            p.pk: p
            for p in Participant.objects.filter(assessment=assessment).select_related(
                "supporter"
            )
        }
        for p in view.participants:
            p.supporter = participants[p.pk].supporter
    person = assessment.person
    return Voices(view.participants, person.name, reader, person)


def copy_for(assessment: Assessment, reader: Reader = THE_PERSON) -> PersonCopy:
    """The person's copy as it stands now, for `reader` (the person, unless a
    supporter is reading from the portal): one place builds it for the page,
    the PDF and the benchmark. The copy shows what other people told us
    (a supporter's own information, with their name), so the record is read
    with its sources."""
    view = load_assessment_view(assessment)
    voices = voices_for(assessment, view, reader)
    decided: list[DecisionShown] = []
    if reader.sees(DECISIONS):
        host = AssessmentHost(assessment, view.participants, view.capacity)
        decided = decisions_shown(host)
    plan = plan_sections(assessment, voices) if reader.sees(PLAN) else []
    return build_person_copy(view, decisions=decided, plan=plan, reader=reader)
