"""A year of a team's finished assessments, written in bulk, for the
co-production dashboards: `coassess generate --year N` and `coassess demo`.

Unlike `synthetic_assessments.generate_assessments` (every assessment through
the real services, right for a benchmark of the meeting), this writes rows
directly: referrals received over the last twelve months and seen (from the
emergency department and wards), each assessment with the person, the
clinician, sometimes a peer support worker and a supporter, a few entries (some
in the person's own words, some strengths), immediate concerns, and most with
a plan, its crisis plan and contacts, and the person's confirmation. Nothing is
written to the access log: no member of staff did any of it.

The year gets better as it goes, as a team working on co-production might:
more peer support workers and supporters, more of the person's own words, more
individual crisis plans, shorter waits. The same seed gives the same year.

Each row is made as a tuple of its columns (the `_Row` classes below, one per
model, checked against the model's columns before anything is written), not as
a model instance: making and preparing some fifteen million instances was most
of the time a million took. A batch is one transaction, and each model's rows
of a batch go to the database in one go (`demo.bulk.write_rows`: COPY on
PostgreSQL, one `executemany` on SQLite; the only part that differs).
docs/benchmarks.md has the rates.

The measure summary of each batch is written as it goes, measured by the
measures' own rules (`coproduction.measures.measure_record`) from the rows just
made rather than read back, so the dashboards are ready at once. For that, the
rows the measures read are made into model instances from the same tuples
(positionally, Django's fast way, as it loads rows from a query).
"""

from __future__ import annotations

import datetime as dt
import os
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, NamedTuple, TypeVar
from uuid import UUID

from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.db.models.base import ModelState
from django.utils import timezone

from coassess.accounts.models import Membership, Role, Team, User
from coassess.assessments.models import (
    Assessment,
    Contribution,
    Expertise,
    ImmediateConcern,
    Participant,
    ParticipantKind,
    Status,
)
from coassess.coproduction.measures import Record, measure_record
from coassess.coproduction.models import MeasureSummary, SummaryDue
from coassess.coproduction.summary import forget_counts, summary_row
from coassess.decisions.models import Decision
from coassess.demo.bulk import check_columns, columns, write_rows
from coassess.demo.synthetic_assessments import (
    ED_BEDS,
    ED_REASONS,
    ED_REFERRERS,
    SENTENCES,
    WARD_REASONS,
    WARD_REFERRERS,
    WARDS,
    synthetic_people,
)
from coassess.people.models import Person
from coassess.plans.models import Confirmation, Contact, ContingencyPlan, Meaning, Plan
from coassess.referrals.models import Referral, Source, Urgency

DAYS = 365
SECTIONS = (
    ("history.recent", "history"),
    ("mse.mood", "account"),
    ("mse.appearance", "mental_state"),
    ("risk.to_self", "risk"),
    ("formulation.why_now", "formulation"),
    ("strengths.what_helps", "strengths"),
    ("strengths.people", "strengths"),
)
CONCERNS = (
    "Where to sleep tonight",
    "Keeping the tablets safe at home",
    "Getting back in touch with the GP",
    "Who to call at night",
)
GENERIC_STEPS = "Call the crisis line."
OWN_STEPS = (
    "Take the dog round the park and ring my sister Jo.",
    "Sit in the garden with headphones on and play my playlist.",
    "Go to my friend Priya's flat on Ashby Road.",
    "Ask Dad to keep my tablets in his locked tin.",
)
CONTACTS = (("Jo (sister)", "07700 900123"), ("Crisis line", "0800 000 0000"))

# The choices' plain values: what the database holds.
ED = Source.EMERGENCY_DEPARTMENT.value
WARD = Source.WARD.value
PERSON = ParticipantKind.PERSON.value
STAFF = ParticipantKind.STAFF.value
SUPPORTER = ParticipantKind.SUPPORTER.value


# One class per model written, its fields the model's columns in order (with
# the model's defaults where a column has one the year keeps), checked by
# `_check_rows` before a year is written.
class _Referral(NamedTuple):
    id: UUID
    created_at: dt.datetime
    person_id: UUID
    team_id: UUID
    source: str
    department: str
    ward: str
    bed: str
    referrer_name: str
    referrer_contact: str
    reason: str
    urgency: str
    received_at: dt.datetime
    response_minutes: int
    first_seen_at: dt.datetime
    closed_at: dt.datetime
    outcome: str
    recorded_by_id: UUID
    version: int = 1


