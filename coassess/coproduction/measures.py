"""Co-production measures for each assessment, computed from the record.

Nothing here is typed in: every measure is read from what the assessment, its
decisions, its plan, its referral and the access log already hold, by one rule
written down here and in docs/coproduction-measures.md (what each means, how
it is computed, its limits). The measures describe; they are never added up
into a score or used to rank (DESIGN.md §3: no scores).

A measure is a count, a share (a fraction from 0 to 1), a yes or no, or None
meaning "the record cannot tell", and then `AssessmentMeasures.unknown` says
why, in plain words. A None without a reason is refused when the measures are
made, so nothing is ever guessed silently.

`measure_many` reads any number of assessments in a fixed number of queries
(at most QUERIES, whatever the number of assessments or of what they hold);
`measure` is the same for one.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any
from uuid import UUID

from coassess.accesslog.models import AccessEvent
from coassess.assessments.models import (
    Assessment,
    CapacityAssessment,
    CapacityOutcome,
    Contribution,
    Corroboration,
    Expertise,
    ImmediateConcern,
    InformantType,
    Participant,
    ParticipantKind,
    SharingBasis,
)
from coassess.decisions.models import Decision, Outcome, Position, Stance
from coassess.plans import contingency as parts
from coassess.plans.models import Action, Confirmation, Contact, ContingencyPlan, Plan
from coassess.plans.queries import details_in
from coassess.referrals.clock import ClockState, response_clock

# The most queries `measure_many` makes, however many assessments it is given:
# one to load their referrals and people (none if they come loaded), one for
# participants, entries, capacity and information from others each, two for
# concerns, three for decisions and six for plans.
QUERIES = 16

# Voice groups an entry can come from, in the order they are shown.
PERSON = "The person"
SUPPORTERS = "Supporters"
PEER = "Peer support workers"
INTERPRETERS = "Interpreters"
OTHER_STAFF = "Other staff"
OTHERS = "Others"
VOICE_GROUPS = (PERSON, SUPPORTERS, PEER, INTERPRETERS, OTHER_STAFF, OTHERS)

# The contingency plan's parts that make it complete: the Stanley-Brown safety
# plan's steps that are the person's own (DOMAIN.md §5.2); the people and
# services to call are its contacts, of which there must be at least one.
CORE_CONTINGENCY_PARTS = (
    "warning_signs",
    "what_i_can_do",
    "people_and_places",
    "making_safer",
)

# A capacity assessment is about the plan when its decision names the plan.
PLAN_WORD = re.compile(r"\bplan\b", re.IGNORECASE)

# Dissent an outcome leaves behind: not fully agreeing with the chosen option.
DISSENT = (Stance.RESERVATIONS, Stance.DISAGREE, Stance.OBJECT)
PERSON_DISSENT = (Stance.DISAGREE, Stance.OBJECT)

# How the access log names the person's copy made as a PDF (plans.views,
# and the person's own view), and opened on screen (both too).
COPY_PDF = "person copy pdf"
COPY = "person copy"


@dataclass(frozen=True)
class VoiceShare:
    """How many of the assessment's current entries are in one group's voice,
    and that as a fraction of all of them (0 to 1)."""

    group: str
    entries: int
    share: float


@dataclass(frozen=True)
class AssessmentMeasures:
    """The co-production measures of one assessment. Counts are whole numbers,
    shares fractions from 0 to 1; None means the record cannot tell, and
    `unknown[name]` says why."""

    assessment_id: UUID
    # Voices present
    person_heard: bool
    supporters: int
    peer_workers: int
    interpreter_needed: bool
    interpreter_present: bool | None
    entries: int
    voice_shares: tuple[VoiceShare, ...]
    own_words_entries: int
    own_words_share: float | None
    # Immediate concerns
    concerns: int
    concerns_agreed: int
    concerns_agreed_by_person: int
    agreed_concerns_answered: int | None
    # Decisions
    decisions: int
    decisions_person_gave_position: int
    decisions_with_outcome: int
    person_not_prevailed: int
    person_not_prevailed_with_reason: int
    decisions_with_dissent: int
    dissent_held: int
    # The plan
    plan_started: bool
    individual_details: tuple[str, ...]
    individualised: bool | None
    strengths: int
    contingency_missing: tuple[str, ...]
    contingency_complete: bool | None
    person_confirmation: str | None
    person_confirmed_or_disagreed: bool | None
    copy_printed_or_downloaded: bool
    # Capacity and consent
    capacity_assessments: int
    capacity_for_plan: str | None
    supporters_consented: int | None
    information_from_others: int
    information_with_consent: int
    # Response time
    standard_minutes: int
    minutes_to_first_contact: int | None
    within_standard: bool | None
    unknown: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for f in fields(self):
            if getattr(self, f.name) is None and not self.unknown.get(f.name):
                raise ValueError(f"{f.name} is unknown without a reason")


def measure(assessment: Assessment) -> AssessmentMeasures:
    """The measures of one assessment, in at most QUERIES queries (one fewer
    when its referral and person are already loaded with it)."""
    return measure_many([assessment])[assessment.pk]


def share(part: int, whole: int) -> float | None:
    """`part` of `whole` as a fraction; None when there is no whole."""
    return part / whole if whole else None


@dataclass
class _Record:
    """What one assessment's measures are read from, gathered by `_read`."""

    assessment: Assessment
    participants: list[Participant] = field(default_factory=list)
    entries: list[tuple[UUID, str, bool]] = field(default_factory=list)
    concerns: list[ImmediateConcern] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    outcomes: dict[UUID, Outcome] = field(default_factory=dict)
    plan: Plan | None = None
    answered_lineages: set[UUID] = field(default_factory=set)
    contingency: ContingencyPlan | None = None
    contacts: list[Contact] = field(default_factory=list)
    confirmations: list[Confirmation] = field(default_factory=list)
    capacity: list[CapacityAssessment] = field(default_factory=list)
    corroborations: list[Corroboration] = field(default_factory=list)
    pdf_made: bool = False

    @property
    def person(self) -> Participant | None:
        return next(
            (p for p in self.participants if p.kind == ParticipantKind.PERSON), None
        )


