"""Each co-production measure on records built through the services, as staff
would build them (coassess/coproduction/measures.py; docs/coproduction-measures.md)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coassess.accounts.models import User
from coassess.assessments import services as assessment_services
from coassess.assessments.hosts import AssessmentHost
from coassess.assessments.models import (
    Assessment,
    CapacityAssessment,
    Expertise,
    Participant,
    ParticipantKind,
)
from coassess.coproduction.measures import (
    PERSON,
    QUERIES,
    SUPPORTERS,
    AssessmentMeasures,
    VoiceShare,
    measure,
    measure_many,
)
from coassess.decisions import services as decisions
from coassess.decisions.models import Decision, Option
from coassess.decisions.rules import OutcomeDraft, Reply
from coassess.people.access import break_glass
from coassess.people.models import Person
from coassess.plans import services as plans
from coassess.plans.models import Plan
from coassess.referrals.services import record_referral
from tests.urlworld import refer

Voices = dict[str, Participant]


def entry(actor: User, voice: Participant, own_words: bool, section: str = "account"):  # type: ignore[no-untyped-def]
    return assessment_services.add_contribution(
        actor=actor,
        assessment=voice.assessment,
        section=section,
        voice=voice,
        text="It has been a hard week.",
        own_words=own_words,
    )


def capacity(actor: User, assessment: Assessment, decision: str, lacks: bool) -> None:
    able = "not_able" if lacks else "able"
    extra = (
        {
            "causal_link": "Intoxication",
            "wishes_and_feelings": "To go home",
            "beliefs_and_values": "Independence",
            "who_was_consulted": "Maggie",
            "best_interests_decision": "Stay until sober",
        }
        if lacks
        else {}
    )
    assessment_services.record_capacity(
        actor=actor,
        assessment=assessment,
        data={
            "decision": decision,
            "assessed_at": timezone.now() - dt.timedelta(minutes=5),
            "understand": "able",
            "understand_evidence": "Told it back",
            "retain": "able",
            "retain_evidence": "Remembered it later",
            "use_or_weigh": able,
            "use_or_weigh_evidence": "Weighed it",
            "communicate": "able",
            "communicate_evidence": "Said so",
            "support_given": "A quiet room",
            "outcome": "lacks" if lacks else "has",
            **extra,
        },
    )


# --- An assessment just started: no supporters, entries, decisions or plan ----


def test_a_new_assessment_says_what_it_cannot_tell_and_why(
    assessment: Assessment,
) -> None:
    m = measure(assessment)
    assert (m.person_heard, m.supporters, m.peer_workers, m.entries) == (
        False,
        0,
        0,
        0,
    )
    assert m.voice_shares == ()
    assert m.own_words_share is None
    assert m.unknown["own_words_share"] == (
        "Nothing has been written in the assessment yet."
    )
    assert m.interpreter_present is None
    assert "need no interpreter" in m.unknown["interpreter_present"]
    assert (m.decisions, m.decisions_with_outcome, m.person_not_prevailed) == (0, 0, 0)
    assert not m.plan_started
    for name in ("individualised", "contingency_complete", "agreed_concerns_answered"):
        assert getattr(m, name) is None
        assert m.unknown[name] == "No plan has been started."
    assert m.capacity_for_plan == "not recorded"
    assert m.supporters_consented is None
    assert m.unknown["supporters_consented"] == "No supporters took part."
    assert m.copy_printed_or_downloaded is False


def test_a_measure_unknown_without_a_reason_is_refused(
    assessment: Assessment,
) -> None:
    m = measure(assessment)
    with pytest.raises(ValueError, match="own_words_share is unknown without a reason"):
        dataclasses.replace(m, unknown={**m.unknown, "own_words_share": ""})


# --- Voices -----------------------------------------------------------------


def test_shares_of_entries_by_voice_and_in_the_persons_own_words(
    clinician: User, users: dict[str, User], voices: Voices
) -> None:
    first = entry(clinician, voices["person"], own_words=True)
    assessment_services.revise_contribution(
        actor=clinician,
        base=first,
        text="It has been a very hard week.",
        voice=voices["person"],
        own_words=True,
        withheld_reason="",
    )
    entry(clinician, voices["person"], own_words=False)
    entry(clinician, voices["carer"], own_words=True)  # the carer's own words
    entry(clinician, voices["clinician"], own_words=False)
    assessment_services.add_participant(
        actor=clinician,
        assessment=voices["person"].assessment,
        kind=ParticipantKind.STAFF,
        expertise=Expertise.PEER,
        user=users["peer"],
    )
    m = measure(voices["person"].assessment)
    assert m.person_heard
    assert (m.supporters, m.peer_workers, m.entries) == (1, 1, 4)  # one, revised
    assert m.voice_shares[:2] == (
        VoiceShare(PERSON, 2, 0.5),
        VoiceShare(SUPPORTERS, 1, 0.25),
    )
    assert m.voice_shares[2].entries == 1
    # Only the person's own words count, not the carer's.
    assert (m.own_words_entries, m.own_words_share) == (1, 0.25)


def test_the_person_is_heard_through_a_concern_they_raised(
    clinician: User, voices: Voices
) -> None:
    assessment_services.add_concern(
        actor=clinician,
        assessment=voices["person"].assessment,
        text="Somewhere safe tonight",
        raised_by=voices["person"],
        agreed_by=[],
    )
    assert measure(voices["person"].assessment).person_heard


def test_an_interpreter_is_looked_for_when_the_person_needs_one(
    clinician: User, make_person: Callable[..., Person]
) -> None:
    person = make_person(given_name="Amira", nhs_number="", interpreter_needed=True)
    assessment = assessment_services.start_assessment(
        actor=clinician, referral=refer(clinician, person, 30)
    )
    m = measure(assessment)
    assert (m.interpreter_needed, m.interpreter_present) == (True, False)
    assessment_services.add_participant(
        actor=clinician,
        assessment=assessment,
        kind=ParticipantKind.OTHER,
        expertise=Expertise.INTERPRETER,
        name="Farah Haddad",
    )
    assert measure(assessment).interpreter_present is True


# --- Immediate concerns -------------------------------------------------------


def test_concerns_agreed_by_the_person_and_answered_by_the_plan(
    clinician: User, voices: Voices
) -> None:
    assessment = voices["person"].assessment
    add = assessment_services.add_concern
    both = add(
        actor=clinician,
        assessment=assessment,
        text="Somewhere safe tonight",
        raised_by=voices["person"],
        agreed_by=[voices["person"], voices["clinician"]],
    )
    add(
        actor=clinician,
        assessment=assessment,
        text="Money worries",
        raised_by=voices["carer"],
        agreed_by=[voices["carer"]],
    )
    add(
        actor=clinician,
        assessment=assessment,
        text="Sleep",
        raised_by=voices["clinician"],
        agreed_by=[],
    )
    m = measure(assessment)
    assert (m.concerns, m.concerns_agreed, m.concerns_agreed_by_person) == (3, 2, 1)
    assert m.agreed_concerns_answered is None
    plan = plans.start_plan(actor=clinician, assessment=assessment)
    assert measure(assessment).agreed_concerns_answered == 0
    plans.add_action(
        actor=clinician,
        plan=plan,
        what="Maggie stays over tonight",
        who="Maggie",
        by_when="Tonight",
        proposer=voices["carer"],
        concerns=[both],
    )
    # Rewording the concern keeps it answered: the action answers its lineage.
    assessment_services.revise_concern(
        actor=clinician,
        base=both,
        text="Somewhere safe to sleep tonight",
        agreed_by=[voices["person"], voices["clinician"]],
    )
    assert measure(assessment).agreed_concerns_answered == 1


# --- Decisions ----------------------------------------------------------------


def a_decision(
    clinician: User, voices: Voices
) -> tuple[AssessmentHost, Decision, Option, Option]:
    host = AssessmentHost(voices["person"].assessment)
    decision = decisions.add_decision(
        actor=clinician, host=host, question="Where will you be supported tonight?"
    )
    home, ward = (
        decisions.add_option(
            actor=clinician,
            host=host,
            decision=decision,
            text=text,
            proposer=voices["person"].pk,
        )
        for text in ("At home with Mum", "On the ward")
    )
    return host, decision, home, ward


def position(
    clinician: User,
    host: AssessmentHost,
    option: Option,
    voice: Participant,
    stance: str,
) -> None:
    decisions.give_position(
        actor=clinician,
        host=host,
        option=option,
        voice=voice.pk,
        stance=stance,
        what_matters="" if stance in ("agree", "unsure") else "I want to be at home",
    )


def test_a_decision_decided_against_the_person_with_the_reason_recorded(
    clinician: User, voices: Voices
) -> None:
    host, decision, home, ward = a_decision(clinician, voices)
    decisions.add_decision(actor=clinician, host=host, question="Who to tell?")
    m = measure(host.assessment)
    assert (m.decisions, m.decisions_person_gave_position) == (2, 0)
    position(clinician, host, ward, voices["person"], "object")
    position(clinician, host, ward, voices["clinician"], "agree")
    decisions.record_outcome(
        actor=clinician,
        host=host,
        decision=decision,
        draft=OutcomeDraft(
            chosen=ward,
            deciding_rule="lawful_duty",
            rationale="Not safe at home tonight",
            values_weighed="Safety and independence",
            why_person_not_followed="A duty of care while intoxicated",
            review_at=timezone.now() + dt.timedelta(days=1),
            replies={
                voices["person"].pk: Reply(
                    "A duty of care while intoxicated",
                    "Home leave is reviewed tomorrow",
                )
            },
        ),
    )
    m = measure(host.assessment)
    assert (m.decisions_person_gave_position, m.decisions_with_outcome) == (1, 1)
    assert (m.person_not_prevailed, m.person_not_prevailed_with_reason) == (1, 1)
    assert (m.decisions_with_dissent, m.dissent_held) == (1, 1)


def test_a_decision_the_person_turned_against_afterwards_has_no_reason(
    clinician: User, voices: Voices
) -> None:
    host, decision, home, ward = a_decision(clinician, voices)
    position(clinician, host, home, voices["person"], "agree")
    decisions.record_outcome(
        actor=clinician,
        host=host,
        decision=decision,
        draft=OutcomeDraft(
            chosen=home,
            deciding_rule="consensus",
            rationale="Everyone could agree",
            values_weighed="Being at home",
        ),
    )
    m = measure(host.assessment)
    assert (m.person_not_prevailed, m.decisions_with_dissent) == (0, 0)
    # Sam changes her mind after the outcome: the outcome no longer follows her
    # view, and it says neither why nor how her disagreement is respected.
    position(clinician, host, home, voices["person"], "disagree")
    m = measure(host.assessment)
    assert (m.person_not_prevailed, m.person_not_prevailed_with_reason) == (1, 0)
    assert (m.decisions_with_dissent, m.dissent_held) == (1, 0)


# --- The plan -------------------------------------------------------------------


@pytest.fixture
def plan(clinician: User, assessment: Assessment) -> Plan:
    return plans.start_plan(actor=clinician, assessment=assessment)


def test_a_plan_with_and_without_a_specific_detail(clinician: User, plan: Plan) -> None:
    m = measure(plan.assessment)
    assert (m.plan_started, m.individualised, m.individual_details) == (True, False, ())
    plans.update_contingency(
        actor=clinician,
        plan=plan,
        based_on_version=1,
        data={"what_i_can_do": "Call 999", "people_and_places": "Go to A&E"},
    )
    plans.add_contact(
        actor=clinician,
        plan=plan,
        name="Samaritans",
        role="",
        how="116 123",
        when="Any time",
    )
    assert measure(plan.assessment).individualised is False
    plans.add_contact(
        actor=clinician,
        plan=plan,
        name="Maggie Reid",
        role="mum",
        how="07700 900101",
        when="Any time",
    )
    m = measure(plan.assessment)
    assert m.individualised is True
    assert m.individual_details == ("a named contact: Maggie Reid",)


def test_a_crisis_plan_is_complete_with_its_core_parts_and_a_contact(
    clinician: User, plan: Plan
) -> None:
    m = measure(plan.assessment)
    assert m.contingency_complete is False
    assert m.contingency_missing == (
        "Warning signs",
        "What I can do myself",
        "People and places that help",
        "Making my situation safer",
        "Someone to contact",
    )
    plans.update_contingency(
        actor=clinician,
        plan=plan,
        based_on_version=1,
        data={
            "warning_signs": "I stop answering my phone",
            "what_i_can_do": "Walk Biscuit along the river",
            "people_and_places": "The allotment",
            "making_safer": "Maggie keeps my tablets",
        },
    )
    assert measure(plan.assessment).contingency_missing == ("Someone to contact",)
    plans.add_contact(
        actor=clinician,
        plan=plan,
        name="Crisis line",
        role="",
        how="0800 000 0000",
        when="Any time",
    )
    m = measure(plan.assessment)
    assert (m.contingency_complete, m.contingency_missing) == (True, ())


def test_the_persons_confirmation_of_the_plan_as_it_stands(
    clinician: User, plan: Plan, voices: Voices
) -> None:
    m = measure(plan.assessment)
    assert (m.person_confirmation, m.person_confirmed_or_disagreed) == (None, False)
    assert "Nothing is recorded from the person" in m.unknown["person_confirmation"]
    plans.confirm_plan(
        actor=clinician,
        plan=plan,
        participant=voices["person"],
        meaning="on_behalf",
        reason="Sam was asleep",
    )
    m = measure(plan.assessment)
    assert (m.person_confirmation, m.person_confirmed_or_disagreed) == (
        "on_behalf",
        False,
    )
    plans.confirm_plan(
        actor=clinician,
        plan=plan,
        participant=voices["person"],
        meaning="disagree",
        reason="Not the ward",
    )
    m = measure(plan.assessment)
    assert (m.person_confirmation, m.person_confirmed_or_disagreed) == (
        "disagree",
        True,
    )
    # A change to the plan asks again: the earlier answer no longer counts.
    plans.update_plan_text(
        actor=clinician,
        plan=plan,
        rationale="Safety first",
        based_on_version=plan.version,
    )
    assert measure(plan.assessment).person_confirmation is None


def test_strengths_are_counted_from_the_strengths_prompts(
    clinician: User, voices: Voices
) -> None:
    entry(clinician, voices["person"], True, section="strengths.hopes")
    entry(clinician, voices["carer"], False, section="strengths.people")
    entry(clinician, voices["person"], True, section="account")
    assert measure(voices["person"].assessment).strengths == 2


def test_the_copy_counts_as_printed_once_the_team_makes_its_pdf(
    signed_in: Callable[[str], Any], users: dict[str, User], plan: Plan
) -> None:
    url = reverse("plans:person_copy_pdf", kwargs={"assessment_id": plan.assessment.pk})
    break_glass(
        user=users["outsider"], person=plan.assessment.person, reason="Seen in ED"
    )
    assert signed_in("outsider").get(url).status_code == 200
    assert (
        signed_in("clinician")
        .get(reverse("plans:person_copy", kwargs={"assessment_id": plan.assessment.pk}))
        .status_code
        == 200
    )
    # Another team reading it, or staff reading it on screen, is not giving it.
    assert measure(plan.assessment).copy_printed_or_downloaded is False
    assert signed_in("clinician").get(url).status_code == 200
    assert measure(plan.assessment).copy_printed_or_downloaded is True


# --- Capacity and consent --------------------------------------------------------


def test_capacity_lacking_for_the_plan_decision(
    clinician: User, assessment: Assessment
) -> None:
    capacity(clinician, assessment, "Going home tonight", lacks=False)
    m = measure(assessment)
    assert m.capacity_for_plan is None
    assert (
        "none says in its decision that it is about the plan"
        in m.unknown["capacity_for_plan"]
    )
    capacity(clinician, assessment, "Agreeing to the crisis plan", lacks=True)
    m = measure(assessment)
    assert (m.capacity_assessments, m.capacity_for_plan) == (2, "lacks")
    assert CapacityAssessment.objects.filter(assessment=assessment).count() == 2


def test_supporters_consent_is_not_guessed_and_information_from_others_is_counted(
    clinician: User, voices: Voices
) -> None:
    assessment = voices["person"].assessment
    for informant, basis, reason in (
        ("carer", "consent", ""),
        ("relative", "without_consent", "Risk to life"),
        ("gp", "consent", ""),  # a GP is not a carer or relative
    ):
        assessment_services.add_corroboration(
            actor=clinician,
            assessment=assessment,
            informant_type=informant,
            informant_name="Someone",
            what_they_said="She has not slept",
            basis=basis,
            basis_reason=reason,
        )
    m = measure(assessment)
    assert (m.information_from_others, m.information_with_consent) == (2, 1)
    assert m.supporters_consented is None
    assert "does not hold the person's consent" in m.unknown["supporters_consented"]


# --- Response time ----------------------------------------------------------------


def test_response_time_against_the_teams_standard(
    clinician: User, person: Person
) -> None:
    late = refer(clinician, person, 150)
    seen = late.received_at + dt.timedelta(minutes=95)
    assessment = assessment_services.start_assessment(
        actor=clinician, referral=late, first_seen_at=seen
    )
    m = measure(assessment)
    assert (m.standard_minutes, m.minutes_to_first_contact) == (60, 95)
    assert m.within_standard is False
    prompt = assessment_services.start_assessment(
        actor=clinician,
        referral=refer(clinician, person, 30),
        first_seen_at=timezone.now() - dt.timedelta(minutes=10),
    )
    m = measure(prompt)
    assert (m.minutes_to_first_contact, m.within_standard) == (20, True)


# --- Reading the record ------------------------------------------------------------


def rich(
    clinician: User, person: Person, voices_of: Callable[[Assessment], Voices]
) -> Assessment:
    """An assessment with something in every part the measures read."""
    assessment = assessment_services.start_assessment(
        actor=clinician, referral=refer(clinician, person, 45)
    )
    v = voices_of(assessment)
    entry(clinician, v["person"], True)
    concern = assessment_services.add_concern(
        actor=clinician,
        assessment=assessment,
        text="Sleep",
        raised_by=v["person"],
        agreed_by=[v["person"]],
    )
    host, decision, home, ward = a_decision(clinician, v)
    position(clinician, host, home, v["person"], "agree")
    plan = plans.start_plan(actor=clinician, assessment=assessment)
    plans.add_action(
        actor=clinician,
        plan=plan,
        what="Sleep at Mum's",
        who="Sam",
        by_when="Tonight",
        proposer=v["person"],
        concerns=[concern],
    )
    plans.add_contact(
        actor=clinician,
        plan=plan,
        name="Maggie Reid",
        role="mum",
        how="07700 900101",
        when="Any time",
    )
    plans.confirm_plan(
        actor=clinician, plan=plan, participant=v["person"], meaning="agree"
    )
    capacity(clinician, assessment, "Agreeing to the plan", lacks=False)
    return assessment


def test_the_queries_do_not_grow_with_the_number_of_assessments(
    clinician: User, make_person: Callable[..., Person]
) -> None:
    def voices_of(a: Assessment) -> Voices:
        return {p.kind: p for p in Participant.objects.filter(assessment=a)} | {
            "clinician": Participant.objects.get(assessment=a, kind="staff")
        }

    many = [
        rich(clinician, make_person(given_name=name, nhs_number=""), voices_of)
        for name in ("Ana", "Ben", "Cal")
    ]
    one = Assessment.objects.get(pk=many[0].pk)
    with CaptureQueriesContext(connection) as for_one:
        measure(one)
    fresh = list(Assessment.objects.filter(pk__in=[a.pk for a in many]))
    with CaptureQueriesContext(connection) as for_three:
        found = measure_many(fresh)
    assert len(for_one) == QUERIES
    assert len(for_three) == QUERIES
    assert all(
        m.concerns_agreed == 1 and m.agreed_concerns_answered == 1
        for m in found.values()
    )
    assert all(m.capacity_for_plan == "has" for m in found.values())
    assert all(m.person_confirmation == "agree" for m in found.values())
    assert all(m.decisions_person_gave_position == 1 for m in found.values())
    # Loaded with its referral and person (as the page's policy loads it): one fewer.
    loaded = Assessment.objects.select_related("referral", "person").get(pk=many[0].pk)
    with CaptureQueriesContext(connection) as preloaded:
        again = measure(loaded)
    assert len(preloaded) == QUERIES - 1
    assert again == found[many[0].pk]
    assert isinstance(again, AssessmentMeasures)


def test_response_time_counts_real_minutes_across_a_change_of_the_clocks(
    clinician: User, person: Person
) -> None:
    london = ZoneInfo("Europe/London")
    # 00:30 British Summer Time; the clocks go back at 02:00 to 01:00 GMT.
    received = dt.datetime(2025, 10, 26, 0, 30, tzinfo=london)
    seen = dt.datetime(2025, 10, 26, 1, 30, fold=1, tzinfo=london)  # GMT
    referral = record_referral(
        actor=clinician,
        person=person,
        data={
            "source": "ed",
            "referrer_name": "ED nurse",
            "reason": "Distressed",
            "urgency": "emergency",
            "received_at": received,
        },
    )
    assessment = assessment_services.start_assessment(
        actor=clinician, referral=referral, first_seen_at=seen
    )
    # Both as typed, in London time: Python subtracts two times in one zone by
    # their wall clocks, which would say 60 minutes.
    assessment.referral.received_at = received
    assessment.referral.first_seen_at = seen
    m = measure(assessment)
    assert (m.minutes_to_first_contact, m.within_standard) == (120, False)