class _Assessment(NamedTuple):
    id: UUID
    created_at: dt.datetime
    referral_id: UUID
    person_id: UUID
    team_id: UUID
    status: str
    started_at: dt.datetime
    started_by_id: UUID
    who_they_want_present: str = ""


class _Participant(NamedTuple):
    id: UUID
    created_at: dt.datetime
    assessment_id: UUID
    kind: str
    supporter_id: UUID | None
    user_id: UUID | None
    name: str
    role_in_meeting: str
    expertise: str
    joins_by: str
    joined_at: dt.datetime


class _Contribution(NamedTuple):
    id: UUID
    created_at: dt.datetime
    supersedes_id: UUID | None
    is_current: bool
    lineage: UUID
    version_number: int
    assessment_id: UUID
    scribe_id: UUID
    via_code_id: UUID | None  # None: typed by staff, never from a device here
    section: str
    voice_id: UUID
    text: str
    own_words: bool
    withheld_reason: str = ""


class _Concern(NamedTuple):
    id: UUID
    created_at: dt.datetime
    supersedes_id: UUID | None
    is_current: bool
    lineage: UUID
    version_number: int
    assessment_id: UUID
    scribe_id: UUID
    text: str
    raised_by_id: UUID
    agreed: bool


class _Decision(NamedTuple):
    id: UUID
    created_at: dt.datetime
    context_type: str
    context_id: UUID
    question: str
    hide_until_given: bool
    person_first: bool
    created_by_id: UUID


class _Plan(NamedTuple):
    id: UUID
    created_at: dt.datetime
    assessment_id: UUID
    rationale: str
    person_not_able_reason: str
    revisit_with_person_at: dt.datetime | None
    actions_decision_id: UUID
    signed_at: dt.datetime | None = None
    signed_by_id: UUID | None = None
    signed_declaration: str = ""
    version: int = 1


class _Contingency(NamedTuple):
    id: UUID
    created_at: dt.datetime
    plan_id: UUID
    in_own_words: bool
    warning_signs: str
    what_i_can_do: str
    people_and_places: str
    making_safer: str
    keeps_me_going: str = ""
    care_preferences: str = ""
    treatments_i_would_refuse: str = ""
    if_engagement_difficult: str = ""
    likelihood_of_use: str = ""
    what_might_get_in_the_way: str = ""
    version: int = 1
    changed_via_code_id: UUID | None = None


class _Contact(NamedTuple):
    id: UUID
    created_at: dt.datetime
    contingency_id: UUID
    name: str
    role: str
    how: str
    when: str


class _Confirmation(NamedTuple):
    id: UUID
    created_at: dt.datetime
    plan_id: UUID
    participant_id: UUID
    meaning: str
    reason: str
    plan_version: int
    recorded_by_id: UUID
    via_code_id: UUID | None = None


ROWS: tuple[tuple[type[models.Model], type[tuple[Any, ...]]], ...] = (
    (Referral, _Referral),
    (Assessment, _Assessment),
    (Participant, _Participant),
    (Contribution, _Contribution),
    (ImmediateConcern, _Concern),
    (Decision, _Decision),
    (Plan, _Plan),
    (ContingencyPlan, _Contingency),
    (Contact, _Contact),
    (Confirmation, _Confirmation),
)


_ATTNAMES: dict[type[models.Model], tuple[str, ...]] = {}


def _check_rows() -> None:
    """RuntimeError if a model's columns are no longer its row class's fields."""
    for model, row in ROWS:
        check_columns(model, row._fields)  # type: ignore[attr-defined]
        _ATTNAMES[model] = columns(model)


M = TypeVar("M", bound=models.Model)


def _loaded(model: type[M], row: tuple[Any, ...]) -> M:
    """An instance of `model` holding `row` (its columns in order), as one
    read from the database would: made as Django makes an instance it unpickles
    (`__new__`, then the attributes), without `__init__`'s work for each field
    (0.6 µs an instance rather than 3 µs, measured; a year of a million makes
    some twelve million). For the measures to read only; nothing listens for
    these models' init signals."""
    instance = model.__new__(model)
    state = ModelState()
    state.adding, state.db = False, DEFAULT_DB_ALIAS
    instance.__dict__.update(zip(_ATTNAMES[model], row, strict=True))
    instance._state = state
    return instance


def _no_one() -> Any:
    """An evaluated empty set of participants: who agreed a concern, for the
    measures (a shared, already-read queryset, so reading it asks nothing)."""
    nobody = Participant.objects.none()
    list(nobody)
    return nobody