def _group(records: dict[UUID, _Record], rows: Iterable[Any], attr: str) -> None:
    """Append each row to its assessment's list `attr` (rows carry `assessment_id`)."""
    for row in rows:
        getattr(records[row.assessment_id], attr).append(row)


def _read(assessments: Sequence[Assessment]) -> dict[UUID, _Record]:
    """Everything the measures need, in QUERIES - 1 queries at most."""
    records = {a.pk: _Record(a) for a in assessments}
    ids = list(records)
    _group(records, Participant.objects.filter(assessment_id__in=ids), "participants")
    for assessment_id, voice_id, section, own in Contribution.objects.filter(
        assessment_id__in=ids, is_current=True
    ).values_list("assessment_id", "voice_id", "section", "own_words"):
        records[assessment_id].entries.append((voice_id, section, own))
    _group(
        records,
        ImmediateConcern.objects.filter(
            assessment_id__in=ids, is_current=True
        ).prefetch_related("agreed_by"),
        "concerns",
    )
    _read_decisions(records, ids)
    _read_plans(records, ids)
    _group(
        records,
        CapacityAssessment.objects.filter(assessment_id__in=ids, is_current=True),
        "capacity",
    )
    _group(
        records,
        Corroboration.objects.filter(assessment_id__in=ids, is_current=True),
        "corroborations",
    )
    return records


def _read_decisions(records: dict[UUID, _Record], ids: list[UUID]) -> None:
    """The assessment's own decisions (not the plan's actions), with current
    positions and outcomes: three queries."""
    by_decision: dict[UUID, _Record] = {}
    for d in Decision.objects.filter(context_type="assessment", context_id__in=ids):
        records[d.context_id].decisions.append(d)
        by_decision[d.pk] = records[d.context_id]
    for p in Position.objects.filter(decision_id__in=by_decision, is_current=True):
        by_decision[p.decision_id].positions.append(p)
    for o in Outcome.objects.filter(decision_id__in=by_decision, is_current=True):
        by_decision[o.decision_id].outcomes[o.decision_id] = o


