"""Open referrals and full assessments for fictional people, for benchmarks.

`coassess generate --open-referrals N --assessments N` calls these, after
`generate_people` (coassess.demo.synthetic_people) has added the people. Only those
synthetic people are used: the demo's named people are left as the demo tells
their stories.

- `top_up_open_referrals` brings a team's open referrals up to a number, as a
  busy board would look: received over the last 20 hours, half from the
  emergency department and half from wards, none seen yet. They are written
  with `bulk_create`, with every field `referrals.services.record_referral`
  sets (the response time copied from the team's standard by
  `response_minutes_for`) and each row checked with `full_clean`. Like
  `generate_people`, nothing is written to the access log: no member of staff
  is recording a referral.
- `generate_assessments` builds each assessment through the real services
  (record_referral, start_assessment, add_supporter, add_participant,
  add_contribution, revise_contribution, dispute_contribution, add_concern),
  so versions, constraints and access-log rows are exactly what using the app
  would leave. It is slower, which does not matter for setting up a benchmark.

The same seed gives the same plans. Times are relative to now, so the board
shows a live picture whenever the data is made.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from coassess.accounts.models import Membership, Role, Team, User
from coassess.assessments import services
from coassess.assessments.hosts import AssessmentHost
from coassess.assessments.models import (
    Assessment,
    Contribution,
    Expertise,
    Participant,
    ParticipantKind,
    WithheldReason,
)
from coassess.assessments.sections import SECTIONS, Kind
from coassess.core.exceptions import DomainError
from coassess.decisions import services as decisions
from coassess.demo.synthetic_people import HERITAGES, NHS_FIRST_NINE_LOW
from coassess.people import services as people_services
from coassess.people.models import Person
from coassess.referrals.models import Referral, Source, Urgency
from coassess.referrals.services import record_referral, response_minutes_for

# Synthetic people's NHS numbers start here; the demo's are below it.
FIRST_SYNTHETIC_NHS_NUMBER = f"{NHS_FIRST_NINE_LOW}0"
BOARD_HOURS = 20

ED_BEDS = [
    *(f"Majors {n}" for n in range(1, 15)),
    *(f"Minors {n}" for n in range(1, 8)),
    "Resus 2",
    "Mental health assessment room",
    "Waiting room",
    "Clinical decision unit, bed 3",
]
WARDS = [
    "Ward 3 (general surgery)",
    "Ward 5 (orthopaedics)",
    "Ward 7 (respiratory)",
    "Ward 9 (maternity)",
    "Ward 11 (gastroenterology)",
    "Ward 12 (older people's medicine)",
    "Ward 14 (cardiology)",
    "Ward 17 (stroke)",
    "Ward 21 (acute medical unit)",
    "Ward 22 (renal)",
]
ED_REFERRERS = [
    ("Dr K. Osei (ED registrar)", "Bleep 4471"),
    ("Dr L. Marsh (ED consultant)", "Bleep 4402"),
    ("Nurse T. Adeyemi (majors)", "Ext 5120"),
    ("Dr H. Chen (ED doctor)", "Bleep 4488"),
    ("Nurse R. Ward (nurse in charge)", "Ext 5100"),
]
WARD_REFERRERS = [
    ("Dr S. Patel (medical registrar)", "Bleep 2210"),
    ("Sister M. Doherty (ward manager)", "Ext 3391"),
    ("Dr A. Nowak (F2 doctor)", "Bleep 2274"),
    ("Nurse J. Evans (staff nurse)", "Ext 3305"),
    ("Dr P. Gill (consultant physician)", "Secretary, ext 3120"),
]
ED_REASONS = [
    "Took an overdose of paracetamol earlier today; medically fit now. "
    "Says they still want to die.",
    "Brought in by police after being found on the bridge. Calm now, asking to go home.",
    "Hearing voices telling them they are in danger. Frightened, not sleeping.",
    "Cut their arms deeply after an argument at home. Wounds dressed.",
    "Very low for weeks since losing their job. Told the triage nurse they have a plan.",
    "Brought in by family, who say they have not eaten or slept for days and are "
    "talking fast.",
    "Attended asking for help with thoughts of ending their life.",
    "Intoxicated on arrival, now sober. Said they would kill themselves if sent home.",
]
WARD_REASONS = [
    "Low mood and not eating since admission. Asking to stop treatment.",
    "Confused and frightened at night; team unsure whether delirium or mental illness.",
    "Not sleeping since the birth, very anxious, worried about the baby.",
    "Told the nurse they took more tablets than prescribed before admission.",
    "Wants to leave against advice. Team asks about capacity to refuse treatment.",
    "Long history of depression; stopped their medication on admission.",
    "Drinking heavily before admission; now anxious and shaking, says life is pointless.",
    "Became very distressed after bad news from the consultant; says they cannot go on.",
]

# Sentences for each section's entries, written in the register staff would use.
SENTENCES: dict[str, list[str]] = {
    "decision": [
        "stay at home with family nearby.",
        "spend the night on the ward.",
        "ring the team in the morning.",
        "see the GP this week.",
        "a visit from the home treatment team.",
        "stay with a friend for a few days.",
    ],
    "reason": [
        "I need to feel in control of what happens.",
        "I am worried about the nights.",
        "It has not helped before.",
        "I want to be near my children.",
        "I am not sure it is safe yet.",
    ],
    "account": [
        "I have not slept properly for a week.",
        "Everything got on top of me after the letter from the council came.",
        "I did not plan it, it just happened after the phone call.",
        "I feel like I am letting everyone down.",
        "The voices were worse last night and I could not get away from them.",
        "I just wanted it all to stop for a while.",
        "My mum found me and called the ambulance.",
        "I have been keeping it from my partner because I did not want to worry them.",
    ],
    "history": [
        "Two previous crises, both after losing work; the home treatment team helped.",
        "Takes sertraline 100 mg; stopped it two weeks ago because of side effects.",
        "Lives with a partner and two children in a rented flat.",
        "Money worries since the hours at work were cut.",
        "Drinks most evenings, more in the last month.",
        "Asthma, well controlled. No other physical illness.",
        "Saw the GP last month about low mood and was put on the waiting list for talking therapy.",
        "Things started to go wrong after a friend died in the spring.",
    ],
    "mental_state": [
        "Casually dressed, sitting still, good eye contact once settled.",
        "Speech quiet and slow, but easy to follow.",
        "Describes their mood as 'flat, like nothing matters'.",
        "Tearful when talking about the children, smiled when talking about the dog.",
        "Thoughts followed on from one another; no sign of thought disorder.",
        "Says they still have thoughts of not wanting to be here, without a plan today.",
        "Hears a voice commenting on what they do, mostly at night.",
        "Oriented to time and place; concentration poor.",
        "Sees this as stress rather than illness, and would accept help at home.",
    ],
    "physical": [
        "Observations within normal limits on the last check.",
        "Paracetamol level below the treatment line; medically fit for discharge.",
        "Wounds to the left forearm closed with steri-strips by the ED team.",
        "Acute team's notes in the ED record; no further tests planned.",
        "Has not eaten for two days; the ward has offered meals.",
    ],
    "strengths": [
        "Talking to their sister helps, and walking the dog.",
        "Their children, and a close friend from work.",
        "Good at fixing things, and used to coach the under-tens football team.",
        "Finished a college course last year while working.",
        "Wants to get back to work and take the children on holiday.",
        "Music helps them calm down when things get too much.",
        "The peer support group they went to last year.",
    ],
    "risk": [
        "Thoughts of suicide most days this week; took an overdose last night.",
        "No thoughts of harming anyone else, and no history of it.",
        "Worried about an ex-partner who has been turning up at the house.",
        "Says they feel safer now that they have talked about it.",
        "Their partner is worried they will try again if they go home alone tonight.",
        "Being with family and having the tablets kept by someone else makes things safer.",
        "Has agreed to call the crisis line if the thoughts get stronger.",
    ],
    "formulation": [
        "Losing work and money worries on top of grief left them feeling trapped.",
        "Not sleeping and drinking more keep the low mood going.",
        "Family support, the dog and a plan for the next few days help.",
        "A long pattern of coping alone until things reach a crisis.",
        "Feeling listened to today has helped them think about next steps.",
    ],
}
REVISION_ADDITIONS = [
    "They added that this has been going on for longer than they first said.",
    "Corrected: it was Tuesday, not Monday.",
    "Their sister says the same.",
    "Reworded with them so it says what they mean.",
]
DISPUTES = [
    "That is not how it happened; I was there and it was later in the evening.",
    "I do not think it is as bad as that. I was coping until last week.",
    "I see it differently: the tablets were not the main thing.",
    "They have said this before and it did not help, so I am not sure.",
]
CONCERNS = [
    "Where they will be safe for the rest of tonight",
    "Who will look after the children tomorrow",
    "Getting their medication sorted before they go home",
    "Money: the rent is due on Friday",
    "Not being alone when they get home",
]
RELATIONSHIPS = [
    ("mum", "female", True),
    ("dad", "male", True),
    ("partner", "any", False),
    ("sister", "female", True),
    ("brother", "male", True),
    ("friend", "any", False),
    ("daughter", "female", True),
    ("son", "male", True),
]


def synthetic_people(team: Team) -> QuerySet[Person]:
    """The team's synthetic people (from `generate_people`) in a fixed order."""
    return Person.objects.filter(
        registered_by_team=team, nhs_number__gte=FIRST_SYNTHETIC_NHS_NUMBER
    ).order_by("nhs_number")