@dataclass
class _Batch:
    """The rows of one batch, in the order they are written, and the person
    each assessment is about."""

    now: dt.datetime
    new_id: Callable[[], UUID]
    referrals: list[_Referral] = field(default_factory=list)
    assessments: list[_Assessment] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    participants: list[_Participant] = field(default_factory=list)
    contributions: list[_Contribution] = field(default_factory=list)
    concerns: list[_Concern] = field(default_factory=list)
    decisions: list[_Decision] = field(default_factory=list)
    plans: list[_Plan] = field(default_factory=list)
    contingencies: list[_Contingency] = field(default_factory=list)
    contacts: list[_Contact] = field(default_factory=list)
    confirmations: list[_Confirmation] = field(default_factory=list)

    def write(self) -> None:
        """Write every row, then the summary measured from them (in the
        caller's transaction)."""
        tables: tuple[tuple[type[models.Model], Sequence[tuple[Any, ...]]], ...] = (
            (Referral, self.referrals),
            (Assessment, self.assessments),
            (Participant, self.participants),
            (Contribution, self.contributions),
            (ImmediateConcern, self.concerns),
            (Decision, self.decisions),
            (Plan, self.plans),
            (ContingencyPlan, self.contingencies),
            (Contact, self.contacts),
            (Confirmation, self.confirmations),
        )
        for model, rows in tables:
            write_rows(model, rows)
        summary = [
            summary_row(r.assessment, measure_record(r))
            for r in self.records().values()
        ]
        names = columns(MeasureSummary)
        write_rows(MeasureSummary, [[getattr(s, n) for n in names] for s in summary])
        forget_counts(summary)
        # Measured now, so no longer due (the trigger noted each new assessment).
        ids = [a.id for a in self.assessments]
        for start in range(0, len(ids), 500):
            SummaryDue.objects.filter(
                assessment_id__in=ids[start : start + 500]
            ).delete()

    def records(self) -> dict[UUID, Record]:
        """What the measures read of each assessment, from the rows just made
        (as `measures.measure_many` gathers them from the database): no
        decisions of its own, no actions, capacity or corroboration, no copy
        made, and nobody recorded as agreeing a concern."""
        records: dict[UUID, Record] = {}
        for ref, one, person in zip(
            self.referrals, self.assessments, self.people, strict=True
        ):
            a = _loaded(Assessment, one)
            a.referral = _loaded(Referral, ref)
            a.person = person
            records[a.pk] = Record(a)
        for p in self.participants:
            records[p.assessment_id].participants.append(_loaded(Participant, p))
        for entry in self.contributions:
            records[entry.assessment_id].entries.append(
                (entry.voice_id, entry.section, entry.own_words)
            )
        nobody = _no_one()
        for row in self.concerns:
            concern = _loaded(ImmediateConcern, row)
            concern._prefetched_objects_cache = {"agreed_by": nobody}  # type: ignore[attr-defined]
            records[row.assessment_id].concerns.append(concern)
        self._plans_into(records)
        return records

    def _plans_into(self, records: dict[UUID, Record]) -> None:
        """Each plan, with its crisis plan, contacts and confirmations."""
        by_plan: dict[UUID, Record] = {}
        for plan in self.plans:
            records[plan.assessment_id].plan = _loaded(Plan, plan)
            by_plan[plan.id] = records[plan.assessment_id]
        by_contingency: dict[UUID, Record] = {}
        for c in self.contingencies:
            by_plan[c.plan_id].contingency = _loaded(ContingencyPlan, c)
            by_contingency[c.id] = by_plan[c.plan_id]
        for contact in self.contacts:
            by_contingency[contact.contingency_id].contacts.append(
                _loaded(Contact, contact)
            )
        for confirmation in self.confirmations:
            by_plan[confirmation.plan_id].confirmations.append(
                _loaded(Confirmation, confirmation)
            )


@dataclass(frozen=True)
class _Staff:
    clinician: User
    peer: User | None


def _staff(team: Team) -> _Staff:
    members = (
        Membership.objects.select_related("user")
        .filter(team=team, user__is_active=True)
        .order_by("created_at")
    )
    clinician = next(
        (m.user for m in members if m.role in (Role.CLINICIAN, Role.TEAM_LEAD)), None
    )
    if clinician is None:
        raise ValueError(f"{team.name} has no active clinician or team lead.")
    peer = next((m.user for m in members if m.role == Role.PEER_WORKER), None)
    return _Staff(clinician, peer)


def _random_ids(block: int = 4096) -> Iterator[UUID]:
    """Random (version 4) UUIDs, as `uuid.uuid4` makes them, from the
    system's random source read for `block` ids at a time rather than for each
    (a year of a million needs some 22 million)."""
    while True:
        data = os.urandom(16 * block)
        for start in range(0, len(data), 16):
            yield UUID(bytes=data[start : start + 16], version=4)