def _read_plans(records: dict[UUID, _Record], ids: list[UUID]) -> None:
    """Each plan, the concerns its actions answer, its contingency plan and
    contacts, its confirmations, and whether its copy was made as a PDF by the
    team, or opened or downloaded by the person from their own view: six
    queries."""
    by_plan: dict[UUID, _Record] = {}
    for plan in Plan.objects.filter(assessment_id__in=ids):
        records[plan.assessment_id].plan = plan
        by_plan[plan.pk] = records[plan.assessment_id]
    links = Action.concerns.through.objects.filter(action__plan_id__in=by_plan)
    for plan_id, lineage in links.values_list(
        "action__plan_id", "immediateconcern__lineage"
    ):
        by_plan[plan_id].answered_lineages.add(lineage)
    by_contingency: dict[UUID, _Record] = {}
    for contingency in ContingencyPlan.objects.filter(plan_id__in=by_plan):
        by_plan[contingency.plan_id].contingency = contingency
        by_contingency[contingency.pk] = by_plan[contingency.plan_id]
    for contact in Contact.objects.filter(contingency_id__in=by_contingency):
        by_contingency[contact.contingency_id].contacts.append(contact)
    for c in Confirmation.objects.filter(plan_id__in=by_plan).order_by("created_at"):
        by_plan[c.plan_id].confirmations.append(c)
    # By person first: the log is indexed by person, and is long.
    made = AccessEvent.objects.filter(
        person_id__in={r.assessment.person_id for r in records.values()},
        what__in=(COPY, COPY_PDF),
        object_id__in=[str(i) for i in ids],
    ).values_list(
        "object_id",
        "what",
        "actor_team_id",
        "viewer_code__team_id",
        "viewer_code__supporter_id",
        "viewer_code_id",
    )
    for object_id, what, team_id, code_team, supporter, code in made:
        record = records[UUID(object_id)]
        team = record.assessment.team_id
        if code is not None:
            # The person, with a code from the team: opened or downloaded.
            record.pdf_made |= supporter is None and code_team == team
        elif what == COPY_PDF and team_id == team:
            record.pdf_made = True


Found = tuple[dict[str, Any], dict[str, str]]  # measures by name; reasons for None


def _voice_group(p: Participant) -> str:
    if p.kind == ParticipantKind.PERSON:
        return PERSON
    if p.kind == ParticipantKind.SUPPORTER:
        return SUPPORTERS
    if p.expertise == Expertise.PEER:
        return PEER
    if p.expertise == Expertise.INTERPRETER:
        return INTERPRETERS
    return OTHER_STAFF if p.kind == ParticipantKind.STAFF else OTHERS


def _voices(r: _Record) -> Found:
    groups = {p.pk: _voice_group(p) for p in r.participants}
    person = r.person
    person_id = person.pk if person else None
    counts = Counter(groups[voice] for voice, _, _ in r.entries)
    total = len(r.entries)
    own = sum(1 for voice, _, own in r.entries if own and voice == person_id)
    person_spoke = (
        counts[PERSON] > 0
        or any(c.raised_by_id == person_id for c in r.concerns)
        or any(p.voice_key == person_id for p in r.positions)
    )
    needed = r.assessment.person.interpreter_needed
    unknown = {}
    if not needed:
        unknown["interpreter_present"] = (
            "Not needed: the person's details say they need no interpreter."
        )
    if not total:
        unknown["own_words_share"] = "Nothing has been written in the assessment yet."
    return {
        "person_heard": person_spoke,
        "supporters": sum(1 for g in groups.values() if g == SUPPORTERS),
        "peer_workers": sum(1 for g in groups.values() if g == PEER),
        "interpreter_needed": needed,
        "interpreter_present": INTERPRETERS in groups.values() if needed else None,
        "entries": total,
        "voice_shares": tuple(
            VoiceShare(g, counts[g], counts[g] / total)
            for g in VOICE_GROUPS
            if counts[g]
        ),
        "own_words_entries": own,
        "own_words_share": share(own, total),
    }, unknown


