"""What the person's and supporters' own pages show, in words for them.

Every page is built from what the viewer may see (`visibility.Sight`): the
record read whole, then the person's view of it
(`assessments.queries.visible_to_person`, nothing withheld for a lawful
reason), then, for a supporter, only the parts sharing allows, without the
entries kept private from supporters. Who said what is told by the person's
copy's own voices (`plans.person_copy.Voices`), so the copy and these pages
name everyone the same way: "You said", "Jo Parker (your partner) said", and,
to a supporter, "Sam said".

Every fixed phrase is here or in `SECTION_TITLES` and `PROMPT_LABELS`, so one
test runs the app's language checker over all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from coassess.assessments.hosts import AssessmentHost
from coassess.assessments.models import (
    DISPUTED_KINDS,
    Ability,
    Assessment,
    CapacityAssessment,
    CapacityOutcome,
    Corroboration,
    ImmediateConcern,
    KnownSource,
    SharingBasis,
    WithheldReason,
)
from coassess.assessments.queries import (
    AssessmentView,
    Entry,
    Structured,
    load_assessment_view,
    visible_to_person,
)
from coassess.assessments.sections import SECTIONS, Kind, Section
from coassess.core.presenters import local_date, local_datetime
from coassess.decisions.presenters import DecisionShown, decisions_shown
from coassess.people.models import Person
from coassess.plans.person_copy import (
    ASSESSMENT,
    DECISIONS,
    Voices,
    decision_lines,
    kept_from,
    voices_for,
)
from coassess.portal.links import Offered, links_at
from coassess.portal.visibility import Sight

# The assessment's sections, named for the person ({you}: "you" or, to a
# supporter, the person's name; {your}: "your" or "Sam’s").
SECTION_TITLES: dict[str, str] = {
    "concerns": "What needed to change straight away",
    "known": "What the team already knew",
    "account": "What has been happening, in {your} own words",
    "history": "{Your} story so far",
    "mental_state": "How {you} were feeling and thinking",
    "physical": "{Your} physical health",
    "strengths": "{Your} strengths and what helps",
    "capacity": "Making decisions",
    "risk": "Keeping safe",
    "corroboration": "What other people told us",
    "formulation": "Making sense of it together",
}
PROMPT_LABELS: dict[str, str] = {
    "account": "What has been happening",
    "history.recent": "What happened recently",
    "history.past_crises": "Hard times before, and what helped then",
    "history.health": "Health and medicines",
    "history.life": "Home, work, money and the people in {your} life",
    "mse.appearance": "How {you} seemed",
    "mse.speech": "How {you} spoke",
    "mse.mood": "{Your} mood, in {your} own words",
    "mse.affect": "How {your} mood seemed to others",
    "mse.thought_form": "How {your} thoughts flowed",
    "mse.thought_content": "What was on {your} mind",
    "mse.perception": "Things {you} saw or heard",
    "mse.cognition": "Memory and focus",
    "mse.insight": "{Your} view of what is happening",
    "physical.observations": "Health checks",
    "physical.acute_team": "What the hospital team found",
    "strengths.what_helps": "What helps",
    "strengths.people": "People who matter",
    "strengths.skills": "{Your} skills",
    "strengths.achievements": "Things {you} have done that {you} are proud of",
    "strengths.hopes": "{Your} hopes",
    "risk.to_self": "{Your} own safety",
    "risk.to_others": "Other people’s safety",
    "risk.from_others": "Harm from other people",
    "risk.their_view": "What {you} said about {your} safety",
    "risk.others_view": "What others said about {your} safety",
    "risk.safer": "What makes things safer",
    "formulation.why_now": "Why now",
    "formulation.keeps_going": "What keeps it going",
    "formulation.helps": "What helps",
    "concerns.own_words": "In {your} own words",
    "known.own_words": "In {your} own words",
    "capacity.own_words": "In {your} own words",
    "corroboration.own_words": "In {your} own words",
}
# Why something is not shown to the person, in general terms (never what).
WITHHELD_WORDS: dict[str, str] = {
    WithheldReason.THIRD_PARTY: "It is about someone else.",
    WithheldReason.SERIOUS_HARM: (
        "The team thinks reading it now could cause serious harm."
    ),
}
WITHHELD = "Something here is not shown to you. {why} You can ask the team about it."
# What a supporter told us and then took back, from their own device: that
# they did, and when, never its words ({They}: "They", or "You" to them).
TAKEN_BACK = (
    "{They} took this back on {when}. The team no longer uses it as current "
    "information. You can ask the team about it."
)
ABILITIES: dict[str, str] = {
    "understand": "Understanding the information",
    "retain": "Keeping it in mind",
    "use_or_weigh": "Weighing it up",
    "communicate": "Telling others the decision",
}
ABLE: dict[str, str] = {
    Ability.ABLE: "Able",
    Ability.NOT_ABLE: "Not able, even with help",
}
OUTCOME: dict[str, str] = {
    CapacityOutcome.HAS_CAPACITY: "Able to make this decision",
    CapacityOutcome.LACKS_CAPACITY: "Not able to make this decision at this time",
}
BASIS: dict[str, str] = {
    SharingBasis.CONSENT: "Asked with agreement.",
    SharingBasis.WITHOUT_CONSENT: "Asked without agreement. Why:",
    SharingBasis.OFFERED: "They wrote this on their own phone or computer.",
}


def words_for(template: str, sight: Sight, called: str) -> str:
    """A phrase of `SECTION_TITLES` or `PROMPT_LABELS` in the viewer's terms."""
    if sight.supporter_id is None:
        gaps = {"you": "you", "your": "your", "You": "You", "Your": "Your"}
    else:
        gaps = {"you": called, "your": f"{called}’s", "You": called}
        gaps["Your"] = f"{called}’s"
    return template.format(**gaps)


