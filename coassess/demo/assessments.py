"""Fictional demo referrals and assessments, at different stages.

- Marcus, in the emergency department at night, with limited records.
- Sam, whose mum sees things differently: a corroboration and a recorded dispute.
- Ruth, who lacks capacity for one decision but not another.
- Tomasz, assessed on a ward with a Polish interpreter.
- And open referrals waiting on the team board: one on time, one nearly due, one breached.

Times are set relative to when the demo is loaded, so the board always shows
a live picture. Every name, place and story here is invented.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from coassess.accounts.models import User
from coassess.assessments import services
from coassess.assessments.models import (
    Assessment,
    Expertise,
    Participant,
    ParticipantKind,
)
from coassess.people.models import Person
from coassess.referrals.models import Referral
from coassess.referrals.services import record_referral


def _ago(**kwargs: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(**kwargs)


def _person(given: str, family: str) -> Person:
    return Person.objects.get(given_name=given, family_name=family)


def _refer(
    actor: User, person: Person, *, received: dt.datetime, **data: str
) -> Referral:
    return record_referral(
        actor=actor, person=person, data={"received_at": received, **data}
    )


def _voices(assessment: Assessment) -> dict[str, Participant]:
    return {
        p.kind if p.kind != "staff" else f"staff:{p.user_id}": p
        for p in Participant.objects.filter(assessment=assessment)
    }


def _say(
    actor: User,
    assessment: Assessment,
    voice: Participant,
    section: str,
    text: str,
    own_words: bool = False,
    withheld_reason: str = "",
) -> None:
    services.add_contribution(
        actor=actor,
        assessment=assessment,
        section=section,
        voice=voice,
        text=text,
        own_words=own_words,
        withheld_reason=withheld_reason,
    )


def _marcus(clinician: User, peer: User) -> None:
    person = _person("Marcus", "Bell")
    referral = _refer(
        clinician,
        person,
        received=_ago(minutes=50),
        source="ed",
        department="Emergency department",
        bed="Majors cubicle 6",
        referrer_name="Dr K. Osei (ED registrar)",
        referrer_contact="Bleep 4471",
        reason="Brought in by police from the bridge at 01:30. Says he had thought "
        "about jumping. Calm now, asking to go home.",
        urgency="emergency",
    )
    assessment = services.start_assessment(
        actor=clinician,
        referral=referral,
        first_seen_at=_ago(minutes=15),
        who_they_want_present="Dee, my flatmate, if she can come",
    )
    services.add_participant(
        actor=clinician,
        assessment=assessment,
        kind=ParticipantKind.STAFF,
        expertise=Expertise.PEER,
        user=peer,
        role_in_meeting="Peer support",
    )
    v = _voices(assessment)
    marcus, amara = v["person"], v[f"staff:{clinician.pk}"]
    services.add_known_source(
        actor=clinician,
        assessment=assessment,
        source_type="record",
        detail="Trust record",
        checked_at=_ago(minutes=30),
        limited_access=True,
        what_it_said="One contact with the crisis team two years ago. "
        "The full letter could not be opened out of hours.",
    )
    services.add_known_source(
        actor=clinician,
        assessment=assessment,
        source_type="colleagues",
        detail="Care coordinator",
        checked_at=_ago(minutes=28),
        limited_access=True,
        what_it_said="No care coordinator. The community team's phone "
        "goes to voicemail until 09:00.",
    )
    services.add_concern(
        actor=clinician,
        assessment=assessment,
        text="Where Marcus will be safe for the rest of tonight",
        raised_by=amara,
        agreed_by=[marcus, amara],
    )
    services.add_concern(
        actor=clinician,
        assessment=assessment,
        text="Losing my job: I have not been in for two weeks",
        raised_by=marcus,
        agreed_by=[marcus],
    )
    _say(
        clinician,
        assessment,
        marcus,
        "account",
        "Work has been falling apart and I stopped sleeping. Tonight it all got too loud.",
        own_words=True,
    )
    _say(
        clinician,
        assessment,
        marcus,
        "mse.mood",
        "Flat. Empty. Tired of everything.",
        own_words=True,
    )
    _say(
        clinician,
        assessment,
        amara,
        "mse.appearance",
        "Still in work clothes, wet from the rain. Good eye contact, quietly spoken.",
    )


def _sam(clinician: User) -> None:
    person = _person("Samantha", "Reid")
    referral = _refer(
        clinician,
        person,
        received=_ago(hours=3),
        source="ed",
        department="Emergency department",
        bed="Resus 2",
        referrer_name="Nurse J. Lee",
        referrer_contact="ED nurses' station",
        reason="Took an overdose of paracetamol this afternoon. Medically fit "
        "now. Her mum is with her.",
        urgency="emergency",
    )
    assessment = services.start_assessment(
        actor=clinician,
        referral=referral,
        first_seen_at=_ago(hours=2, minutes=20),
        who_they_want_present="My mum, but not for all of it",
    )
    supporter = person.supporters.get(name="Maggie Reid")
    maggie = services.add_participant(
        actor=clinician,
        assessment=assessment,
        kind=ParticipantKind.SUPPORTER,
        expertise=Expertise.CARER,
        supporter=supporter,
        role_in_meeting="Sam's mum",
    )
    v = _voices(assessment)
    sam, amara = v["person"], v[f"staff:{clinician.pk}"]
    services.add_concern(
        actor=clinician,
        assessment=assessment,
        text="Going home tonight and what happens if the feelings come back",
        raised_by=sam,
        agreed_by=[sam, maggie, amara],
    )
    _say(
        clinician,
        assessment,
        sam,
        "account",
        "I didn't want to die exactly. I wanted everything to stop for a while.",
        own_words=True,
    )
    _say(
        clinician,
        assessment,
        sam,
        "strengths.what_helps",
        "Running by the river, and my dog, Biscuit.",
        own_words=True,
    )
    _say(
        clinician,
        assessment,
        sam,
        "strengths.hopes",
        "Finishing my nursing course next year.",
        own_words=True,
    )
    _say(clinician, assessment, sam, "strengths.people", "Mum, and my friend Priti.")
    entry = services.add_contribution(
        actor=clinician,
        assessment=assessment,
        section="history.recent",
        voice=maggie,
        text="She has stopped eating properly and barely leaves her room.",
    )
    services.dispute_entry(
        actor=clinician,
        entry=entry,
        disputer=sam,
        account="I eat. I just don't eat with everyone. And I go out "
        "running most days.",
    )
    services.add_corroboration(
        actor=clinician,
        assessment=assessment,
        informant_type="carer",
        informant_name="Maggie Reid",
        voice=maggie,
        what_they_said="This is the first time she has taken tablets. "
        "She was very low last winter too.",
        basis="consent",
    )
    _say(
        clinician,
        assessment,
        sam,
        "risk.their_view",
        "I don't think I'd do it again, but I can't promise how I'll feel at 3am.",
        own_words=True,
    )
    _say(
        clinician,
        assessment,
        amara,
        "risk.to_self",
        "Took 16 paracetamol after an argument, alone at home, then told her mum within an "
        "hour. Regrets it. Has thought about overdose before but not acted on it.",
    )
    _say(
        clinician,
        assessment,
        maggie,
        "risk.others_view",
        "I'm frightened to leave her on her own at night.",
    )
    _say(
        clinician,
        assessment,
        sam,
        "risk.safer",
        "Mum holding the tablets. Texting Priti. Biscuit needs walking in the morning.",
    )


def _ruth(clinician: User) -> None:
    person = _person("Ruth", "Adeyemi")
    referral = _refer(
        clinician,
        person,
        received=_ago(hours=20),
        source="ward",
        ward="Ward 12 (older people's medicine)",
        bed="Bay 3, bed 2",
        referrer_name="Dr M. Burns (FY2)",
        referrer_contact="Ward 12, ext 5512",
        reason="Newly confused since admission with a urine infection. Trying to "
        "leave the ward at night. Is she safe to go home?",
        urgency="urgent",
    )
    assessment = services.start_assessment(
        actor=clinician,
        referral=referral,
        first_seen_at=_ago(hours=2),
        who_they_want_present="Grace, and a BSL interpreter",
    )
    grace = services.add_participant(
        actor=clinician,
        assessment=assessment,
        kind=ParticipantKind.SUPPORTER,
        expertise=Expertise.CARER,
        supporter=person.supporters.get(name="Grace Adeyemi"),
    )
    services.add_participant(
        actor=clinician,
        assessment=assessment,
        kind=ParticipantKind.OTHER,
        expertise=Expertise.INTERPRETER,
        name="Helen Ward (BSL interpreter)",
        role_in_meeting="British Sign Language interpreter",
    )
    now = timezone.now()
    services.record_capacity(
        actor=clinician,
        assessment=assessment,
        data={
            "decision": "Leaving hospital tonight to go home alone",
            "assessed_at": now,
            "understand": "able",
            "understand_evidence": "Signed back that she has an infection.",
            "retain": "not_able",
            "retain_evidence": "Within minutes did not recall being told "
            "about the infection, even with pictures.",
            "use_or_weigh": "not_able",
            "use_or_weigh_evidence": "Could not weigh the risk of a "
            "fall at home against going home.",
            "communicate": "able",
            "communicate_evidence": "Clear in BSL that she wants to go home.",
            "causal_link": "Delirium from the urine infection: this is new and likely to pass.",
            "support_given": "BSL interpreter, daylight, Grace present, pictures, two visits.",
            "outcome": "lacks",
            "wishes_and_feelings": "Wants to be home with her own things. Hates the noise of the "
            "ward at night.",
            "beliefs_and_values": "Fiercely independent. Her faith matters: wants her pastor told.",
            "who_was_consulted": "Grace (daughter and carer); ward nurse in charge.",
            "best_interests_decision": "Stay tonight in a side room with a lamp on; Grace may stay "
            "late; review capacity tomorrow when the infection is treated.",
        },
    )
    services.record_capacity(
        actor=clinician,
        assessment=assessment,
        data={
            "decision": "Who her information can be shared with",
            "assessed_at": now,
            "understand": "able",
            "understand_evidence": "Explained who Grace and her GP are.",
            "retain": "able",
            "retain_evidence": "Repeated the choice an hour later.",
            "use_or_weigh": "able",
            "use_or_weigh_evidence": "Chose Grace but not her son.",
            "communicate": "able",
            "communicate_evidence": "Signed clearly.",
            "support_given": "BSL interpreter, short questions.",
            "outcome": "has",
        },
    )
    _say(
        clinician,
        assessment,
        grace,
        "strengths.people",
        "Her church friends visit every week. I'm there most days.",
    )


def _tomasz(clinician: User) -> None:
    person = _person("Tomasz", "Nowak")
    referral = _refer(
        clinician,
        person,
        received=_ago(hours=6),
        source="ward",
        ward="Ward 4 (surgery)",
        bed="Bed 14",
        referrer_name="Sister P. Quinn",
        referrer_contact="Ward 4, ext 5404",
        reason="Very low after his operation. Said to a nurse that he doesn't see "
        "the point any more.",
        urgency="urgent",
    )
    assessment = services.start_assessment(
        actor=clinician,
        referral=referral,
        first_seen_at=_ago(hours=1),
        who_they_want_present="An interpreter, nobody else",
    )
    interpreter = services.add_participant(
        actor=clinician,
        assessment=assessment,
        kind=ParticipantKind.OTHER,
        expertise=Expertise.INTERPRETER,
        name="Joanna Zielińska (Polish interpreter)",
        role_in_meeting="Interpreter, by video",
    )
    v = _voices(assessment)
    tomasz = v["person"]
    _say(
        clinician,
        assessment,
        tomasz,
        "account",
        "Nie mogę pracować po operacji. I can't work after the operation, and the money is "
        "going. I feel useless.",
        own_words=True,
    )
    _say(
        clinician,
        assessment,
        interpreter,
        "mse.speech",
        "Speaks softly in Polish with long pauses; answers fully when given time.",
    )


def _waiting(clinician: User) -> None:
    for (given, family), minutes, data in [
        (
            ("Alex", "Morgan"),
            20,
            {
                "source": "ed",
                "department": "Emergency department",
                "bed": "Minors 3",
                "urgency": "emergency",
                "reason": "Panic and self-harm cuts needing stitches.",
            },
        ),
        (
            ("Jordan", "Ellis"),
            75,
            {
                "source": "ed",
                "department": "Emergency department",
                "bed": "Majors 9",
                "urgency": "emergency",
                "reason": "Hearing voices telling them they are in danger.",
            },
        ),
        (
            ("Fatima", "Hassan"),
            20 * 60,
            {
                "source": "ward",
                "ward": "Ward 9 (maternity)",
                "urgency": "urgent",
                "reason": "Not sleeping since the birth, very anxious.",
            },
        ),
    ]:
        _refer(
            clinician,
            _person(given, family),
            received=_ago(minutes=minutes),
            referrer_name="Referring team",
            referrer_contact="Switchboard",
            **data,
        )


def load_demo_assessments(*, clinician: User, peer: User) -> int:
    """Add the demo referrals and assessments once. Returns how many were added."""
    if Referral.objects.filter(team=clinician.membership.team).exists():  # type: ignore[union-attr]
        return 0
    _marcus(clinician, peer)
    _sam(clinician)
    _ruth(clinician)
    _tomasz(clinician)
    _waiting(clinician)
    return Referral.objects.filter(team=clinician.membership.team).count()  # type: ignore[union-attr]