def _concerns(r: _Record) -> Found:
    person_id = r.person.pk if r.person else None
    agreed = [c for c in r.concerns if c.agreed]
    unknown = {}
    if r.plan is None:
        unknown["agreed_concerns_answered"] = "No plan has been started."
    return {
        "concerns": len(r.concerns),
        "concerns_agreed": len(agreed),
        "concerns_agreed_by_person": sum(
            1 for c in agreed if any(p.pk == person_id for p in c.agreed_by.all())
        ),
        "agreed_concerns_answered": None
        if r.plan is None
        else sum(1 for c in agreed if c.lineage in r.answered_lineages),
    }, unknown


def _decisions(r: _Record) -> Found:
    person_id = r.person.pk if r.person else None
    positions: dict[UUID, list[Position]] = defaultdict(list)
    for p in r.positions:
        positions[p.decision_id].append(p)
    not_prevailed = with_reason = with_dissent = held = 0
    for decision_id, o in r.outcomes.items():
        on_chosen = [p for p in positions[decision_id] if p.option_id == o.chosen_id]
        person_against = any(
            p.voice_key == person_id and p.stance in PERSON_DISSENT for p in on_chosen
        )
        if o.person_not_followed or person_against:
            not_prevailed += 1
            with_reason += bool(o.why_person_not_followed.strip())
        if any(p.stance in DISSENT for p in on_chosen):
            with_dissent += 1
            held += bool(o.remaining_disagreements.strip() or o.how_respected.strip())
    return {
        "decisions": len(r.decisions),
        "decisions_person_gave_position": sum(
            1
            for d in r.decisions
            if any(p.voice_key == person_id for p in positions[d.pk])
        ),
        "decisions_with_outcome": len(r.outcomes),
        "person_not_prevailed": not_prevailed,
        "person_not_prevailed_with_reason": with_reason,
        "decisions_with_dissent": with_dissent,
        "dissent_held": held,
    }, {}


def _person_confirmation(r: _Record) -> str | None:
    """The person's latest confirmation of the plan as it stands: its meaning."""
    assert r.plan is not None
    person_id = r.person.pk if r.person else None
    latest = [
        c
        for c in r.confirmations
        if c.participant_id == person_id and c.plan_version == r.plan.version
    ]
    return latest[-1].meaning if latest else None


def _plan(r: _Record) -> Found:
    strengths = sum(
        1 for _, section, _ in r.entries if section.startswith("strengths.")
    )
    if r.plan is None or r.contingency is None:
        none = "No plan has been started."
        return {
            "plan_started": False,
            "individual_details": (),
            "individualised": None,
            "strengths": strengths,
            "contingency_missing": (),
            "contingency_complete": None,
            "person_confirmation": None,
            "person_confirmed_or_disagreed": None,
            "copy_printed_or_downloaded": r.pdf_made,
        }, dict.fromkeys(
            (
                "individualised",
                "contingency_complete",
                "person_confirmation",
                "person_confirmed_or_disagreed",
            ),
            none,
        )
    details = details_in(r.contingency, r.contacts)
    missing = [
        parts.LABELS[name]
        for name in CORE_CONTINGENCY_PARTS
        if not getattr(r.contingency, name).strip()
    ]
    if not r.contacts:
        missing.append("Someone to contact")
    meaning = _person_confirmation(r)
    unknown = {}
    if meaning is None:
        unknown["person_confirmation"] = (
            "Nothing is recorded from the person about the plan as it stands now."
        )
    return {
        "plan_started": True,
        "individual_details": tuple(details),
        "individualised": bool(details),
        "strengths": strengths,
        "contingency_missing": tuple(missing),
        "contingency_complete": not missing,
        "person_confirmation": meaning,
        "person_confirmed_or_disagreed": meaning in ("agree", "disagree"),
        "copy_printed_or_downloaded": r.pdf_made,
    }, unknown