def open_referrals_of(team: Team) -> QuerySet[Referral]:
    return Referral.objects.filter(team=team, closed_at__isnull=True)


def _without_open_referral(team: Team) -> QuerySet[Person]:
    open_one = Referral.objects.filter(
        person=OuterRef("pk"), team=team, closed_at__isnull=True
    )
    return synthetic_people(team).filter(~Exists(open_one))


def _pick_people(team: Team, count: int, rng: random.Random) -> list[Person]:
    people = list(_without_open_referral(team))
    if len(people) < count:
        raise DomainError(
            f"{team.name} has {len(people)} synthetic people without an open "
            f"referral and {count} are needed: add more with --people."
        )
    return rng.sample(people, count)


def _referral_details(rng: random.Random, source: str) -> dict[str, str]:
    if source == Source.EMERGENCY_DEPARTMENT:
        referrer, contact = rng.choice(ED_REFERRERS)
        urgency = rng.choices([Urgency.EMERGENCY, Urgency.URGENT], weights=[6, 4])[0]
        return {
            "source": source,
            "department": "Emergency department",
            "ward": "",
            "bed": rng.choice(ED_BEDS),
            "referrer_name": referrer,
            "referrer_contact": contact,
            "reason": rng.choice(ED_REASONS),
            "urgency": urgency,
        }
    referrer, contact = rng.choice(WARD_REFERRERS)
    urgency = rng.choices([Urgency.URGENT, Urgency.ROUTINE], weights=[4, 6])[0]
    return {
        "source": source,
        "department": "",
        "ward": rng.choice(WARDS),
        "bed": str(rng.randint(1, 28)),
        "referrer_name": referrer,
        "referrer_contact": contact,
        "reason": rng.choice(WARD_REASONS),
        "urgency": urgency,
    }