# --- The whole record -----------------------------------------------------


@dataclass
class Said:
    """One entry as the viewer reads it. `withheld` is the general reason
    something here is not shown (then nothing else of the entry is given)."""

    lineage: UUID | None = None
    who: str = ""
    text: str = ""
    own_words: bool = False
    persons: bool = False  # in the person's voice: highlighted
    yours: bool = False  # the viewer's own
    when: str = ""
    disputes: list[tuple[str, str]] = field(default_factory=list)
    withheld: str = ""
    raised: bool = False  # a concern: who raised it, not who said it
    label: str = ""  # what it is, above it (a source checked, who told us)
    note: str = ""
    links: list[Offered] = field(default_factory=list)


@dataclass
class Part:
    """Under one heading: entries said, or rows of a list."""

    heading: str
    said: list[Said] = field(default_factory=list)
    rows: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class RecordSection:
    slug: str
    title: str
    parts: list[Part]

    @property
    def is_empty(self) -> bool:
        return all(not p.said and not p.rows for p in self.parts)


@dataclass
class DecisionPart:
    question: str
    options: list[str]
    lines: list[str]
    links: list[Offered]


@dataclass
class RecordPage:
    assessment: Assessment
    started: str
    preferences: list[tuple[str, str]]
    sections: list[RecordSection]
    decisions: list[DecisionPart]
    links: list[Offered]


def preferences(
    person: Person, assessment: Assessment, sight: Sight
) -> list[tuple[str, str]]:
    """What the person told us about themselves, as rows of (question, answer)."""
    your = words_for("{Your}", sight, person.called)
    rows = [
        (f"{your} name", person.name),
        ("Likes to be called", person.called),
        ("Pronouns", person.pronouns.strip() or "Not recorded"),
        ("Language", person.preferred_language.strip() or "English"),
        ("Needs an interpreter", "Yes" if person.interpreter_needed else "No"),
        (
            "Help with talking, reading or hearing",
            person.communication_needs.strip() or "None recorded",
        ),
    ]
    if assessment.who_they_want_present.strip():
        rows.append(("Who to have there", assessment.who_they_want_present.strip()))
    return rows