def _capacity(r: _Record) -> Found:
    about_plan = [c for c in r.capacity if PLAN_WORD.search(c.decision)]
    unknown = {}
    if about_plan:
        latest = max(about_plan, key=lambda c: c.assessed_at)
        found: str | None = (
            "lacks" if latest.outcome == CapacityOutcome.LACKS_CAPACITY else "has"
        )
    elif r.capacity:
        found = None
        unknown["capacity_for_plan"] = (
            f"{len(r.capacity)} capacity assessment(s) recorded, but none says in "
            "its decision that it is about the plan."
        )
    else:
        found = "not recorded"
    supporters = sum(1 for p in r.participants if p.kind == ParticipantKind.SUPPORTER)
    unknown["supporters_consented"] = (
        "The record does not hold the person's consent to a supporter taking "
        "part: a supporter is someone the person named, but their agreement to "
        "this supporter joining this assessment is not recorded."
        if supporters
        else "No supporters took part."
    )
    from_others = [
        c
        for c in r.corroborations
        if c.informant_type in (InformantType.CARER, InformantType.RELATIVE)
        # What a supporter offered from their own phone was not asked for.
        and c.basis != SharingBasis.OFFERED
    ]
    return {
        "capacity_assessments": len(r.capacity),
        "capacity_for_plan": found,
        "supporters_consented": None,
        "information_from_others": len(from_others),
        "information_with_consent": sum(
            1 for c in from_others if c.basis == SharingBasis.CONSENT
        ),
    }, unknown


def _response(r: _Record) -> Found:
    referral = r.assessment.referral
    if referral.first_seen_at is None:
        return {
            "standard_minutes": referral.response_minutes,
            "minutes_to_first_contact": None,
            "within_standard": None,
        }, dict.fromkeys(
            ("minutes_to_first_contact", "within_standard"),
            "No first face-to-face contact is recorded.",
        )
    # The board's own clock, so the two always agree (and count real minutes
    # across a change of the clocks).
    clock = response_clock(
        received_at=referral.received_at,
        response_minutes=referral.response_minutes,
        first_seen_at=referral.first_seen_at,
        now=referral.first_seen_at,
    )
    return {
        "standard_minutes": referral.response_minutes,
        "minutes_to_first_contact": int(clock.waited.total_seconds() // 60),
        "within_standard": clock.state == ClockState.MET,
    }, {}


def _measures(r: _Record) -> AssessmentMeasures:
    values: dict[str, Any] = {}
    unknown: dict[str, str] = {}
    for part in (_voices, _concerns, _decisions, _plan, _capacity, _response):
        found, reasons = part(r)
        values.update(found)
        unknown.update(reasons)
    return AssessmentMeasures(assessment_id=r.assessment.pk, unknown=unknown, **values)


# What the measures read, for a caller that already holds an assessment's rows
# (the synthetic year, which has just made them): the same rules, no reading.
Record = _Record


def measure_record(record: Record) -> AssessmentMeasures:
    """The measures of the assessment whose rows `record` holds (its concerns'
    `agreed_by` prefetched), by the same rules as `measure_many`."""
    return _measures(record)


def measure_many(assessments: Iterable[Assessment]) -> dict[UUID, AssessmentMeasures]:
    """The measures of each assessment, by its id, in at most QUERIES queries
    however many there are (their referrals and people are read with them
    unless already loaded)."""
    loaded = list(assessments)
    missing = [
        a.pk
        for a in loaded
        if "referral" not in a._state.fields_cache
        or "person" not in a._state.fields_cache
    ]
    if missing:
        fresh = Assessment.objects.select_related("referral", "person").in_bulk(missing)
        loaded = [fresh.get(a.pk, a) for a in loaded]
    records = _read(loaded)
    return {pk: _measures(r) for pk, r in records.items()}