def _chance(rng: random.Random, start: float, end: float, progress: float) -> bool:
    """True with a probability moving from `start` to `end` over the year."""
    return rng.random() < start + (end - start) * progress


def _wait(rng: random.Random, standard: int, progress: float) -> int:
    """Minutes to first contact: most within the standard, fewer late as the year goes."""
    typical = standard * (1.05 - 0.35 * progress)
    return max(5, int(rng.lognormvariate(0, 0.45) * typical * 0.8))


def _referral(
    batch: _Batch,
    rng: random.Random,
    team: Team,
    person: Person,
    staff: _Staff,
    at: dt.datetime,
    progress: float,
) -> _Referral:
    source = rng.choice((ED, ED, WARD))
    ed = source == ED
    standard = team.ed_response_minutes if ed else team.ward_response_minutes
    seen = at + dt.timedelta(minutes=_wait(rng, standard, progress))
    referrer, contact = rng.choice(ED_REFERRERS if ed else WARD_REFERRERS)
    ward = "" if ed else rng.choice(WARDS)
    bed = rng.choice(ED_BEDS) if ed else f"Bed {rng.randint(1, 28)}"
    reason = rng.choice(ED_REASONS if ed else WARD_REASONS)
    closed = seen + dt.timedelta(hours=rng.randint(2, 30))
    return _Referral(
        batch.new_id(), batch.now, person.pk, team.pk, source,
        "Emergency department" if ed else "", ward, bed, referrer, contact, reason,
        Urgency.EMERGENCY.value if ed else Urgency.URGENT.value, at, standard, seen,
        closed, "Assessment finished and plan agreed.", staff.clinician.pk,
    )  # fmt: skip


def _people_in(
    batch: _Batch,
    rng: random.Random,
    a: _Assessment,
    person: Person,
    staff: _Staff,
    progress: float,
) -> list[_Participant]:
    at, now, pk, new = a.started_at, batch.now, a.id, batch.new_id
    clinician = staff.clinician
    voices = [
        _Participant(new(), now, pk, PERSON, None, None, person.given_name, "",
                     Expertise.LIVED.value, "", at),
        _Participant(new(), now, pk, STAFF, None, clinician.pk,
                     clinician.display_name, "", Expertise.PROFESSIONAL.value, "", at),
    ]  # fmt: skip
    if _chance(rng, 0.2, 0.65, progress):
        peer = staff.peer
        name = peer.display_name if peer else "Peer support worker"
        voices.append(
            _Participant(new(), now, pk, STAFF, None, peer.pk if peer else None,
                         name, "", Expertise.PEER.value, "", at)
        )  # fmt: skip
    if _chance(rng, 0.3, 0.55, progress):
        voices.append(
            _Participant(new(), now, pk, SUPPORTER, None, None, "Jo", "Sister",
                         Expertise.CARER.value, "", at)
        )  # fmt: skip
    batch.participants += voices
    return voices


def _entries(
    batch: _Batch,
    rng: random.Random,
    a: _Assessment,
    voices: list[_Participant],
    staff: _Staff,
    progress: float,
) -> None:
    now, pk, scribe, new = batch.now, a.id, staff.clinician.pk, batch.new_id
    person = voices[0]
    for section, kind in rng.sample(SECTIONS, rng.randint(3, len(SECTIONS))):
        in_person_voice = _chance(rng, 0.3, 0.6, progress)
        voice = person if in_person_voice else rng.choice(voices[1:])
        text = rng.choice(SENTENCES[kind])
        own = in_person_voice and _chance(rng, 0.3, 0.8, progress)
        batch.contributions.append(
            _Contribution(new(), now, None, True, new(), 1, pk, scribe, None,
                          section, voice.id, text, own)
        )  # fmt: skip
    for text in rng.sample(CONCERNS, rng.randint(1, 2)):
        raised_by = rng.choice(voices[:2])
        agreed = _chance(rng, 0.6, 0.9, progress)
        batch.concerns.append(
            _Concern(new(), now, None, True, new(), 1, pk, scribe, text,
                     raised_by.id, agreed)
        )  # fmt: skip