def _said(
    c: Entry, view: AssessmentView, voices: Voices, sight: Sight, assessment: Assessment
) -> Said:
    if c.withheld:
        why = WITHHELD_WORDS.get(c.withheld_reason, "")
        disputes = [
            (voices.who(d.disputer, start=True), "")
            for d in view.disputes_for(c.lineage)
        ]
        return Said(withheld=WITHHELD.format(why=why), disputes=disputes)
    reader = voices.reader
    return Said(
        lineage=c.lineage,
        who=voices.who(c.voice, start=True),
        text=c.text,
        own_words=c.own_words,
        persons=c.voice.kind == "person",
        yours=voices.who(c.voice) == "you",
        when=local_datetime(c.created_at),
        disputes=_disputes(view, c.lineage, voices),
        links=links_at(
            "entry",
            sight,
            assessment_id=assessment.pk,
            contribution_id=c.pk,
            entry_id=c.pk,
            lineage=c.lineage,
        )
        if reader.is_person or sight.sees(ASSESSMENT)
        else [],
    )


def _disputes(
    view: AssessmentView, lineage: UUID, voices: Voices
) -> list[tuple[str, str]]:
    """Each disagreement kept beside the entry `lineage` (any kind), as (who,
    their words)."""
    return [
        (voices.who(d.disputer, start=True), d.account.strip())
        for d in view.disputes_for(lineage)
    ]


@dataclass(frozen=True)
class Place:
    """What a structured entry's links and disagreements need: the page's
    view, voices, sight and assessment."""

    view: AssessmentView
    voices: Voices
    sight: Sight
    assessment: Assessment

    def item(self, item: Structured, said: Said) -> Said:
        """`said` with the disagreements kept beside `item` and, for the
        person, the link to say they disagree; its lineage, for the person's
        switch to keep it from supporters."""
        said.lineage = item.lineage
        said.disputes = _disputes(self.view, item.lineage, self.voices)
        kind = DISPUTED_KINDS[type(item)]
        said.links = links_at(
            "item",
            self.sight,
            assessment_id=self.assessment.pk,
            kind=kind.value,
            entry_id=item.pk,
        )
        return said


def _concerns(concerns: list[ImmediateConcern], place: Place) -> list[Said]:
    voices = place.voices
    found = []
    for c in concerns:
        agreed = [voices.who(p) for p in c.agreed_by.all()]
        note = (
            f"Agreed by {', '.join(agreed)}."
            if c.agreed and agreed
            else "Everyone agreed."
            if c.agreed
            else "Not agreed yet."
        )
        said = Said(
            lineage=c.lineage,
            who=voices.who(c.raised_by, start=True),
            text=c.text,
            persons=c.raised_by.kind == "person",
            yours=voices.who(c.raised_by) == "you",
            raised=True,
            note=note,
        )
        found.append(place.item(c, said))
    return found


def known_words(k: KnownSource) -> tuple[str, str]:
    """A source checked before meeting, as the viewer reads it: (what it was,
    what it said, with when)."""
    what = k.get_source_type_display()
    if k.detail.strip():
        what = f"{what}: {k.detail.strip()}"
    limited = (
        " The team could not see all of it at the time." if k.limited_access else ""
    )
    return what, f"{k.what_it_said}{limited} Checked {local_datetime(k.checked_at)}."


def _known(sources: list[KnownSource], place: Place) -> list[Said]:
    found = []
    for k in sources:
        label, text = known_words(k)
        found.append(place.item(k, Said(label=label, text=text)))
    return found


def corroboration_words(item: Corroboration) -> tuple[str, str, str]:
    """What someone else told the team: (who, what they said, the basis)."""
    who = f"{item.informant_name} ({item.get_informant_type_display().lower()})"
    basis = BASIS.get(item.basis, "")
    if item.basis == SharingBasis.WITHOUT_CONSENT:
        basis = f"{basis} {item.basis_reason.strip()}"
    return who, item.what_they_said, basis.strip()