def _half_and_half(rng: random.Random, count: int) -> list[str]:
    sources = [Source.EMERGENCY_DEPARTMENT] * (count - count // 2)
    sources += [Source.WARD] * (count // 2)
    rng.shuffle(sources)
    return [str(s) for s in sources]


@transaction.atomic
def top_up_open_referrals(
    *, team: Team, recorded_by: User, open_referrals: int, seed: int
) -> int:
    """Add referrals until `team` has `open_referrals` open; return how many were added."""
    # Seeded on purpose: the same seed must give the same referrals. Not for secrets.
    rng = random.Random(f"coassess-referrals-{seed}")  # noqa: S311
    needed = open_referrals - open_referrals_of(team).count()
    if needed <= 0:
        return 0
    people = _pick_people(team, needed, rng)
    now = timezone.now()
    rows = []
    for person, source in zip(people, _half_and_half(rng, needed), strict=True):
        details = _referral_details(rng, source)
        referral = Referral(
            **details,
            person=person,
            team=team,
            received_at=now - dt.timedelta(seconds=rng.randint(60, BOARD_HOURS * 3600)),
            response_minutes=response_minutes_for(
                team, details["source"], details["urgency"]
            ),
            recorded_by=recorded_by,
        )
        referral.full_clean()
        rows.append(referral)
    Referral.objects.bulk_create(rows)
    return len(rows)


@dataclass(frozen=True)
class Shape:
    """How big each assessment is."""

    participants: int = 6
    contributions: int = 60
    concerns: int = 3
    decisions: int = 5
    options: int = 4
    share_revised: float = 0.12
    share_disputed: float = 0.06
    # Of supporters' entries: withheld from the person as third-party information.
    share_withheld: float = 0.1

    def __post_init__(self) -> None:
        if self.participants < 2:
            raise ValueError("An assessment has at least the person and a clinician.")
        if self.contributions < 0 or self.concerns < 0:
            raise ValueError("Counts cannot be negative.")


def _prompts() -> list[tuple[str, str]]:
    """(prompt key, section slug) for every free-text prompt, in page order."""
    return [
        (p.key, s.slug)
        for s in SECTIONS
        if s.kind == Kind.CONTRIBUTIONS
        for p in s.prompts
    ]


def _text(rng: random.Random, slug: str) -> str:
    return " ".join(rng.sample(SENTENCES[slug], rng.randint(1, 3)))


def _a_name(rng: random.Random, sex: str, family: str = "") -> str:
    heritage = rng.choices(
        list(HERITAGES.values()), weights=[h.weight for h in HERITAGES.values()]
    )[0]
    if sex == "any":
        sex = rng.choice(["female", "male"])
    given = rng.choice(heritage.female if sex == "female" else heritage.male)
    if not family:
        male_form, female_form = rng.choice(heritage.family)
        family = female_form if sex == "female" else male_form
    return f"{given} {family}"


def _other_staff(team: Team, actor: User) -> list[tuple[User, str]]:
    """Clinical team members who could join, with their roles, peer workers first."""
    members = (
        Membership.objects.filter(team=team, user__is_active=True)
        .exclude(user=actor)
        .select_related("user")
        .order_by("created_at")
    )
    clinical = [m for m in members if m.role in (Role.PEER_WORKER, Role.CLINICIAN)]
    clinical.sort(key=lambda m: m.role != Role.PEER_WORKER)
    return [(m.user, m.role) for m in clinical]


def _join_everyone(
    *,
    actor: User,
    assessment: Assessment,
    staff: Sequence[tuple[User, str]],
    count: int,
    rng: random.Random,
) -> list[Participant]:
    """Bring the assessment up to `count` participants: supporters, staff, others."""
    person = assessment.person
    joined = list(Participant.objects.filter(assessment=assessment))
    relationships = rng.sample(RELATIONSHIPS, len(RELATIONSHIPS))
    staff_left = list(staff)
    step = 0
    while len(joined) < count:
        if step < 2 or (step >= 4 and step % 2 == 0):
            relationship, sex, family_member = relationships[
                len([p for p in joined if p.kind == ParticipantKind.SUPPORTER])
                % len(relationships)
            ]
            surname = person.family_name if family_member else ""
            supporter = people_services.add_supporter(
                actor=actor,
                person=person,
                data={"name": _a_name(rng, sex, surname), "relationship": relationship},
            )
            joined.append(
                services.add_participant(
                    actor=actor,
                    assessment=assessment,
                    kind=ParticipantKind.SUPPORTER,
                    expertise=Expertise.CARER,
                    supporter=supporter,
                )
            )
        elif step == 2 and staff_left:
            user, role = staff_left.pop(0)
            peer = role == Role.PEER_WORKER
            joined.append(
                services.add_participant(
                    actor=actor,
                    assessment=assessment,
                    kind=ParticipantKind.STAFF,
                    user=user,
                    expertise=Expertise.PEER if peer else Expertise.PROFESSIONAL,
                    role_in_meeting="Peer support" if peer else "Second clinician",
                )
            )
        elif step == 3 and person.interpreter_needed:
            joined.append(
                services.add_participant(
                    actor=actor,
                    assessment=assessment,
                    kind=ParticipantKind.OTHER,
                    name=_a_name(rng, "any"),
                    expertise=Expertise.INTERPRETER,
                    role_in_meeting=f"{person.preferred_language} interpreter",
                )
            )
        else:
            joined.append(
                services.add_participant(
                    actor=actor,
                    assessment=assessment,
                    kind=ParticipantKind.OTHER,
                    name=_a_name(rng, "any"),
                    expertise=Expertise.PROFESSIONAL,
                    role_in_meeting="Nurse looking after them",
                )
            )
        step += 1
    return joined


def _voice_for(rng: random.Random, people: list[Participant], slug: str) -> Participant:
    """Mostly the person for their own account; anyone else otherwise."""
    person = next(p for p in people if p.kind == ParticipantKind.PERSON)
    if slug == "account" or rng.random() < 0.3:
        return person
    return rng.choice(people)


def _contribute(
    *,
    actor: User,
    assessment: Assessment,
    voices: list[Participant],
    shape: Shape,
    rng: random.Random,
) -> list[Contribution]:
    prompts = _prompts()
    current: list[Contribution] = []
    for i in range(shape.contributions):
        # Every prompt once, in page order, then anywhere.
        key, slug = prompts[i] if i < len(prompts) else rng.choice(prompts)
        voice = _voice_for(rng, voices, slug)
        withheld = ""
        if (
            voice.kind == ParticipantKind.SUPPORTER
            and rng.random() < shape.share_withheld
        ):
            withheld = WithheldReason.THIRD_PARTY
        entry = services.add_contribution(
            actor=actor,
            assessment=assessment,
            section=key,
            voice=voice,
            text=_text(rng, slug),
            own_words=voice.kind == ParticipantKind.PERSON and rng.random() < 0.6,
            withheld_reason=withheld,
        )
        while rng.random() < shape.share_revised:
            entry = services.revise_contribution(
                actor=actor,
                base=entry,
                text=f"{entry.text} {rng.choice(REVISION_ADDITIONS)}",
            )
        current.append(entry)
    for entry in current:
        if rng.random() < shape.share_disputed:
            others = [v for v in voices if v.pk != entry.voice_id]
            services.dispute_entry(
                actor=actor,
                entry=entry,
                disputer=rng.choice(others),
                account=rng.choice(DISPUTES),
            )
    return current


def _raise_concerns(
    *,
    actor: User,
    assessment: Assessment,
    voices: list[Participant],
    shape: Shape,
    rng: random.Random,
) -> None:
    for number, text in enumerate(
        rng.sample(CONCERNS, min(shape.concerns, len(CONCERNS)))
    ):
        # Most concerns are agreed by everyone; the last is only raised.
        agreed = voices if number < shape.concerns - 1 else []
        services.add_concern(
            actor=actor,
            assessment=assessment,
            text=text,
            raised_by=rng.choice(voices),
            agreed_by=agreed,
        )


QUESTIONS = (
    "Where will you be supported tonight?",
    "Who should we let know you are here?",
    "What should happen with your medication?",
    "When should we next meet?",
    "How should we contact you tomorrow?",
    "Who can stay with you this week?",
)
STANCES = ("agree", "agree", "reservations", "unsure", "disagree", "object")


def _decide(
    *,
    actor: User,
    assessment: Assessment,
    voices: list[Participant],
    shape: Shape,
    rng: random.Random,
) -> None:
    """`shape.decisions` decisions with `shape.options` options, and every voice's
    position on every option (a reason wherever the engine needs one)."""
    host = AssessmentHost(assessment)
    for d in range(shape.decisions):
        decision = decisions.add_decision(
            actor=actor, host=host, question=QUESTIONS[d % len(QUESTIONS)]
        )
        options = [
            decisions.add_option(
                actor=actor,
                host=host,
                decision=decision,
                text=f"Option {o + 1}: {_text(rng, 'decision')}",
                proposer=rng.choice(voices).pk,
            )
            for o in range(shape.options)
        ]
        for voice in voices:
            for option in options:
                stance = rng.choice(STANCES)
                decisions.give_position(
                    actor=actor,
                    host=host,
                    option=option,
                    voice=voice.pk,
                    stance=stance,
                    what_matters=_text(rng, "reason")
                    if stance in ("reservations", "disagree", "object")
                    else "",
                )


def generate_assessments(
    *, team: Team, actor: User, count: int, seed: int, shape: Shape | None = None
) -> list[Assessment]:
    """Add `count` assessments of synthetic people, each through the real services.

    Each has its own new referral (from the ED or a ward, received 40 minutes
    to 3 hours ago, first seen since), `shape.participants` participants (the
    person, `actor`, two supporters the person names, another member of the
    team, an interpreter or the nurse looking after them, then more
    supporters and others), `shape.contributions` current entries across every
    free-text prompt, a few revised, disputed or withheld, and `shape.concerns`
    immediate concerns. One transaction per assessment.
    """
    shape = shape or Shape()
    # Seeded on purpose: the same seed must give the same assessments. Not for secrets.
    rng = random.Random(f"coassess-assessments-{seed}")  # noqa: S311
    people = _pick_people(team, count, rng)
    staff = _other_staff(team, actor)
    made = []
    for person in people:
        with transaction.atomic():
            now = timezone.now()
            received = now - dt.timedelta(minutes=rng.randint(40, 180))
            source = rng.choice([Source.EMERGENCY_DEPARTMENT, Source.WARD])
            referral = record_referral(
                actor=actor,
                person=person,
                data={**_referral_details(rng, source), "received_at": received},
            )
            assessment = services.start_assessment(
                actor=actor,
                referral=referral,
                first_seen_at=received + (now - received) * rng.uniform(0.2, 0.8),
                who_they_want_present=rng.choice(
                    ["My mum, if she can come", "Nobody else, please", ""]
                ),
            )
            voices = _join_everyone(
                actor=actor,
                assessment=assessment,
                staff=staff,
                count=shape.participants,
                rng=rng,
            )
            _contribute(
                actor=actor,
                assessment=assessment,
                voices=voices,
                shape=shape,
                rng=rng,
            )
            _raise_concerns(
                actor=actor,
                assessment=assessment,
                voices=voices,
                shape=shape,
                rng=rng,
            )
            _decide(
                actor=actor, assessment=assessment, voices=voices, shape=shape, rng=rng
            )
        made.append(assessment)
    return made
