"""A year of a team's finished assessments, written in bulk, for the
co-production dashboards: `coassess generate --year N` and `coassess demo`.

Unlike `synthetic_assessments.generate_assessments` (every assessment through
the real services, right for a benchmark of the meeting), this writes rows
directly, each model's rows of a batch in one `executemany`, a batch per
transaction (docs/benchmarks.md has the rates): referrals received over the last twelve months and seen (from
the emergency department and wards), each assessment with the person, the
clinician, sometimes a peer support worker and a supporter, a few entries (some
in the person's own words, some strengths), immediate concerns, and most with
a plan, its crisis plan and contacts, and the person's confirmation. Nothing is
written to the access log: no member of staff did any of it.

The year gets better as it goes, as a team working on co-production might:
more peer support workers and supporters, more of the person's own words, more
individual crisis plans, shorter waits. The same seed gives the same year.

The measure summary of each batch is written as it goes, measured by the
measures' own rules (`coproduction.measures.measure_record`) from the rows just
made rather than read back, so the dashboards are ready at once.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db import connection, transaction
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
from coassess.coproduction.summary import write_measured
from coassess.decisions.models import Decision
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


@dataclass
class _Batch:
    """The rows of one batch, in the order they are written."""

    referrals: list[Referral] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    contributions: list[Contribution] = field(default_factory=list)
    concerns: list[ImmediateConcern] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    contingencies: list[ContingencyPlan] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    confirmations: list[Confirmation] = field(default_factory=list)

    def write(self) -> None:
        groups: tuple[list[Any], ...] = (
            self.referrals,
            self.assessments,
            self.participants,
            self.contributions,
            self.concerns,
            self.decisions,
            self.plans,
            self.contingencies,
            self.contacts,
            self.confirmations,
        )
        for rows in groups:
            if rows:
                _insert(rows)
        records = self.records()
        measured = {pk: measure_record(r) for pk, r in records.items()}
        write_measured(self.assessments, measured)

    def records(self) -> dict[UUID, Record]:
        """What the measures read of each assessment, from the rows just made
        (as `measures.measure_many` gathers them from the database): no
        decisions of its own, no actions, capacity or corroboration, no copy
        made, and nobody recorded as agreeing a concern."""
        records = {a.pk: Record(a) for a in self.assessments}
        for p in self.participants:
            records[p.assessment_id].participants.append(p)
        for c in self.contributions:
            records[c.assessment_id].entries.append(
                (c.voice_id, c.section, c.own_words)
            )
        for concern in self.concerns:
            concern._prefetched_objects_cache = {  # type: ignore[attr-defined]
                "agreed_by": Participant.objects.none()
            }
            records[concern.assessment_id].concerns.append(concern)
        by_plan: dict[UUID, Record] = {}
        for plan in self.plans:
            records[plan.assessment_id].plan = plan
            by_plan[plan.pk] = records[plan.assessment_id]
        by_contingency: dict[UUID, Record] = {}
        for contingency in self.contingencies:
            by_plan[contingency.plan_id].contingency = contingency
            by_contingency[contingency.pk] = by_plan[contingency.plan_id]
        for contact in self.contacts:
            by_contingency[contact.contingency_id].contacts.append(contact)
        for confirmation in self.confirmations:
            by_plan[confirmation.plan_id].confirmations.append(confirmation)
        return records


def _insert(rows: list[Any]) -> None:
    """INSERT these new rows of one model with a single `executemany`: what
    `bulk_create` writes, without compiling a statement for every few hundred
    rows (most of its time here). Every model written here has a UUID primary
    key set when the row is made, so no id needs to come back."""
    model = type(rows[0])
    meta = model._meta
    fields = [f for f in meta.concrete_fields if f.column is not None]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(meta.db_table)
    # Names from the model's own fields, quoted; every value is a parameter.
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
    params: list[list[Any]] = []
    for row in rows:
        row._prepare_related_fields_for_save(operation_name="bulk_create")
        params.append(
            [f.get_db_prep_save(f.pre_save(row, add=True), connection) for f in fields]
        )
        row._state.adding = False
        row._state.db = connection.alias
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


@dataclass(frozen=True)
class _Staff:
    clinician: User
    peer: User | None


def _staff(team: Team) -> _Staff:
    members = Membership.objects.select_related("user").filter(
        team=team, user__is_active=True
    )
    clinician = next(
        (m.user for m in members if m.role in (Role.CLINICIAN, Role.TEAM_LEAD)), None
    )
    if clinician is None:
        raise ValueError(f"{team.name} has no active clinician or team lead.")
    peer = next((m.user for m in members if m.role == Role.PEER_WORKER), None)
    return _Staff(clinician, peer)


def _chance(rng: random.Random, start: float, end: float, progress: float) -> bool:
    """True with a probability moving from `start` to `end` over the year."""
    return rng.random() < start + (end - start) * progress


def _wait(rng: random.Random, standard: int, progress: float) -> int:
    """Minutes to first contact: most within the standard, fewer late as the year goes."""
    typical = standard * (1.05 - 0.35 * progress)
    return max(5, int(rng.lognormvariate(0, 0.45) * typical * 0.8))


def _referral(
    rng: random.Random,
    team: Team,
    person: Person,
    staff: _Staff,
    at: dt.datetime,
    progress: float,
) -> Referral:
    source = rng.choice(
        (Source.EMERGENCY_DEPARTMENT, Source.EMERGENCY_DEPARTMENT, Source.WARD)
    )
    ed = source == Source.EMERGENCY_DEPARTMENT
    standard = team.ed_response_minutes if ed else team.ward_response_minutes
    seen = at + dt.timedelta(minutes=_wait(rng, standard, progress))
    referrer, contact = rng.choice(ED_REFERRERS if ed else WARD_REFERRERS)
    return Referral(
        person=person,
        team=team,
        source=source,
        department="Emergency department" if ed else "",
        ward="" if ed else rng.choice(WARDS),
        bed=rng.choice(ED_BEDS) if ed else f"Bed {rng.randint(1, 28)}",
        referrer_name=referrer,
        referrer_contact=contact,
        reason=rng.choice(ED_REASONS if ed else WARD_REASONS),
        urgency=Urgency.EMERGENCY if ed else Urgency.URGENT,
        received_at=at,
        response_minutes=standard,
        first_seen_at=seen,
        closed_at=seen + dt.timedelta(hours=rng.randint(2, 30)),
        outcome="Assessment finished and plan agreed.",
        recorded_by=staff.clinician,
    )


def _people_in(
    batch: _Batch, rng: random.Random, a: Assessment, staff: _Staff, progress: float
) -> list[Participant]:
    at = a.started_at
    person = Participant(
        assessment=a, kind=ParticipantKind.PERSON, name=a.person.given_name,
        expertise=Expertise.LIVED, joined_at=at,
    )  # fmt: skip
    clinician = Participant(
        assessment=a, kind=ParticipantKind.STAFF, user=staff.clinician,
        name=staff.clinician.display_name, expertise=Expertise.PROFESSIONAL, joined_at=at,
    )  # fmt: skip
    voices = [person, clinician]
    if _chance(rng, 0.2, 0.65, progress):
        voices.append(
            Participant(
                assessment=a,
                kind=ParticipantKind.STAFF,
                user=staff.peer,
                name=staff.peer.display_name if staff.peer else "Peer support worker",
                expertise=Expertise.PEER,
                joined_at=at,
            )  # fmt: skip
        )
    if _chance(rng, 0.3, 0.55, progress):
        voices.append(
            Participant(
                assessment=a,
                kind=ParticipantKind.SUPPORTER,
                name="Jo",
                role_in_meeting="Sister",
                expertise=Expertise.CARER,
                joined_at=at,
            )  # fmt: skip
        )
    batch.participants += voices
    return voices


def _entries(
    batch: _Batch,
    rng: random.Random,
    a: Assessment,
    voices: list[Participant],
    staff: _Staff,
    progress: float,
) -> None:
    person = voices[0]
    for section, kind in rng.sample(SECTIONS, rng.randint(3, len(SECTIONS))):
        in_person_voice = _chance(rng, 0.3, 0.6, progress)
        batch.contributions.append(
            Contribution(
                assessment=a,
                scribe=staff.clinician,
                section=section,
                voice=person if in_person_voice else rng.choice(voices[1:]),
                text=rng.choice(SENTENCES[kind]),
                own_words=in_person_voice and _chance(rng, 0.3, 0.8, progress),
            )
        )
    for text in rng.sample(CONCERNS, rng.randint(1, 2)):
        batch.concerns.append(
            ImmediateConcern(
                assessment=a,
                scribe=staff.clinician,
                text=text,
                raised_by=rng.choice(voices[:2]),
                agreed=_chance(rng, 0.6, 0.9, progress),
            )
        )


def _plan(
    batch: _Batch,
    rng: random.Random,
    a: Assessment,
    person: Participant,
    staff: _Staff,
    progress: float,
) -> None:
    if not _chance(rng, 0.8, 0.95, progress):
        return
    decision = Decision(
        context_type="plan", context_id=a.pk, created_by=staff.clinician,
        question="Do you agree with each action in the plan?", hide_until_given=False,
    )  # fmt: skip
    plan = Plan(assessment=a, actions_decision=decision)
    own = _chance(rng, 0.3, 0.75, progress)
    complete = _chance(rng, 0.5, 0.85, progress)
    contingency = ContingencyPlan(
        plan=plan,
        warning_signs="Not sleeping, staying in my room." if complete or own else "",
        what_i_can_do=rng.choice(OWN_STEPS) if own else GENERIC_STEPS,
        people_and_places="My sister Jo." if complete else "",
        making_safer="Tablets kept by Dad." if complete else "",
    )
    batch.decisions.append(decision)
    batch.plans.append(plan)
    batch.contingencies.append(contingency)
    for name, how in CONTACTS[: rng.randint(0 if not complete else 1, 2)]:
        batch.contacts.append(
            Contact(contingency=contingency, name=name, how=how, when="Any time")
        )
    if _chance(rng, 0.55, 0.85, progress):
        agrees = rng.random() < 0.85
        batch.confirmations.append(
            Confirmation(
                plan=plan,
                participant=person,
                plan_version=1,
                recorded_by=staff.clinician,
                meaning=Meaning.AGREE if agrees else Meaning.DISAGREE,
                reason="" if agrees else "I would rather go home tonight.",
            )  # fmt: skip
        )


def _one(
    batch: _Batch,
    rng: random.Random,
    team: Team,
    person: Person,
    staff: _Staff,
    day: float,
) -> None:
    progress = day / DAYS
    at = timezone.now() - dt.timedelta(days=DAYS - day, minutes=rng.randint(0, 1440))
    referral = _referral(rng, team, person, staff, at, progress)
    assert referral.first_seen_at is not None
    a = Assessment(
        referral=referral, person=person, team=team, status=Status.SIGNED,
        started_at=referral.first_seen_at, started_by=staff.clinician,
    )  # fmt: skip
    batch.referrals.append(referral)
    batch.assessments.append(a)
    voices = _people_in(batch, rng, a, staff, progress)
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
    no synthetic people or no clinician."""
    people = list(synthetic_people(team).order_by("nhs_number")[: max(count, 1)])
    if not people:
        raise ValueError("Add synthetic people first (coassess generate --people N).")
    staff = _staff(team)
    # Seeded on purpose: the same seed must give the same year. Not for secrets.
    rng = random.Random(f"coassess-year-{seed}")  # noqa: S311
    written = 0
    while written < count:
        size = min(batch_size, count - written)
        batch = _Batch()
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