def _corroborations(items: list[Corroboration], place: Place) -> list[Said]:
    """What other people told us. One withheld from the person is said to be
    withheld and why in general terms, never its words or who gave it, with
    who disagreed with it; a supporter is never shown one (nor told of it).
    To a supporter, what they offered themselves is "You told us"."""
    found = []
    for item in items:
        if item.withheld:
            if place.sight.supporter_id is None:
                found.append(_withheld_told(item, place))
            continue
        who, said, basis = corroboration_words(item)
        yours = _offered_by_reader(item, place.sight)
        if yours:
            who = "You told us"
        if item.withdrawn_at is not None:
            found.append(_taken_back(item, place, who, yours))
            continue
        found.append(place.item(item, Said(label=who, text=said, note=basis)))
    return found


def _taken_back(item: Corroboration, place: Place, who: str, yours: bool) -> Said:
    """What a supporter took back: who, that they did and when, with any
    disagreement beside it; never its words, and no link to disagree."""
    assert item.withdrawn_at is not None
    when = local_date(item.withdrawn_at.date())
    text = TAKEN_BACK.format(They="You" if yours else "They", when=when)
    said = place.item(item, Said(label=who, text=text))
    said.links = []
    return said


def _withheld_told(item: Corroboration, place: Place) -> Said:
    why = WITHHELD_WORDS.get(item.withheld_reason, "")
    disputes = [
        (place.voices.who(d.disputer, start=True), "")
        for d in place.view.disputes_for(item.lineage)
    ]
    return Said(withheld=WITHHELD.format(why=why), disputes=disputes)


def _offered_by_reader(item: Corroboration, sight: Sight) -> bool:
    voice = item.voice if item.voice_id else None
    return (
        sight.supporter_id is not None
        and voice is not None
        and voice.supporter_id == sight.supporter_id
    )


def _capacity(records: list[CapacityAssessment], place: Place) -> list[Part]:
    parts = []
    for cap in records:
        rows = []
        for name, label in ABILITIES.items():
            ability = ABLE.get(getattr(cap, name), getattr(cap, name))
            rows.append((label, f"{ability}. {getattr(cap, name + '_evidence')}"))
        rows.append(("Help given", cap.support_given))
        for name, label in (
            ("wishes_and_feelings", "Wishes and feelings"),
            ("beliefs_and_values", "Beliefs and what matters"),
            ("who_was_consulted", "Who was asked"),
            ("best_interests_decision", "The decision made in their best interests"),
        ):
            if getattr(cap, name).strip():
                rows.append((label, getattr(cap, name)))
        outcome = Said(label="What was decided", text=OUTCOME.get(cap.outcome, ""))
        parts.append(
            Part(
                f"Deciding: {cap.decision}", said=[place.item(cap, outcome)], rows=rows
            )
        )
    return parts


def _structured(s: Section, place: Place) -> list[Part]:
    """A structured section's parts: its records, each with its
    disagreements, then anyone's own words about it."""
    view = place.view
    if s.kind == Kind.CONCERNS:
        return [Part("", said=_concerns(view.concerns, place))]
    if s.kind == Kind.KNOWN:
        return [Part("", said=_known(view.known_sources, place))]
    if s.kind == Kind.CORROBORATION:
        return [Part("", said=_corroborations(view.corroborations, place))]
    return _capacity(view.capacity, place)


def _sections(
    view: AssessmentView, voices: Voices, sight: Sight, assessment: Assessment
) -> list[RecordSection]:
    called = assessment.person.called
    place = Place(view, voices, sight, assessment)
    found = []
    for s in SECTIONS:
        title = words_for(SECTION_TITLES[s.slug], sight, called)
        parts = [] if s.kind == Kind.CONTRIBUTIONS else _structured(s, place)
        parts += [
            Part(
                words_for(PROMPT_LABELS[p.key], sight, called),
                said=[
                    _said(c, view, voices, sight, assessment)
                    for c in view.entries(p.key)
                ],
            )
            for p in s.prompts
        ]
        found.append(RecordSection(s.slug, title, parts))
    return found


