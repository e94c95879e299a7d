"""The plan pages, through HTTP: building the plan, positions, the crisis plan,
confirmations, sign-off, and what may change after signing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from html import unescape
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coassess.accounts.models import User
from coassess.assessments import services as assessment_services
from coassess.assessments.models import Assessment, ImmediateConcern, Participant
from coassess.decisions import services as decisions
from coassess.decisions.models import Position
from coassess.plans import contingency, services
from coassess.plans.forms import ContingencyForm
from coassess.plans.hosts import PlanHost
from coassess.plans.models import (
    SIGNING_DECLARATION,
    Action,
    Addendum,
    ContingencyPlan,
    Plan,
    SignedVersion,
)

Browser = Any
SIGN = {"declaration": "confirmed"}  # the signer ticks what signing means


def url(name: str, assessment: Assessment) -> str:
    return reverse(f"plans:{name}", kwargs={"assessment_id": assessment.pk})


def page(response: Any) -> str:
    return unescape(response.content.decode())


def words(html: str) -> str:
    """The page's text as a reader meets it: no tags, single spaces."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def browser(signed_in: Callable[[str], Browser]) -> Browser:
    return signed_in("clinician")


@pytest.fixture
def plan(clinician: User, assessment: Assessment) -> Plan:
    return services.start_plan(actor=clinician, assessment=assessment)


@pytest.fixture
def concern(
    clinician: User, assessment: Assessment, voices: dict[str, Participant]
) -> ImmediateConcern:
    return assessment_services.add_concern(
        actor=clinician,
        assessment=assessment,
        text="Somewhere safe tonight",
        raised_by=voices["person"],
        agreed_by=[voices["person"], voices["carer"]],
    )


def action_data(voice: Participant, **extra: Any) -> dict[str, Any]:
    return {
        "what": "Maggie stays over tonight",
        "who": "Maggie",
        "by_when": "Tonight",
        "proposer": voice.pk,
        **extra,
    }


def add_action(
    clinician: User, plan: Plan, voice: Participant, what: str = "Stay with mum"
) -> Action:
    return services.add_action(
        actor=clinician,
        plan=plan,
        what=what,
        who="Sam and Maggie",
        by_when="Tonight",
        proposer=voice,
    )


def test_the_contingency_parts_are_every_text_field_of_the_plan() -> None:
    fields = {
        f.name
        for f in ContingencyPlan._meta.get_fields()
        if getattr(f, "get_internal_type", lambda: "")() == "TextField"
    }
    assert set(contingency.NAMES) == fields
    assert set(ContingencyForm().fields) >= fields


def test_an_assessment_without_a_plan_offers_to_start_one(
    browser: Browser, assessment: Assessment, voices: dict[str, Participant]
) -> None:
    html = page(browser.get(url("show_plan", assessment)))
    assert "There is no plan yet" in html
    assert "Start the plan" in html
    # The other pages go back to start it first.
    response = browser.get(url("add_action", assessment))
    assert response.status_code == 302
    assert response["Location"] == url("show_plan", assessment)

    response = browser.post(url("start_plan", assessment))
    assert response.status_code == 302
    plan = Plan.objects.get(assessment=assessment)
    html = page(browser.get(url("show_plan", assessment)))
    assert "What we agreed to do" in html and "Not signed yet" in html
    # Starting twice keeps the one plan.
    browser.post(url("start_plan", assessment))
    assert Plan.objects.get(assessment=assessment) == plan


def test_the_plan_is_in_the_assessment_navigation(
    browser: Browser, assessment: Assessment
) -> None:
    html = page(
        browser.get(
            reverse(
                "assessments:show_assessment", kwargs={"assessment_id": assessment.pk}
            )
        )
    )
    assert f'href="{url("show_plan", assessment)}"' in html


