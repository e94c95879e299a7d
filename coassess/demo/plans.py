"""Fictional demo decisions and plans, added after the demo assessments.

- Marcus: who to tell he is here. Everyone agrees.
- Sam: "Where will you be supported tonight?" Sam wants home; her mum first
  objects, then changes her mind to reservations; the outcome is home, with the
  mum's remaining worry respected by her staying over and a call at 10:00.
- Tomasz: his plan (money worries, a Polish-speaking peer worker) is signed,
  with an addendum a few days later.
- Ruth: she wants to go home tonight and objects to staying; she lacks
  capacity for that decision, so the outcome is a best-interests decision that
  rests on her capacity record and says how her view is respected.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from coassess.accounts.models import User
from coassess.assessments import services as assessment_services
from coassess.assessments.hosts import AssessmentHost
from coassess.assessments.models import (
    Assessment,
    CapacityAssessment,
    Participant,
)
from coassess.core.wallclock import at_local
from coassess.decisions import services as decisions
from coassess.decisions.models import Option
from coassess.decisions.rules import OutcomeDraft, Reply
from coassess.plans import services as plans
from coassess.plans.models import Plan


def _tomorrow_at(hour: int) -> dt.datetime:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    return at_local(tomorrow, dt.time(hour))


def _assessment_of(given: str, family: str) -> Assessment:
    return Assessment.objects.get(person__given_name=given, person__family_name=family)


def _voices(assessment: Assessment) -> dict[str, Participant]:
    return {p.name: p for p in Participant.objects.filter(assessment=assessment)}


def _sam(clinician: User) -> None:
    assessment = _assessment_of("Samantha", "Reid")
    v = _voices(assessment)
    sam, maggie, amara = v["Sam Reid"], v["Maggie Reid"], v[clinician.display_name]
    tonight = decisions.add_decision(
        actor=clinician,
        host=AssessmentHost(assessment),
        question="Where will you be supported tonight?",
    )
    home = decisions.add_option(
        actor=clinician,
        host=AssessmentHost(assessment),
        decision=tonight,
        text="Go home, with Mum staying over",
        proposer=sam.pk,
    )
    ward = decisions.add_option(
        actor=clinician,
        host=AssessmentHost(assessment),
        decision=tonight,
        text="Stay on the ward tonight",
        proposer=maggie.pk,
    )

    def say(who: Participant, option: Option, stance: str, why: str = "") -> None:
        decisions.give_position(
            actor=clinician,
            host=AssessmentHost(assessment),
            option=option,
            voice=who.pk,
            stance=stance,
            what_matters=why,
        )

    say(sam, home, "agree", "My own bed, and Biscuit. Hospital makes it worse.")
    say(sam, ward, "disagree", "I'd feel locked up, and more alone.")
    say(maggie, home, "object", "I'm frightened she's not safe on her own at night.")
    say(maggie, ward, "agree", "She'd be looked after.")
    # Maggie changes her mind once it is clear she can stay over: kept in the history.
    say(
        maggie,
        home,
        "reservations",
        "Yes, if I can stay over and the team rings tomorrow.",
    )
    say(amara, home, "reservations", "Only with a call from us in the morning.")
    say(amara, ward, "unsure", "It may not add safety and Sam does not want it.")
    decisions.record_outcome(
        actor=clinician,
        host=AssessmentHost(assessment),
        decision=tonight,
        draft=OutcomeDraft(
            chosen=home,
            deciding_rule="balanced",
            based_on=None,
            rationale="Sam knows what helps her feel safe at night, and her mum will be with her.",
            values_weighed="Sam's choice and independence; her mum's fear for her safety.",
            remaining_disagreements="Maggie still has reservations about the night.",
            how_respected="Maggie stays over tonight; the team rings Sam at 10:00 tomorrow; "
            "Sam or Maggie can ring the crisis line any time.",
            review_at=_tomorrow_at(10),
        ),
    )


def _ruth(clinician: User) -> None:
    assessment = _assessment_of("Ruth", "Adeyemi")
    v = _voices(assessment)
    ruth, grace = v["Ruth Adeyemi"], v["Grace Adeyemi"]
    where = decisions.add_decision(
        actor=clinician,
        host=AssessmentHost(assessment),
        question="Where should Ruth be tonight?",
        person_first=True,  # Ruth speaks first: Grace gives hers after
    )
    home = decisions.add_option(
        actor=clinician,
        host=AssessmentHost(assessment),
        decision=where,
        text="Go home tonight",
        proposer=ruth.pk,
    )
    side_room = decisions.add_option(
        actor=clinician,
        host=AssessmentHost(assessment),
        decision=where,
        text="Stay tonight in a quiet side room",
        proposer=grace.pk,
    )
    for who, option, stance, why in [
        (ruth, home, "agree", "I want my own bed and my own things."),
        (ruth, side_room, "object", "I don't want to stay here."),
        (grace, home, "disagree", "She fell at home last month and she's confused."),
        (grace, side_room, "agree", "Just until the infection is treated."),
    ]:
        decisions.give_position(
            actor=clinician,
            host=AssessmentHost(assessment),
            option=option,
            voice=who.pk,
            stance=stance,
            what_matters=why,
        )
    capacity = CapacityAssessment.objects.get(
        assessment=assessment, is_current=True, outcome="lacks"
    )
    decisions.record_outcome(
        actor=clinician,
        host=AssessmentHost(assessment),
        decision=where,
        draft=OutcomeDraft(
            chosen=side_room,
            deciding_rule="best_interests",
            based_on=None,
            capacity_record=capacity.pk,
            rationale="The infection is making Ruth confused, so tonight she cannot weigh up "
            "the risk of going home. This should pass once the infection is treated.",
            values_weighed="Ruth's wish to be home and her independence; her safety at night.",
            remaining_disagreements="Ruth objects to staying.",
            why_person_not_followed="Tonight Ruth cannot weigh up the risk of a fall at home. "
            "So we chose what we think is best for her, for tonight only.",
            review_at=_tomorrow_at(9),
            replies={
                ruth.pk: Reply(
                    "The infection is making Ruth confused tonight, and she fell at "
                    "home last month.",
                    "A quiet side room with a lamp on; Grace may stay late; capacity "
                    "reviewed at 09:00 tomorrow, and Ruth goes home as soon as she "
                    "can decide.",
                ),
            },
        ),
    )


def _tomasz(clinician: User) -> None:
    assessment = _assessment_of("Tomasz", "Nowak")
    v = _voices(assessment)
    tomasz = next(p for p in v.values() if p.kind == "person")
    amara = v[clinician.display_name]
    concern = assessment_services.add_concern(
        actor=clinician,
        assessment=assessment,
        text="Money worries since the operation",
        raised_by=tomasz,
        agreed_by=[tomasz, amara],
    )
    plan = plans.start_plan(actor=clinician, assessment=assessment)
    plans.add_action(
        actor=clinician,
        plan=plan,
        what="Referral to the hospital's welfare benefits adviser",
        who="Amara (liaison team)",
        by_when="Friday",
        proposer=tomasz,
        concerns=[concern],
    )
    plans.add_action(
        actor=clinician,
        plan=plan,
        what="Visit from the Polish-speaking peer support worker",
        who="Peer support team",
        by_when="Next Tuesday",
        proposer=amara,
    )
    plan.refresh_from_db()
    plans.update_plan_text(
        actor=clinician,
        plan=plan,
        based_on_version=plan.version,
        rationale="Tomasz's low mood follows losing work after his "
        "operation; practical help with money comes first.",
    )
    plans.update_contingency(
        actor=clinician,
        plan=plan,
        based_on_version=1,
        data={
            "in_own_words": True,
            "warning_signs": "I stop eating and I don't answer my sister's calls.",
            "what_i_can_do": "Call my sister Ania. Go to the Polish church on Sunday.",
            "keeps_me_going": "My daughter in Gdańsk. I want to see her graduate.",
            "if_engagement_difficult": "Call in Polish, or send a text, not a letter.",
        },
    )
    for name, role, how, when in [
        ("Ania Nowak", "Sister", "07700 900110", "Evenings and weekends"),
        (
            "Riverside crisis line",
            "Crisis line, with an interpreter",
            "0800 000 0000 (fictional)",
            "Any time",
        ),
    ]:
        plans.add_contact(
            actor=clinician, plan=plan, name=name, role=role, how=how, when=when
        )
    plan.refresh_from_db()
    # The interpreter conveys: listed as having interpreted, not asked to agree.
    for who in (tomasz, amara):
        plans.confirm_plan(actor=clinician, plan=plan, participant=who, meaning="agree")
    plan = plans.sign_plan(actor=clinician, plan=plan, declared=True)
    plans.add_addendum(
        actor=clinician,
        plan=plan,
        reason="The adviser rang on Thursday",
        text="Benefits appointment booked for Monday at 14:00.",
    )


def _marcus(clinician: User) -> None:
    """Agreement: everyone agrees, and the outcome says so."""
    assessment = _assessment_of("Marcus", "Bell")
    voices = list(Participant.objects.filter(assessment=assessment))
    marcus = next(p for p in voices if p.kind == "person")
    tell = decisions.add_decision(
        actor=clinician,
        host=AssessmentHost(assessment),
        question="Who should we let know you are here?",
    )
    dee = decisions.add_option(
        actor=clinician,
        host=AssessmentHost(assessment),
        decision=tell,
        text="Dee, my flatmate, by text",
        proposer=marcus.pk,
    )
    for who in voices:
        decisions.give_position(
            actor=clinician,
            host=AssessmentHost(assessment),
            option=dee,
            voice=who.pk,
            stance="agree",
        )
    decisions.record_outcome(
        actor=clinician,
        host=AssessmentHost(assessment),
        decision=tell,
        draft=OutcomeDraft(
            chosen=dee,
            deciding_rule="consensus",
            based_on=None,
            rationale="Marcus chose Dee, and everyone agreed.",
            values_weighed="Marcus's privacy; having someone with him when he gets home.",
        ),
    )


def load_demo_plans(*, clinician: User) -> None:
    """Add the demo decisions and plans once (skipped when Sam's plan exists)."""
    if Plan.objects.filter(assessment__person__given_name="Tomasz").exists():
        return
    _marcus(clinician)
    _sam(clinician)
    _ruth(clinician)
    _tomasz(clinician)