def _plan(
    batch: _Batch,
    rng: random.Random,
    a: _Assessment,
    person: _Participant,
    staff: _Staff,
    progress: float,
) -> None:
    if not _chance(rng, 0.8, 0.95, progress):
        return
    now, clinician, new = batch.now, staff.clinician.pk, batch.new_id
    decision = _Decision(
        new(), now, "plan", a.id,
        "Do you agree with each action in the plan?", False, False, clinician,
    )  # fmt: skip
    plan = _Plan(new(), now, a.id, "", "", None, decision.id)
    own = _chance(rng, 0.3, 0.75, progress)
    complete = _chance(rng, 0.5, 0.85, progress)
    contingency = _Contingency(
        new(), now, plan.id, True,
        "Not sleeping, staying in my room." if complete or own else "",
        rng.choice(OWN_STEPS) if own else GENERIC_STEPS,
        "My sister Jo." if complete else "",
        "Tablets kept by Dad." if complete else "",
    )  # fmt: skip
    batch.decisions.append(decision)
    batch.plans.append(plan)
    batch.contingencies.append(contingency)
    for name, how in CONTACTS[: rng.randint(0 if not complete else 1, 2)]:
        batch.contacts.append(
            _Contact(new(), now, contingency.id, name, "", how, "Any time")
        )
    if _chance(rng, 0.55, 0.85, progress):
        agrees = rng.random() < 0.85
        batch.confirmations.append(
            _Confirmation(
                new(), now, plan.id, person.id,
                Meaning.AGREE.value if agrees else Meaning.DISAGREE.value,
                "" if agrees else "I would rather go home tonight.", 1, clinician,
            )
        )  # fmt: skip


def _one(
    batch: _Batch,
    rng: random.Random,
    team: Team,
    person: Person,
    staff: _Staff,
    day: float,
) -> None:
    progress = day / DAYS
    at = batch.now - dt.timedelta(days=DAYS - day, minutes=rng.randint(0, 1440))
    referral = _referral(batch, rng, team, person, staff, at, progress)
    a = _Assessment(
        batch.new_id(), batch.now, referral.id, person.pk, team.pk, Status.SIGNED.value,
        referral.first_seen_at, staff.clinician.pk,
    )  # fmt: skip
    batch.referrals.append(referral)
    batch.assessments.append(a)
    batch.people.append(person)
    voices = _people_in(batch, rng, a, person, staff, progress)
    _entries(batch, rng, a, voices, staff, progress)
    _plan(batch, rng, a, voices[0], staff, progress)


def generate_year(
    *,
    team: Team,
    count: int,
    seed: int,
    batch_size: int = 1000,
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Write `count` finished assessments of `team`'s synthetic people, spread
    evenly over the last 365 days (earliest first); return how many. Needs
    synthetic people (`generate_people`): they are reused, a person may be
    referred more than once. Each batch of `batch_size` is one transaction;
    `on_batch` is told how many each batch wrote. ValueError if the team has
    no synthetic people or no clinician; RuntimeError if a model's columns no
    longer match the rows written here."""
    _check_rows()
    people = list(synthetic_people(team).order_by("nhs_number")[: max(count, 1)])
    if not people:
        raise ValueError("Add synthetic people first (coassess generate --people N).")
    staff = _staff(team)
    # Seeded on purpose: the same seed must give the same year. Not for secrets.
    rng = random.Random(f"coassess-year-{seed}")  # noqa: S311
    new_id = partial(next, _random_ids())
    written = 0
    while written < count:
        size = min(batch_size, count - written)
        batch = _Batch(now=timezone.now(), new_id=new_id)
        for n in range(written, written + size):
            day = DAYS * n / count
            _one(batch, rng, team, people[n % len(people)], staff, day)
        with transaction.atomic():
            batch.write()
        written += size
        if on_batch:
            on_batch(size)
    return written


# The demo's year: about 50 assessments a month, of 150 synthetic people.
DEMO_YEAR_PEOPLE = 150
DEMO_YEAR_ASSESSMENTS = 600


def load_demo_year(team: Team, *, seed: int = 1) -> int:
    """Give the demo team its year of finished assessments, once (idempotent):
    DEMO_YEAR_PEOPLE synthetic people and DEMO_YEAR_ASSESSMENTS assessments
    over the last 365 days. Returns how many assessments were added (0 when
    the year is already there)."""
    from coassess.demo.synthetic_people import generate_people

    if Assessment.objects.filter(person__in=synthetic_people(team)).exists():
        return 0
    staff = _staff(team)
    have = synthetic_people(team).count()
    if have < DEMO_YEAR_PEOPLE:
        generate_people(
            team=team,
            registered_by=staff.clinician,
            count=DEMO_YEAR_PEOPLE - have,
            seed=seed,
        )
    return generate_year(team=team, count=DEMO_YEAR_ASSESSMENTS, seed=seed)
