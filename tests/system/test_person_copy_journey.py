"""The person's copy tells the truth (issue 11), read in a real browser, page and
PDF, with axe checking every page on the way.

The ED scenario of the issue, all fictional: Alex Quinn (they/them), seen at
night in the emergency department with their partner Jo. Jo objects to where
Alex will be supported tonight, with a reason; the outcome says how that is
respected (Jo stays over; an early review at 10:00). Jo disagrees with part of
the plan. After signing, an addendum changes "Alex rings Sam in the morning" to
"Sam comes at 08:00". Alex is added through the pages, so nothing else in the
suite touches this record.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from pypdf import PdfReader

from coassess.plans.models import SIGNING_DECLARATION
from tests.system.conftest import check_accessibility, choose_voice
from tests.system.test_assessment_journey import prompt
from tests.system.test_plan_journey import (
    add_contact,
    confirm,
    flash,
    follow,
    go_to_part,
    position,
    words,
)

ALEX = "Alex Quinn (lived experience)"
JO = "Jo Quinn (carer experience)"
AMARA = "Amara Okafor (professional)"

JO_SCARED = "I'm scared to leave them alone tonight."
NURSE_CONCERN = "Alex's safety tonight, after the overdose."
ALEX_ACCOUNT = "I took the tablets because I wanted the night to stop."
QUESTION = "Where will Alex be supported tonight?"
HOME = "At home, with Jo"
WARD = "On the crisis ward"
ALEX_HOME = "I sleep at home. The ward scares me."
JO_OBJECTS = "I start work at 6am, so Alex would be alone in the morning."
RESPECTED = "Jo stays over; an early review at 10:00."
JO_WHY = "It is Alex's own choice, and Alex can keep safe at home tonight."
RINGS = "Alex rings Sam in the morning"
STAYS = "Jo stays over tonight"
JO_PLAN = "I can stay tonight, but not every night this week."
WHY_CHANGED = "Sam offered to come round instead of waiting for a call."
COMES = "Sam comes at 08:00"


def add_alex_and_jo(page: Any) -> None:
    """Alex Quinn, with Jo as their partner, and a referral from the ED."""
    page.goto("/people/add/")
    page.get_by_role("heading", level=1, name="Add a person").wait_for()
    page.get_by_label("First name").fill("Alex")
    page.get_by_label("Last name").fill("Quinn")
    page.get_by_label("Pronouns (optional)").fill("they/them")
    page.get_by_label("Their age, if nobody knows their date of birth").fill("24")
    page.get_by_role("button", name="Save").click()
    flash(page, "Alex Quinn has been added.")
    person_url = page.url.split("#")[0]
    page.get_by_role("button", name="Add a supporter").click()
    page.get_by_label("Their name").fill("Jo Quinn")
    page.get_by_label("Who they are to the person").fill("partner")
    page.get_by_role("button", name="Save").click()
    flash(page, "Jo Quinn has been added as a supporter.")

    person_id = person_url.rstrip("/").split("/")[-1]
    page.goto(f"/referrals/new/{person_id}/")
    page.get_by_role(
        "heading", level=1, name="Record a referral for Alex Quinn"
    ).wait_for()
    page.get_by_label("Emergency department", exact=True).check()
    page.get_by_label("Who made the referral?").fill("Dr B. Example, ED registrar")
    page.get_by_label("Reason for the referral, in the referrer’s words").fill(
        "Overdose tonight; medically fit now."
    )
    page.get_by_label("Emergency", exact=True).check()
    page.get_by_role("button", name="Record the referral").click()
    page.get_by_role("heading", level=1, name=re.compile("^Team board")).wait_for()


def start_with_jo(page: Any) -> None:
    page.get_by_role("link", name="Start the assessment with Alex Quinn").click()
    page.get_by_role("button", name="Start the assessment").click()
    page.get_by_role("heading", level=1, name="Who is taking part").wait_for()
    page.get_by_label("A supporter the person has named").check()
    page.get_by_label("Supporter", exact=True).select_option(label="Jo Quinn (partner)")
    page.get_by_label("What they bring").select_option(label="Carer experience")
    page.get_by_role("button", name="Add").click()
    flash(page, "Jo Quinn is taking part.")


def concerns_and_account(page: Any) -> None:
    go_to_part(page, "Immediate concerns", "Immediate concerns")
    for text, raised_by in ((JO_SCARED, JO), (NURSE_CONCERN, AMARA)):
        page.get_by_label("The concern").fill(text)
        choose_voice(page, "Who raised it?", raised_by)
        agreeing = page.get_by_role("group", name=re.compile("^Who agrees"))
        for name in ("Alex Quinn", "Jo Quinn", "Amara Okafor"):
            agreeing.get_by_role("checkbox", name=re.compile(f"^{name}")).check()
        page.get_by_role("button", name="Save").click()
        page.get_by_role("listitem").filter(has_text=text).get_by_text(
            "Agreed by"
        ).wait_for()
    check_accessibility(page)
    part = "Their account, in their own words"
    go_to_part(page, part, part)
    label = "What has been happening"
    part = prompt(page, label)
    choose_voice(part, "Whose words or view is this?", ALEX)
    # The wording check asks the server when the box gets focus and again after
    # typing: wait for each answer, so a slow one is not cut off by the next.
    entry = part.get_by_label("Entry")
    with page.expect_response(lambda r: "/language/check/" in r.url):
        entry.focus()
    with page.expect_response(lambda r: "/language/check/" in r.url):
        entry.fill(ALEX_ACCOUNT)
    part.get_by_label("These are their own words").check()
    part.get_by_role("button", name="Save").click()
    prompt(page, label).locator(".coassess-entry").filter(
        has_text=ALEX_ACCOUNT
    ).wait_for()
    check_accessibility(page)


def decide_where_alex_stays(page: Any) -> None:
    """Alex chooses home; Jo objects, with a reason; the outcome says how it is
    respected, with an early review."""
    go_to_part(page, "Decisions", "Decisions")
    page.get_by_label("The question, in plain words").fill(QUESTION)
    page.get_by_role("button", name="Add the question").click()
    page.get_by_role("heading", level=1, name=QUESTION).wait_for()
    for text, proposer in ((HOME, ALEX), (WARD, JO)):
        if not page.locator("#add-option").evaluate("details => details.open"):
            page.get_by_text("Suggest an option").click()
        page.get_by_label("The option", exact=True).fill(text)
        choose_voice(page, "Who suggests it?", proposer)
        page.get_by_role("button", name="Add the option").click()
        page.get_by_text("The option is added.").wait_for()
    decision_url = page.url.split("#")[0]
    for voice, home, ward in (
        (ALEX, ("Agree", ALEX_HOME), ("Disagree", "Not the ward.")),
        (JO, ("Object: this cannot go ahead for me", JO_OBJECTS), ("Agree", "")),
        (AMARA, ("Agree", ""), ("Unsure", "")),
    ):
        page.goto(decision_url)
        page.get_by_role("button", name="Give a position").click()
        page.get_by_role("heading", level=1, name="Give a position").wait_for()
        choose_voice(page, "Whose position is this?", voice)
        position(page, 1, HOME, *home)
        position(page, 2, WARD, *ward)
        page.get_by_role("button", name="Save the position").click()
        page.get_by_text(f"{voice.split(' (')[0]}’s position is recorded.").wait_for()
    check_accessibility(page)

    page.goto(decision_url)
    page.get_by_role("link", name="Record the outcome").click()
    page.get_by_role("heading", level=1, name="Record the outcome").wait_for()
    page.get_by_role("group", name="What was decided").get_by_label(HOME).check()
    page.get_by_label("It is the person's own choice").check()
    page.get_by_label("Why this option").fill("Alex chose home, where they sleep.")
    page.get_by_label("The values weighed").fill(
        "Alex's choice; Jo's fear of the morning alone."
    )
    page.get_by_label("Why Jo Quinn’s view did not prevail").fill(JO_WHY)
    page.get_by_label("How Jo Quinn’s view is respected").fill(RESPECTED)
    tomorrow = dt.datetime.now(ZoneInfo("Europe/London")).date() + dt.timedelta(days=1)
    review = page.get_by_role(
        "group", name=re.compile("^When it will be looked at again")
    )
    review.get_by_label("Day").fill(str(tomorrow.day))
    review.get_by_label("Month").fill(str(tomorrow.month))
    review.get_by_label("Year").fill(str(tomorrow.year))
    page.get_by_label("Time of the review").fill("10:00")
    page.get_by_role("button", name="Record the outcome").click()
    page.get_by_text("The outcome is recorded.").wait_for()
    check_accessibility(page)


def add_action(page: Any, what: str, who: str, when: str, proposer: str) -> None:
    follow(page, "Add an action", "Add an action")
    page.get_by_label("What will be done").fill(what)
    page.get_by_label("Who will do it").fill(who)
    page.get_by_label("By when").fill(when)
    choose_voice(page, "Who suggested it?", proposer)
    for concern in (JO_SCARED, NURSE_CONCERN):
        page.get_by_label(concern).check()
    page.get_by_role("button", name="Add the action").click()
    flash(page, "The action is added.")


def plan_signed_then_changed(page: Any) -> None:
    go_to_part(page, "Plan", "The plan with Alex Quinn")
    page.get_by_role("button", name="Start the plan").click()
    flash(page, "The plan has started.")
    add_action(page, RINGS, "Alex", "In the morning", ALEX)
    add_action(page, STAYS, "Jo", "Tonight", JO)
    follow(page, "Add someone to contact", "Add someone to contact")
    add_contact(page, ("Jo Quinn", "Partner", "07700 900201", "Any time"))
    confirm(page, ALEX, "I agree with this plan")
    confirm(page, JO, "I took part but do not agree with part of it", JO_PLAN)
    confirm(page, AMARA, "I agree with this plan")
    page.get_by_role("checkbox", name=SIGNING_DECLARATION).check()
    page.get_by_role("button", name="Sign the plan").click()
    flash(page, "The plan is signed. Later changes are addenda.")

    follow(page, "Add an addendum", "Add an addendum")
    page.get_by_label("Why the plan is changing").fill(WHY_CHANGED)
    page.get_by_label("Does it change one of the agreed actions?").select_option(
        label=RINGS
    )
    page.get_by_label("The change").fill(COMES)
    page.get_by_label("Who will do it now (optional)").fill("Sam")
    page.get_by_label("By when, now (optional)").fill("08:00 tomorrow")
    page.get_by_role("button", name="Add the addendum").click()
    flash(page, "The addendum is added.")


def assert_the_copy_tells_the_truth(text: str, where: str) -> None:
    for said in (
        f"Jo Quinn (your partner) raised this: {JO_SCARED}",
        f"Amara Okafor (clinician) raised this: {NURSE_CONCERN}",
        f"You said: “{ALEX_ACCOUNT}”",
        f"{QUESTION} We decided: {HOME}.",
        f"Jo Quinn (your partner) objected to this: “{JO_OBJECTS}”",
        f"Why this view did not decide it: {JO_WHY}",
        f"How this view is respected: {RESPECTED}",
        "We will look at this again on",
        f"{COMES}. Who: Sam. When: 08:00 tomorrow.",
        f"because: {WHY_CHANGED}",
        f"Before the change it said: {RINGS}. Who: Alex. When: In the morning.",
        "The plan as it was signed",
        f"Jo Quinn (your partner) took part but did not agree with part of it: "
        f"“{JO_PLAN}”",
        "Jo Quinn: your partner.",
        "Amara Okafor: clinician.",
    ):
        assert said in text, f"{said!r} is not in the copy's {where}"
    # Nobody else's words are put in Alex's mouth.
    for theirs in (JO_SCARED, NURSE_CONCERN, JO_OBJECTS, JO_PLAN):
        for yours in ("You said: “", "From what you said: ", "You raised this: "):
            assert yours + theirs not in text, f"{theirs!r} is Alex's in the {where}"
        assert f"You objected to this: “{theirs}" not in text


def test_the_ed_copy_names_every_voice_with_the_objection_and_the_change(
    signed_in_page: Callable[..., Any],
) -> None:
    # Given Alex and Jo's assessment, Jo's objection, and a plan changed after signing
    page = signed_in_page("clinician")
    add_alex_and_jo(page)
    start_with_jo(page)
    concerns_and_account(page)
    decide_where_alex_stays(page)
    plan_signed_then_changed(page)

    # When the clinician opens Alex's copy, at the width of a phone
    page.set_viewport_size({"width": 320, "height": 640})
    go_to_part(page, "Alex’s copy", "Alex’s copy")

    # Then "Skip to main content" lands on the copy, before any staff action
    page.keyboard.press("Tab")
    page.get_by_role("link", name="Skip to main content").press("Enter")
    first = page.evaluate(
        "() => { const m = document.querySelector('#maincontent');"
        " const h = m.querySelector('h1, h2, a, button');"
        " return h ? h.textContent.trim() : ''; }"
    )
    assert first == "Alex’s copy", first
    main = words(page.get_by_role("main"))
    assert main.index("Created together by") < main.index("For staff")
    assert main.index("For staff") < main.index("Download as a PDF")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 320, f"the copy is {width}px wide at 320px"
    check_accessibility(page)

    # And the page names every voice beside their words, the objection with its
    # reason and how it is respected, and the plan as it stands now
    assert_the_copy_tells_the_truth(
        words(page.locator(".coassess-person-copy")), "page"
    )

    # And so does the PDF
    href = page.get_by_role("link", name=re.compile("Download as a PDF")).get_attribute(
        "href"
    )
    response = page.request.get(href)
    assert response.ok and response.body().startswith(b"%PDF")
    pdf = " ".join(
        " ".join(
            p.extract_text() or "" for p in PdfReader(io.BytesIO(response.body())).pages
        ).split()
    )
    assert_the_copy_tells_the_truth(pdf, "PDF")

    # And the plan as it was signed is still there as it was
    page.set_viewport_size({"width": 1024, "height": 768})
    go_to_part(page, "Plan", "The plan with Alex Quinn")
    follow(page, "See the plan exactly as it was signed", "The plan as it was signed")
    signed = words(page.get_by_role("main"))
    assert RINGS in signed and COMES not in signed