def seen_by(view: AssessmentView, sight: Sight) -> AssessmentView:
    """`view` (read whole) as the viewer may see it: never what is withheld
    from the person; for a supporter, never an entry kept private, and, for a
    supporter who may not see the assessment, none of its entries."""
    shown = visible_to_person(view)
    if sight.supporter_id is None:
        # The person sees that something is withheld, and why, in place.
        return view
    shown = kept_from(shown, sight.private)
    if not sight.sees(ASSESSMENT):
        shown.contributions = {}
        shown.concerns = []
        shown.known_sources = []
        shown.corroborations = []
        shown.capacity = []
        shown.disputes = {}
    return shown


def _decisions(
    assessment: Assessment, view: AssessmentView, voices: Voices, sight: Sight
) -> list[DecisionPart]:
    if not sight.sees(DECISIONS):
        return []
    host = AssessmentHost(assessment, view.participants, view.capacity)
    shown: list[DecisionShown] = decisions_shown(host)
    return [
        DecisionPart(
            question=d.decision.question,
            options=[row.option.text for row in d.options],
            lines=_under_question(d.decision.question, decision_lines(d, voices)),
            links=links_at(
                "decision",
                sight,
                assessment_id=assessment.pk,
                decision_id=d.decision.pk,
            ),
        )
        for d in shown
    ]


def _under_question(question: str, lines: list[str]) -> list[str]:
    """A decision's lines under its question as a heading: the first line
    ("Where tonight? We decided: Home.") without the question again."""
    if lines and lines[0].startswith(question.strip()):
        lines[0] = lines[0][len(question.strip()) :].lstrip(". ")
    return lines


def record_page(assessment: Assessment, sight: Sight) -> RecordPage:
    """The assessment as recorded, as the viewer may see it: the person sees
    every entry except what is withheld from them (shown in place as withheld,
    with why in general terms); a supporter sees only what sharing allows."""
    full = load_assessment_view(assessment)
    voices = voices_for(assessment, full, sight.reader)
    view = seen_by(full, sight)
    sections = (
        _sections(view, voices, sight, assessment)
        if sight.supporter_id is None or sight.sees(ASSESSMENT)
        else []
    )
    return RecordPage(
        assessment=assessment,
        started=local_date(assessment.started_at.date()),
        preferences=preferences(assessment.person, assessment, sight)
        if sight.sees(ASSESSMENT)
        else [],
        sections=sections,
        decisions=_decisions(assessment, view, voices, sight),
        links=links_at("assessment", sight, assessment_id=assessment.pk),
    )


# --- Home ---------------------------------------------------------------------


@dataclass(frozen=True)
class AssessmentLink:
    pk: UUID
    started: str
    status: str


def assessment_links(assessments: list[Assessment]) -> list[AssessmentLink]:
    return [
        AssessmentLink(
            a.pk,
            local_date(a.started_at.date()),
            "The plan is signed" if a.status == "signed" else "Still being written",
        )
        for a in assessments
    ]


PART_WORDS: dict[str, str] = {
    "plan": "the plan",
    "decisions": "the decisions",
    "assessment": "everything written down",
}


def not_shared(called: str, part: str = "") -> str:
    """What a supporter is told about a part they may not see (or about the
    whole record, `part` ""), without a word of what is in it."""
    what = PART_WORDS.get(part, "this part")
    return f"{called} has chosen not to share {what} with you."


HELD = (
    "You cannot see {called}’s record at the moment. This can happen for a "
    "number of reasons. If you are worried about {called}, call the team."
)


def held_words(called: str) -> str:
    """What a supporter is told while a safeguarding hold is on (never why)."""
    return HELD.format(called=called)
