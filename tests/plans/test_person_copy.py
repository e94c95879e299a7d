"""The person's copy tells the truth (issue 11, parts 1 and 5): every voice named
beside its words, all dissent, every addendum applied and marked, each dispute
with what it disputes, the app's own words passing its own checker, and names,
pronouns and interpreters as the person would expect.

The scenario is the issue's: an assessment at night in the emergency department
with Alex Morgan (they/them) and their partner Jo, who objects to where Alex will
be supported tonight; after signing, an addendum changes "Alex rings Sam in the
morning" to "Sam comes at 08:00". All of it is fictional.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from coassess.accounts.models import User
from coassess.assessments import services as assessment_services
from coassess.assessments.hosts import AssessmentHost
from coassess.assessments.models import (
    Assessment,
    Expertise,
    ImmediateConcern,
    Participant,
    ParticipantKind,
)
from coassess.core.exceptions import DomainError
from coassess.decisions import services as decisions
from coassess.decisions.rules import OutcomeDraft, Reply
from coassess.language.checker import check
from coassess.language.rules import Audience
from coassess.people import services as people_services
from coassess.people.models import Person, display_name, pronouns_for
from coassess.plans import contingency, services
from coassess.plans.forms import AddendumForm, ConfirmForm
from coassess.plans.models import Action, Plan, SignedVersion
from coassess.plans.person_copy import (
    EXPERTISE_ROLES,
    PLAN_HEADINGS,
    WORDS,
    PersonCopy,
    copy_for,
)
from coassess.plans.queries import sign_off_problems
from coassess.referrals.services import record_referral

QUESTION = "Where will Alex be supported tonight?"
HOME = "Home, with Jo"
WARD = "The crisis ward"
JO_OBJECTS = "I start work at 6am, so Alex would be alone in the morning."
ALEX_HOME = "I sleep at home. The ward scares me."
RESPECTED = "Jo stays over; an early review at 10:00."
JO_WHY = "It is Alex's own choice, and Alex can keep safe at home tonight."
JO_SCARED = "I'm scared to leave them alone."
NURSE_CONCERN = "Alex's safety tonight, after the overdose."
ALEX_ACCOUNT = "I took the tablets because I wanted the night to stop."
JO_HELPS = "Sam, Alex's friend, calms them down."
ALEX_DISPUTES = "Sam does not calm me down. Sam makes me laugh."
RINGS = "Alex rings Sam in the morning"
COMES = "Sam comes at 08:00"
WHY_CHANGED = "Sam offered to come round instead."
JO_PLAN = "I can stay tonight, but not every night this week."


@dataclass
class Scene:
    assessment: Assessment
    alex: Participant
    jo: Participant
    nurse: Participant
    plan: Plan
    rings: Action


def _people(clinician: User, make_person: Callable[..., Person]) -> Assessment:
    alex = make_person(
        given_name="Alex",
        family_name="Morgan",
        preferred_name="",
        pronouns="they/them",
        nhs_number="",
    )
    referral = record_referral(
        actor=clinician,
        person=alex,
        data={
            "source": "ed",
            "department": "Emergency department",
            "bed": "Majors 2",
            "referrer_name": "Dr B. Example",
            "referrer_contact": "bleep 2233",
            "reason": "Took an overdose tonight; medically fit now.",
            "urgency": "emergency",
            "received_at": timezone.now() - dt.timedelta(minutes=30),
        },
    )
    return assessment_services.start_assessment(actor=clinician, referral=referral)


def _say(clinician: User, scene: Assessment, section: str, **data: Any) -> Any:
    return assessment_services.add_contribution(
        actor=clinician, assessment=scene, section=section, **data
    )


def _decide(clinician: User, a: Assessment, alex: Participant, jo: Participant) -> None:
    host = AssessmentHost(a)
    decision = decisions.add_decision(actor=clinician, host=host, question=QUESTION)
    home, ward = (
        decisions.add_option(
            actor=clinician, host=host, decision=decision, text=t, proposer=p.pk
        )
        for t, p in ((HOME, alex), (WARD, jo))
    )
    nurse = Participant.objects.get(assessment=a, kind=ParticipantKind.STAFF)
    for voice, stance, why in (
        (alex, "agree", ALEX_HOME),
        (jo, "object", JO_OBJECTS),
        (nurse, "agree", ""),
    ):
        decisions.give_position(
            actor=clinician,
            host=host,
            option=home,
            voice=voice.pk,
            stance=stance,
            what_matters=why,
        )
    decisions.record_outcome(
        actor=clinician,
        host=host,
        decision=decision,
        draft=OutcomeDraft(
            chosen=home,
            deciding_rule="persons_choice",
            rationale="Alex chose home, where they sleep.",
            values_weighed="Alex's choice; Jo's fear of the morning alone.",
            remaining_disagreements="Jo objects: Alex would be alone from 6am.",
            review_at=timezone.now() + dt.timedelta(hours=10),
            replies={jo.pk: Reply(JO_WHY, RESPECTED)},
        ),
    )
    assert ward.text == WARD


def _plan(clinician: User, a: Assessment, people: list[Participant]) -> Plan:
    alex, jo, nurse = people
    plan = services.start_plan(actor=clinician, assessment=a)
    services.add_action(
        actor=clinician,
        plan=plan,
        what=RINGS,
        who="Alex",
        by_when="In the morning",
        proposer=alex,
    )
    services.add_action(
        actor=clinician,
        plan=plan,
        what="Jo stays over tonight.",
        who="Jo.",
        by_when="Tonight",
        proposer=jo,
        concerns=list(ImmediateConcern.objects.filter(assessment=a, is_current=True)),
    )
    services.add_contact(
        actor=clinician,
        plan=plan,
        name="Jo Parker",
        role="Partner",
        how="07700 900201",
        when="Any time",
    )
    for who, meaning, reason in (
        (alex, "agree", ""),
        (jo, "disagree", JO_PLAN),
        (nurse, "agree", ""),
    ):
        services.confirm_plan(
            actor=clinician, plan=plan, participant=who, meaning=meaning, reason=reason
        )
    return services.sign_plan(actor=clinician, plan=plan, declared=True)


@pytest.fixture
def scene(clinician: User, make_person: Callable[..., Person]) -> Scene:
    """The ED scenario, signed, with an addendum that changes one action."""
    a = _people(clinician, make_person)
    supporter = people_services.add_supporter(
        actor=clinician,
        person=a.person,
        data={"name": "Jo Parker", "relationship": "partner"},
    )
    jo = assessment_services.add_participant(
        actor=clinician,
        assessment=a,
        kind=ParticipantKind.SUPPORTER,
        expertise=Expertise.CARER,
        supporter=supporter,
    )
    alex = Participant.objects.get(assessment=a, kind=ParticipantKind.PERSON)
    nurse = Participant.objects.get(assessment=a, kind=ParticipantKind.STAFF)
    Participant.objects.filter(pk=nurse.pk).update(role_in_meeting="Liaison nurse")
    nurse.refresh_from_db()
    for text, raised_by in ((JO_SCARED, jo), (NURSE_CONCERN, nurse)):
        assessment_services.add_concern(
            actor=clinician,
            assessment=a,
            text=text,
            raised_by=raised_by,
            agreed_by=[alex, jo, nurse],
        )
    _say(clinician, a, "account", voice=alex, text=ALEX_ACCOUNT, own_words=True)
    helps = _say(clinician, a, "strengths.people", voice=jo, text=JO_HELPS)
    assessment_services.dispute_entry(
        actor=clinician, entry=helps, disputer=alex, account=ALEX_DISPUTES
    )
    _decide(clinician, a, alex, jo)
    plan = _plan(clinician, a, [alex, jo, nurse])
    rings = Action.objects.get(plan=plan, what=RINGS)
    services.add_addendum(
        actor=clinician,
        plan=plan,
        reason=WHY_CHANGED,
        text=COMES,
        action=rings,
        who="Sam",
        by_when="08:00 tomorrow",
    )
    return Scene(Assessment.objects.get(pk=a.pk), alex, jo, nurse, plan, rings)


def section(copy: PersonCopy, heading: str) -> list[str]:
    found = [s.paragraphs for s in copy.sections if s.heading == heading]
    assert found, f"no section {heading!r} in {[s.heading for s in copy.sections]}"
    return found[0]


def text_of(response: Any) -> str:
    html = response.content.decode()
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


# --- Every voice named beside its words (H20) -----------------------------------------


def test_every_item_names_its_voice_in_the_persons_terms(scene: Scene) -> None:
    copy = copy_for(scene.assessment)
    assert section(copy, "What matters to you now") == [
        f"Jo Parker (your partner) raised this: {JO_SCARED}",
        "You, Clinician Tester (liaison nurse) and Jo Parker (your partner) agreed "
        "this needs acting on now.",
        f"Clinician Tester (liaison nurse) raised this: {NURSE_CONCERN}",
        "You, Clinician Tester (liaison nurse) and Jo Parker (your partner) agreed "
        "this needs acting on now.",
    ]
    assert section(copy, "What you told us") == [f"You said: “{ALEX_ACCOUNT}”"]
    assert section(copy, "What helps you, and what you hope for") == [
        f"From what Jo Parker (your partner) said: {JO_HELPS}"
    ]
    # Each participant is described by the role they hold.
    assert copy.made_with == [
        "Alex Morgan: you.",
        "Clinician Tester: liaison nurse.",
        "Jo Parker: your partner.",
    ]


def test_no_words_are_the_persons_that_they_did_not_say(scene: Scene) -> None:
    """Every line in the person's voice carries only words they gave; every
    line with someone else's words starts with that person's name."""
    copy = copy_for(scene.assessment)
    alex_said = {ALEX_ACCOUNT, ALEX_HOME, ALEX_DISPUTES}
    others = {JO_SCARED: "Jo Parker", JO_OBJECTS: "Jo Parker", JO_PLAN: "Jo Parker"}
    others |= {NURSE_CONCERN: "Clinician Tester", JO_HELPS: "Jo Parker"}
    lines = [p for s in copy.sections for p in s.paragraphs]
    for line in lines:
        if line.startswith(("You said", "From what you said", "You objected")):
            quoted = re.search(r"[“:] ?“?(.+?)”?$", line)
            assert quoted and quoted.group(1).strip("“”") in alex_said, line
    for words, who in others.items():
        holding = [line for line in lines if words in line]
        assert holding, f"{words!r} is not in the copy"
        for line in holding:
            assert not line.startswith(("You", "From what you")), line
            assert 0 <= line.find(who) < line.index(words), line


# --- All dissent, how it is respected (H31) -----------------------------------------


def test_every_decision_shows_each_disagreement_and_how_it_is_respected(
    scene: Scene,
) -> None:
    decided = section(copy_for(scene.assessment), "What was decided")
    assert decided[0] == f"{QUESTION} We decided: {HOME}."
    assert decided[1] == "Why: Alex chose home, where they sleep."
    at = decided.index(f"Jo Parker (your partner) objected to this: “{JO_OBJECTS}”")
    assert decided[at + 1 : at + 3] == [
        f"Why this view did not decide it: {JO_WHY}",
        f"How this view is respected: {RESPECTED}",
    ]
    review = [line for line in decided if line.startswith("We will look at this")]
    assert len(review) == 1 and re.search(
        r"on \d+ \w+ \d{4} at \d\d:\d\d\.$", review[0]
    )
    assert decided[-1] == "Clinician Tester wrote this down."


def test_every_confirmation_and_disagreement_with_the_plan_is_in_the_copy(
    scene: Scene,
) -> None:
    answers = section(copy_for(scene.assessment), "Who agreed with the plan")
    assert answers[:3] == [
        "You agreed with the plan.",
        "Clinician Tester (liaison nurse) agreed with the plan.",
        f"Jo Parker (your partner) took part but did not agree with part of it: "
        f"“{JO_PLAN}”",
    ]
    assert answers[3].startswith("This plan was signed on ")


# --- The plan as it stands now (H32) ---------------------------------------------------


def test_an_addendum_changes_the_action_in_the_copy_marked_with_when_and_why(
    scene: Scene,
) -> None:
    copy = copy_for(scene.assessment)
    agreed = section(copy, "What we agreed to do")
    today = timezone.localdate()
    assert agreed[:3] == [
        f"{COMES}. Who: Sam. When: 08:00 tomorrow.",
        f"Changed on {today.day} {today:%B %Y} because: {WHY_CHANGED}",
        f"Before the change it said: {RINGS}. Who: Alex. When: In the morning.",
    ]
    assert not any(line.startswith(RINGS) for line in agreed)
    # Punctuation is joined once: "Jo stays over tonight." and "Jo." keep one stop.
    assert "Jo stays over tonight. Who: Jo. When: Tonight." in agreed
    assert ".." not in copy.text

    # The signed version is still there as it was.
    as_signed = section(copy, "The plan as it was signed")
    assert f"{RINGS}. Who: Alex. When: In the morning." in as_signed
    signed = SignedVersion.objects.get(plan=scene.plan).content
    assert [a["what"] for a in signed["actions"]] == [RINGS, "Jo stays over tonight."]


def test_an_addendum_that_adds_to_the_plan_is_shown_with_why(
    clinician: User, scene: Scene
) -> None:
    services.add_addendum(
        actor=clinician,
        plan=scene.plan,
        reason="Alex asked for a text each evening.",
        text="The crisis team texts Alex at 18:00 this week.",
    )
    changes = section(copy_for(scene.assessment), "Changes since the plan was signed")
    assert changes[0].endswith("because: Alex asked for a text each evening.")
    assert changes[1] == "The crisis team texts Alex at 18:00 this week."


def test_an_addendum_changes_only_its_own_plans_actions(
    clinician: User, scene: Scene, make_person: Callable[..., Person]
) -> None:
    with pytest.raises(DomainError, match="whose who or when changes"):
        services.add_addendum(
            actor=clinician, plan=scene.plan, reason="x y", text="a b", who="Sam"
        )
    form = AddendumForm(
        {"reason": "Sam is away", "text": "Jo rings", "who": "Jo"}, plan=scene.plan
    )
    assert not form.is_valid()
    assert form.errors["who"] == ["Choose the action whose who or when changes."]
    other_plan_action = AddendumForm(
        {"reason": "Why", "text": "What", "action": str(scene.alex.pk)},
        plan=scene.plan,
    )
    assert not other_plan_action.is_valid()
    assert other_plan_action.errors["action"] == ["Choose one of this plan’s actions."]


# --- A dispute always with what it disputes ----------------------------------------


def test_a_dispute_is_shown_with_the_entry_it_disputes(scene: Scene) -> None:
    differ = section(copy_for(scene.assessment), "Where people see things differently")
    assert differ == [
        f"From what Jo Parker (your partner) said: {JO_HELPS}",
        f"You disagreed with this: “{ALEX_DISPUTES}”",
    ]


def test_a_dispute_of_a_withheld_entry_says_so_in_general_terms(
    clinician: User, make_person: Callable[..., Person]
) -> None:
    a = _people(clinician, make_person)
    alex = Participant.objects.get(assessment=a, kind=ParticipantKind.PERSON)
    nurse = Participant.objects.get(assessment=a, kind=ParticipantKind.STAFF)
    secret = "Their neighbour's court case is next week."
    entry = _say(
        clinician,
        a,
        "history.life",
        voice=nurse,
        text=secret,
        withheld_reason="third_party",
    )
    assessment_services.dispute_entry(
        actor=clinician, entry=entry, disputer=alex, account="Not true at all."
    )
    copy = copy_for(a)
    assert secret not in copy.text and "Not true at all." not in copy.text
    assert section(copy, "Where people see things differently") == [
        WORDS["withheld_dispute"].format(Who="You")
    ]


# --- The app's own words ------------------------------------------------------------------


GAPS = {
    "Who": "Jo Parker (your partner)",
    "who": "Jo Parker (your partner)",
    "text": "Sam comes round in the morning.",
    "names": "You and Jo Parker (your partner)",
    "question": "Where will you stay tonight?",
    "chosen": "At home, with Jo.",
    "when": "1 December 2026 at 10:00",
    "name": "Jo Parker",
    "role": "your partner",
    "reason": "Sam offered to come round.",
    "what": "Sam comes round.",
    "decision": "Where to stay tonight.",
    "how": "07700 900201.",
    "language": "Sylheti",
    "why": "It is about someone else.",
    "they": "they",
}


def fixed_sentences() -> list[str]:
    """Every fixed sentence of the copy, its gaps filled with plain words."""
    filled = []
    for template in WORDS.values():
        gaps = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        filled.append(template.format(**{g: GAPS[g] for g in gaps}))
    return [
        *filled,
        *PLAN_HEADINGS,
        *EXPERTISE_ROLES.values(),
        contingency.NOT_LEGAL,
        *contingency.LABELS.values(),
        "What matters to you now",
        "What you told us",
        "What helps you, and what you hope for",
        "Keeping safe",
        "What was decided",
        "Where people see things differently",
        "What other people told us",
        "Created together by",
    ]


@pytest.mark.parametrize("sentence", fixed_sentences())
def test_every_fixed_sentence_passes_the_apps_own_checker(sentence: str) -> None:
    findings = check(sentence, Audience.PERSON_FACING)
    assert not findings, [(f.term, f.why) for f in findings]


def test_the_checker_can_fail_on_a_fixed_sentence() -> None:
    """The old sentence the issue found is caught, so the test above can fail."""
    old = "It is not a legal advance decision to refuse treatment."
    assert check(old, Audience.PERSON_FACING)


# --- Names, pronouns, interpreters and language (part 5) ---------------------------


def test_a_preferred_name_is_used_exactly_as_given() -> None:
    assert (
        display_name(
            given_name="Rahima", family_name="Begum", preferred_name="Mrs Begum"
        )
        == "Mrs Begum"
    )
    assert (
        display_name(given_name="Rahima", family_name="Begum", preferred_name="Begum")
        == "Begum"
    )
    assert (
        display_name(given_name="Samantha", family_name="Reid", preferred_name="Sam")
        == "Sam Reid"
    )
    assert (
        display_name(given_name="Ian", family_name="Lee", preferred_name="Dr. Lee")
        == "Dr. Lee"
    )


def test_her_quotation_and_copy_use_her_preferred_name(
    clinician: User,
    make_person: Callable[..., Person],
    signed_in: Callable[[str], Any],
) -> None:
    begum = make_person(
        given_name="Rahima",
        family_name="Begum",
        preferred_name="Mrs Begum",
        pronouns="she/her",
        nhs_number="",
        preferred_language="Sylheti",
        interpreter_needed=True,
    )
    assert begum.name == "Mrs Begum" and begum.called == "Mrs Begum"
    a = _begum_assessment(clinician, begum)
    me = Participant.objects.get(assessment=a, kind=ParticipantKind.PERSON)
    assert me.name == "Mrs Begum"
    _say(clinician, a, "account", voice=me, text="I want to go home.", own_words=True)
    c = signed_in("clinician")
    page = text_of(c.get(reverse("assessments:show_assessment", args=[a.pk])))
    assert "In Mrs Begum’s words: “I want to go home.”" in page
    assert "Begum Begum" not in page and "In Mrs’s words" not in page
    copy = copy_for(a)
    assert copy.name == "Mrs Begum"


def _begum_assessment(clinician: User, begum: Person) -> Assessment:
    referral = record_referral(
        actor=clinician,
        person=begum,
        data={
            "source": "ward",
            "department": "Ward 7",
            "bed": "Bed 3",
            "referrer_name": "Ward sister",
            "referrer_contact": "ext 4455",
            "reason": "Low mood since her fall.",
            "urgency": "urgent",
            "received_at": timezone.now() - dt.timedelta(hours=2),
        },
    )
    return assessment_services.start_assessment(actor=clinician, referral=referral)


def test_generated_sentences_use_pronouns_or_the_name() -> None:
    assert pronouns_for("she/her", "Mrs Begum").them == "her"
    assert pronouns_for("He / him", "Tom").their == "his"
    assert pronouns_for("they/them", "Alex").they == "they"
    unknown = pronouns_for("", "Mrs Begum")
    assert (unknown.they, unknown.them, unknown.their) == (
        "Mrs Begum",
        "Mrs Begum",
        "Mrs Begum’s",
    )
    assert pronouns_for("ze/zir", "Kit").them == "Kit"
    assert pronouns_for("they/them", "Alex").agree("were", "was") == "were"
    assert unknown.agree("were", "was") == "was"


def _with_interpreter(
    clinician: User, make_person: Callable[..., Person]
) -> tuple[Assessment, Participant, Plan]:
    begum = make_person(
        given_name="Rahima",
        family_name="Begum",
        preferred_name="Mrs Begum",
        pronouns="she/her",
        nhs_number="",
        preferred_language="Sylheti",
        interpreter_needed=True,
    )
    a = _begum_assessment(clinician, begum)
    interpreter = assessment_services.add_participant(
        actor=clinician,
        assessment=a,
        kind=ParticipantKind.OTHER,
        expertise=Expertise.INTERPRETER,
        name="Nasima Ali",
    )
    plan = services.start_plan(actor=clinician, assessment=a)
    return a, interpreter, plan


def test_an_interpreter_is_listed_as_interpreting_and_not_asked_to_agree(
    clinician: User, make_person: Callable[..., Person]
) -> None:
    a, interpreter, plan = _with_interpreter(clinician, make_person)
    assert not [p for p in sign_off_problems(plan) if "Nasima Ali" in p]
    with pytest.raises(DomainError, match="not asked to agree"):
        services.confirm_plan(
            actor=clinician, plan=plan, participant=interpreter, meaning="agree"
        )
    form = ConfirmForm(assessment=a)
    offered = [p.name for p in form.fields["participant"].queryset]  # type: ignore[attr-defined]
    assert "Nasima Ali" not in offered and "Mrs Begum" in offered
    copy = copy_for(a)
    assert "Nasima Ali: interpreter, who put what people said into words you know." in (
        copy.made_with
    )
    assert "You took part with help from an interpreter: Nasima Ali." in section(
        copy, "Who agreed with the plan"
    )


def test_any_plan_can_say_when_it_is_gone_through_again(
    clinician: User,
    make_person: Callable[..., Person],
    signed_in: Callable[[str], Any],
) -> None:
    a, _, plan = _with_interpreter(clinician, make_person)
    when = timezone.now() + dt.timedelta(days=2)
    services.update_plan_text(
        actor=clinician,
        plan=plan,
        rationale="Home with her daughter.",
        based_on_version=plan.version,
        revisit_with_person_at=when,
    )
    page = text_of(signed_in("clinician").get(reverse("plans:show_plan", args=[a.pk])))
    assert "Mrs Begum took part with an interpreter: Nasima Ali." in page
    assert "The plan will be gone through again with her on" in page
    assert "was not able to take part" not in page
    assert "Nasima Ali (interpreter) Answer Interpreted: not asked to agree" in page
    form = text_of(
        signed_in("clinician").get(reverse("plans:update_contingency", args=[a.pk]))
    )
    assert "Write it with Mrs Begum, in her own words where she wants." in form
    answers = section(copy_for(a), "Who agreed with the plan")
    assert any(
        line.startswith("We will go through this plan with you again on")
        for line in answers
    )
    assert not any(line.startswith("You were not able") for line in answers)


def test_an_english_copy_for_someone_who_prefers_another_language_says_so(
    clinician: User,
    make_person: Callable[..., Person],
    signed_in: Callable[[str], Any],
) -> None:
    a, _, _ = _with_interpreter(clinician, make_person)
    notice = "This copy is in English. You can ask for someone to go through it with you in Sylheti."
    assert copy_for(a).notice == [notice]
    page = text_of(
        signed_in("clinician").get(reverse("plans:person_copy", args=[a.pk]))
    )
    staff = page[page.index("For staff: before you give this copy") :]
    assert "This copy is in English Mrs Begum’s preferred language is Sylheti" in staff
    assert "Before you give her this copy, offer an interpreter" in staff
    assert notice in page[: page.index("For staff")]


def test_an_english_speakers_copy_has_no_language_notice(scene: Scene) -> None:
    assert copy_for(scene.assessment).notice == []


# --- The page and the PDF ------------------------------------------------------------


def test_the_copy_comes_first_and_staff_actions_after_it(
    scene: Scene, signed_in: Callable[[str], Any]
) -> None:
    html = unescape(
        signed_in("clinician")
        .get(reverse("plans:person_copy", args=[scene.assessment.pk]))
        .content.decode()
    )
    main = html[html.index('id="maincontent"') :]
    copy_at = main.index('<article class="coassess-person-copy"')
    assert main.index("<h1", 0) > copy_at
    for staff in (
        "For staff: before you give this copy",
        "Download as a PDF",
        "Parts of the assessment",
    ):
        assert main.index(staff) > main.index("Created together by"), staff
    assert html.index("Parts of the assessment") > html.index("</article>")


def test_the_pdf_has_every_voice_the_objection_and_the_change(
    scene: Scene, signed_in: Callable[[str], Any]
) -> None:
    response = signed_in("clinician").get(
        reverse("plans:person_copy_pdf", args=[scene.assessment.pk])
    )
    text = " ".join(
        " ".join(
            p.extract_text() or ""
            for p in PdfReader(io.BytesIO(response.content)).pages
        ).split()
    )
    for words in (
        f"Jo Parker (your partner) raised this: {JO_SCARED}",
        f"Clinician Tester (liaison nurse) raised this: {NURSE_CONCERN}",
        f"Jo Parker (your partner) objected to this: “{JO_OBJECTS}”",
        f"How this view is respected: {RESPECTED}",
        f"{COMES}. Who: Sam.",
        f"because: {WHY_CHANGED}",
        "The plan as it was signed",
    ):
        assert words in text, words


def test_a_name_glued_before_is_mended_by_the_migration(
    clinician: User, make_person: Callable[..., Person]
) -> None:
    """Participants recorded before the fix keep no "Mrs Begum Begum"."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module(
        "coassess.assessments.migrations.0007_person_participant_name_as_given"
    )
    begum = make_person(
        given_name="Rahima",
        family_name="Begum",
        preferred_name="Mrs Begum",
        nhs_number="",
    )
    a = _begum_assessment(clinician, begum)
    Participant.objects.filter(assessment=a, kind="person").update(
        name="Mrs Begum Begum"
    )
    migration.name_as_given(apps, None)
    me = Participant.objects.get(assessment=a, kind="person")
    assert me.name == "Mrs Begum"


def test_the_persons_page_speaks_of_them_with_their_pronouns_or_name(
    make_person: Callable[..., Person], signed_in: Callable[[str], Any]
) -> None:
    c = signed_in("clinician")
    sam = make_person()  # Sam Reid, she/her
    page = text_of(c.get(reverse("people:show_person", args=[sam.pk])))
    assert "Change Sam’s details" in page
    assert "People Sam Reid has named to support her." in page
    begum = make_person(
        given_name="Rahima",
        family_name="Begum",
        preferred_name="Mrs Begum",
        pronouns="",
        nhs_number="",
        interpreter_needed=True,
    )
    page = text_of(c.get(reverse("people:show_person", args=[begum.pk])))
    assert "People Mrs Begum has named to support Mrs Begum." in page
    assert "Yes, Mrs Begum would like one" in page
    assert "Begum Begum" not in page