def test_an_action_answers_an_agreed_concern_and_builds_on_a_strength(
    browser: Browser,
    clinician: User,
    plan: Plan,
    voices: dict[str, Participant],
    concern: ImmediateConcern,
) -> None:
    strength = assessment_services.add_contribution(
        actor=clinician,
        assessment=plan.assessment,
        section="strengths.people",
        voice=voices["person"],
        text="My mum always picks up",
    )
    html = page(browser.get(url("show_plan", plan.assessment)))
    assert "An agreed concern has no action yet" in html
    form = page(browser.get(url("add_action", plan.assessment)))
    assert "Somewhere safe tonight" in form and "My mum always picks up" in form

    response = browser.post(
        url("add_action", plan.assessment),
        action_data(voices["carer"], concerns=[concern.pk], strengths=[strength.pk]),
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert list(action.concerns.all()) == [concern]
    assert list(action.strengths.all()) == [strength]
    html = page(browser.get(url("show_plan", plan.assessment)))
    assert "An agreed concern has no action yet" not in html
    assert "Action 1: Maggie stays over tonight" in words(html)
    assert "Suggested by" in html and "My mum always picks up (Sam Reid)" in html
    assert "Where everyone stands on action 1" in html


def test_an_action_with_nothing_typed_keeps_the_form_and_says_what_is_missing(
    browser: Browser, plan: Plan, voices: dict[str, Participant]
) -> None:
    response = browser.post(
        url("add_action", plan.assessment),
        action_data(voices["carer"], who="", by_when="By 10:00 tomorrow"),
    )
    html = page(response)
    assert response.status_code == 400
    assert "Write who will do it." in html
    assert "By 10:00 tomorrow" in html and "Maggie stays over tonight" in html
    assert not Action.objects.exists()


def test_a_dissenting_position_needs_a_reason_shown_beside_its_action(
    browser: Browser, clinician: User, plan: Plan, voices: dict[str, Participant]
) -> None:
    first = add_action(clinician, plan, voices["person"], "Stay with mum tonight")
    second = add_action(clinician, plan, voices["clinician"], "Call at 10:00")
    response = browser.post(
        url("give_positions", plan.assessment),
        {
            "voice": voices["carer"].pk,
            f"stance_{first.option_id}": "disagree",
            f"matters_{first.option_id}": "",
            f"stance_{second.option_id}": "agree",
            f"matters_{second.option_id}": "A call in the morning helps",
        },
    )
    html = page(response)
    assert response.status_code == 400
    message = (
        "Say what matters to Maggie Reid here: a reason is needed when disagreeing."
    )
    assert message in html
    # Beside the first action's box, not the second's.
    position_block = html.split(f'id="position-{first.option_id}"')[1].split(
        f'id="position-{second.option_id}"'
    )[0]
    assert message in position_block
    assert "A call in the morning helps" in html
    assert not Position.objects.exists()  # all or none

    response = browser.post(
        url("give_positions", plan.assessment),
        {
            "voice": voices["carer"].pk,
            f"stance_{first.option_id}": "disagree",
            f"matters_{first.option_id}": "I want her to stay in hospital tonight",
            f"stance_{second.option_id}": "agree",
        },
    )
    assert response.status_code == 302
    html = page(browser.get(url("show_plan", plan.assessment)))
    assert "✗ Disagrees" in html and "✓ Agrees" in html
    assert "I want her to stay in hospital tonight" in html
    assert "Not given yet" in html  # the others have not said yet


def test_positions_need_at_least_one_answer(
    browser: Browser, clinician: User, plan: Plan, voices: dict[str, Participant]
) -> None:
    add_action(clinician, plan, voices["person"])
    response = browser.post(
        url("give_positions", plan.assessment), {"voice": voices["person"].pk}
    )
    assert response.status_code == 400
    assert "Choose a position on at least one action." in page(response)


def contingency_data(version: int, **fields: str) -> dict[str, Any]:
    return {"based_on": version, "in_own_words": "on", **fields}


def test_the_crisis_plan_is_in_the_persons_voice_and_a_stale_save_is_a_409(
    signed_in: Callable[[str], Browser], plan: Plan
) -> None:
    mine, theirs = signed_in("clinician"), signed_in("peer")
    form = page(mine.get(url("update_contingency", plan.assessment)))
    for label in ("Warning signs", "What I can do myself", "What keeps me going"):
        assert label in form
    assert "It is not a legal document." in form

    saved = theirs.post(
        url("update_contingency", plan.assessment),
        contingency_data(1, warning_signs="I stop answering my phone"),
    )
    assert saved.status_code == 302
    response = mine.post(
        url("update_contingency", plan.assessment),
        contingency_data(1, warning_signs="I stop sleeping and pace at night"),
    )
    html = page(response)
    assert response.status_code == 409
    assert "Someone else saved this first" in html
    assert "I stop answering my phone" in html
    assert "I stop sleeping and pace at night" in html  # kept in the form
    assert 'name="based_on" value="2"' in html
    plan.contingency.refresh_from_db()
    assert plan.contingency.warning_signs == "I stop answering my phone"

    # Saving again, now on their version, keeps mine deliberately.
    assert (
        mine.post(
            url("update_contingency", plan.assessment),
            contingency_data(2, warning_signs="I stop sleeping and pace at night"),
        ).status_code
        == 302
    )
    plan.contingency.refresh_from_db()
    assert plan.contingency.warning_signs == "I stop sleeping and pace at night"


def test_a_contact_makes_the_crisis_plan_this_persons_own(
    browser: Browser, plan: Plan
) -> None:
    html = page(browser.get(url("show_plan", plan.assessment)))
    assert "The contingency plan has no one to contact." in html
    response = browser.post(
        url("add_contact", plan.assessment),
        {"name": "Maggie Reid", "role": "mum", "how": "07700 900101", "when": ""},
    )
    assert response.status_code == 400
    assert "Write when they can be reached." in page(response)
    response = browser.post(
        url("add_contact", plan.assessment),
        {
            "name": "Maggie Reid",
            "role": "mum",
            "how": "07700 900101",
            "when": "Any time",
        },
    )
    assert response.status_code == 302
    html = page(browser.get(url("show_plan", plan.assessment)))
    assert "07700 900101" in html
    assert "What makes this plan Sam’s own:" in html
    assert "a named contact: Maggie Reid" in html
    assert "The contingency plan has no one to contact." not in html


def test_a_crisis_plan_of_stock_phrases_says_so(
    browser: Browser, clinician: User, plan: Plan
) -> None:
    services.update_contingency(
        actor=clinician,
        plan=plan,
        based_on_version=1,
        data={"what_i_can_do": "Call 999"},
    )
    html = page(browser.get(url("show_plan", plan.assessment)))
    assert "This crisis plan is only stock phrases" in html


def test_confirmations_keep_disagreement_with_its_reason(
    browser: Browser, plan: Plan, voices: dict[str, Participant]
) -> None:
    response = browser.post(
        url("confirm_plan", plan.assessment),
        {"participant": voices["carer"].pk, "meaning": "disagree", "reason": ""},
    )
    assert response.status_code == 400
    assert "Say which part they do not agree with, and why." in page(response)

    response = browser.post(
        url("confirm_plan", plan.assessment),
        {"participant": voices["carer"].pk, "meaning": "on_behalf", "reason": "x"},
    )
    assert response.status_code == 400
    assert "Only the person's own confirmation can be recorded" in page(response)

    response = browser.post(
        url("confirm_plan", plan.assessment),
        {
            "participant": voices["carer"].pk,
            "meaning": "disagree",
            "reason": "I want her to stay in tonight",
        },
    )
    assert response.status_code == 302
    html = page(browser.get(url("show_plan", plan.assessment)))
    assert "Took part, does not agree with part of it" in html
    assert "I want her to stay in tonight" in html
    assert "Not confirmed yet" in html  # the others


def test_if_the_person_could_not_take_part_a_future_time_is_needed(
    browser: Browser, plan: Plan
) -> None:
    form = {
        "based_on": 1,
        "rationale": "Home with mum is what Sam wants",
        "person_not_able_reason": "Asleep after a long night",
    }
    response = browser.post(url("update_rationale", plan.assessment), form)
    assert response.status_code == 400
    assert "Say when the plan will be gone through again: it is needed when the " in (
        page(response)
    )

    past = timezone.localtime() - dt.timedelta(days=1)
    moment = {
        "revisit_day": past.day,
        "revisit_month": past.month,
        "revisit_year": past.year,
        "revisit_time": "10:00",
    }
    response = browser.post(url("update_rationale", plan.assessment), form | moment)
    assert response.status_code == 400
    assert "must be in the future" in page(response)

    soon = timezone.localtime() + dt.timedelta(days=1)
    moment.update(
        revisit_day=soon.day, revisit_month=soon.month, revisit_year=soon.year
    )
    response = browser.post(url("update_rationale", plan.assessment), form | moment)
    assert response.status_code == 302
    html = page(browser.get(url("show_plan", plan.assessment)))
    assert "Home with mum is what Sam wants" in html
    assert "Sam was not able to take part" in html
    # Sam is she/her: the plan says so in its own sentence, never "them".
    assert "The plan will be gone through with her on" in html


def test_a_stale_rationale_shows_both_versions(
    browser: Browser, clinician: User, plan: Plan
) -> None:
    services.update_plan_text(
        actor=clinician, plan=plan, rationale="Their reasons", based_on_version=1
    )
    response = browser.post(
        url("update_rationale", plan.assessment),
        {"based_on": 1, "rationale": "My reasons", "person_not_able_reason": ""},
    )
    html = page(response)
    assert response.status_code == 409
    assert "Their reasons" in html and "My reasons" in html


def make_ready(
    browser: Browser, plan: Plan, voices: dict[str, Participant], concern: Any
) -> None:
    assessment = plan.assessment
    browser.post(
        url("add_action", assessment),
        action_data(voices["carer"], concerns=[concern.pk]),
    )
    browser.post(
        url("add_contact", assessment),
        {
            "name": "Maggie Reid",
            "role": "mum",
            "how": "07700 900101",
            "when": "Any time",
        },
    )
    for voice in voices.values():
        response = browser.post(
            url("confirm_plan", assessment),
            {"participant": voice.pk, "meaning": "agree", "reason": ""},
        )
        assert response.status_code == 302


def test_sign_off_is_refused_listing_exactly_what_is_missing_then_allowed(
    browser: Browser,
    plan: Plan,
    voices: dict[str, Participant],
    concern: ImmediateConcern,
) -> None:
    html = page(browser.get(url("show_plan", plan.assessment)))
    assert "Sign the plan" not in html
    response = browser.post(url("sign_plan", plan.assessment))
    html = page(response)
    assert response.status_code == 400
    assert "The plan cannot be signed yet" in html
    for missing in (
        "No action answers the agreed concern “Somewhere safe tonight”.",
        "The plan has no actions yet.",
        "Sam Reid has not confirmed the plan or recorded a disagreement with it.",
        "Maggie Reid has not confirmed the plan or recorded a disagreement with it.",
        "The contingency plan has no one to contact.",
    ):
        assert missing in html
    plan.refresh_from_db()
    assert not plan.is_signed

    make_ready(browser, plan, voices, concern)
    html = page(browser.get(url("show_plan", plan.assessment)))
    assert "Everything needed is in place." in html and "Sign the plan" in html
    assert SIGNING_DECLARATION in html  # the box to tick says what signing means
    response = browser.post(url("sign_plan", plan.assessment))  # not ticked
    assert response.status_code == 400
    assert "Tick the box to confirm what signing the plan means." in page(response)
    plan.refresh_from_db()
    assert not plan.is_signed
    response = browser.post(url("sign_plan", plan.assessment), SIGN)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.is_signed and plan.signed_declaration == SIGNING_DECLARATION
    html = page(browser.get(url("show_plan", plan.assessment)))
    assert "Signed" in html and "See the plan exactly as it was signed" in html
    confirmed = f"Clinician Tester confirmed, when signing: “{SIGNING_DECLARATION}”"
    assert confirmed in words(html)
    html = page(browser.get(url("signed_version", plan.assessment)))
    assert SIGNING_DECLARATION in html


def test_a_peer_worker_does_not_sign(
    signed_in: Callable[[str], Browser],
    plan: Plan,
    voices: dict[str, Participant],
    concern: ImmediateConcern,
) -> None:
    make_ready(signed_in("clinician"), plan, voices, concern)
    response = signed_in("peer").post(url("sign_plan", plan.assessment), SIGN)
    assert response.status_code == 400
    assert "A clinician or team lead signs the plan." in page(response)


def test_after_signing_only_addenda_change_it_and_the_signed_text_stays(
    browser: Browser,
    plan: Plan,
    voices: dict[str, Participant],
    concern: ImmediateConcern,
) -> None:
    assessment = plan.assessment
    response = browser.get(url("add_addendum", assessment))
    assert response.status_code == 302  # nothing to add to before signing
    make_ready(browser, plan, voices, concern)
    browser.post(url("sign_plan", assessment), SIGN)
    signed_before = SignedVersion.objects.get(plan=plan).content

    for name in ("add_action", "update_contingency", "confirm_plan", "add_contact"):
        response = browser.get(url(name, assessment))
        assert response.status_code == 302, name
    response = browser.post(
        url("add_action", assessment), action_data(voices["person"], what="Late")
    )
    assert response.status_code == 400
    assert "This plan is signed. Add an addendum to change it." in page(response)
    response = browser.post(
        url("update_contingency", assessment),
        contingency_data(1, warning_signs="Late change"),
    )
    assert response.status_code == 400
    assert "This plan is signed." in page(response)
    assert Action.objects.count() == 1

    response = browser.post(
        url("add_addendum", assessment),
        {"reason": "Sam rang in the morning", "text": "Review moved to 11:00"},
    )
    assert response.status_code == 302
    assert Addendum.objects.count() == 1
    html = page(browser.get(url("show_plan", assessment)))
    assert "Review moved to 11:00" in html and "Sam rang in the morning" in html

    signed = page(browser.get(url("signed_version", assessment)))
    assert SignedVersion.objects.get(plan=plan).content == signed_before
    assert "Maggie stays over tonight" in signed
    assert "Maggie Reid" in signed and "07700 900101" in signed
    assert "Review moved to 11:00" not in signed
    assert "by Clinician Tester" in signed


def test_the_signed_version_waits_for_signing(browser: Browser, plan: Plan) -> None:
    response = browser.get(url("signed_version", plan.assessment))
    assert response.status_code == 302


def test_reading_the_plan_takes_the_same_queries_however_many_actions(
    browser: Browser,
    clinician: User,
    plan: Plan,
    voices: dict[str, Participant],
    concern: ImmediateConcern,
) -> None:
    show = url("show_plan", plan.assessment)
    strength = assessment_services.add_contribution(
        actor=clinician,
        assessment=plan.assessment,
        section="strengths.what_helps",
        voice=voices["person"],
        text="Walking the dog",
    )

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert browser.get(show).status_code == 200
        return len(queries)

    def grow(n: int) -> None:
        for i in range(n):
            action = services.add_action(
                actor=clinician,
                plan=plan,
                what=f"Action {i}",
                who="Sam",
                by_when="Tomorrow",
                proposer=voices["person"],
                concerns=[concern],
                strengths=[strength],
            )
            for voice in voices.values():
                decisions.give_position(
                    actor=clinician,
                    host=PlanHost(action.plan.assessment, action.plan),
                    option=action.option,
                    voice=voice.pk,
                    stance="reservations",
                    what_matters="Only if the team rings",
                )
        services.add_contact(
            actor=clinician, plan=plan, name=f"Friend {n}", role="", how="x", when="y"
        )
        for voice in voices.values():
            services.confirm_plan(
                actor=clinician, plan=plan, participant=voice, meaning="agree"
            )

    count()  # the first request of a session also writes the session; measure after it
    grow(1)
    one = count()
    grow(9)
    assert Action.objects.count() == 10
    assert count() == one


def test_someone_from_another_team_cannot_change_the_plan(
    signed_in: Callable[[str], Browser], plan: Plan
) -> None:
    outsider = signed_in("outsider")
    assert outsider.post(url("sign_plan", plan.assessment)).status_code == 403
    response = outsider.get(url("show_plan", plan.assessment))
    assert response.status_code == 302 and "/break-glass/" in response["Location"]


def test_the_persons_copy_includes_the_plan_and_its_pdf_carries_the_version(
    signed_in: Callable[[str], Any],
    assessment: Any,
    voices: dict[str, Any],
    clinician: Any,
) -> None:
    import io

    from pypdf import PdfReader

    from coassess.plans import services as plan_services

    plan = plan_services.start_plan(actor=clinician, assessment=assessment)
    plan_services.add_action(
        actor=clinician,
        plan=plan,
        what="Mum stays over tonight",
        who="Maggie",
        by_when="Tonight",
        proposer=voices["carer"],
    )
    plan_services.update_contingency(
        actor=clinician,
        plan=plan,
        based_on_version=1,
        data={
            "warning_signs": "I stop answering texts.",
            "treatments_i_would_refuse": "I don't want lorazepam again.",
        },
    )
    plan_services.add_contact(
        actor=clinician,
        plan=plan,
        name="Priti",
        role="Friend",
        how="07700 900109",
        when="Evenings",
    )
    c = signed_in("clinician")
    html = c.get(
        reverse("plans:person_copy", kwargs={"assessment_id": assessment.pk})
    ).content.decode()
    for words in (
        "What we agreed to do",
        "Mum stays over tonight. Who: Maggie. When: Tonight.",
        "Warning signs: I stop answering texts.",
        "It is not a legal document.",
        "Priti (Friend): 07700 900109. When: Evenings.",
    ):
        assert words in html.replace("&#39;", "'")
    pdf = c.get(
        reverse("plans:person_copy_pdf", kwargs={"assessment_id": assessment.pk})
    )
    text = " ".join(
        " ".join(
            p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages
        ).split()
    )
    assert "Who to contact" in text and "Plan version" in text
