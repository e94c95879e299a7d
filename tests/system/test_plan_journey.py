"""From a decision with held dissent to a signed plan, and the person's own copy, in a
real browser. Axe checks every page on the way, forms with errors included.

Signing a plan locks its assessment, and other browser tests write to Sam Reid's
assessment (entries, decisions). So the journey here starts a fresh assessment
with Jordan Ellis (he/they), who is waiting on the team board with their partner
Kai: nothing else in the suite touches it. Sam's demo decision, which already
has an outcome with her mum's reservations held beside it, is only read.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from typing import Any

from pypdf import PdfReader

from coassess.plans.models import SIGNING_DECLARATION
from tests.system.conftest import check_accessibility, choose_voice
from tests.system.test_assessment_journey import add_entry, open_assessment_of, prompt

JORDAN = "Jordan Ellis (lived experience)"
KAI = "Kai Ellis (carer experience)"
AMARA = "Amara Okafor (professional)"

CONCERN = "Getting through tonight safely while the voices say I am in danger."

QUESTION = "Where will you stay tonight?"
HOME = "Go home to Kai, with the crisis team ringing at 9am"
CRISIS_HOUSE = "Stay at the Larch Lane crisis house tonight"
JORDAN_HOME = "Home is where the voices are quietest. Kai knows what helps."
JORDAN_HOUSE = "Strangers make the voices louder."
KAI_HOME = "Kai starts a night shift at 11pm, so Jordan would be alone."
RESPECTED = "Kai's sister Lou stays over from 11pm; the crisis team rings at 9am."

ACTION = "Lou stays over tonight, and the crisis team rings Jordan at 9am"
KAI_RESERVATION = "Only if Lou can really come. Text me when she gets there."
RATIONALE = "Jordan chose home, where it is quietest; Lou staying answers Kai's worry."
CRISIS_PLAN = {
    "Warning signs": "The voices get louder and I stop answering Kai's messages.",
    "What I can do myself": "Headphones on, my drum playlist, and a cold shower.",
    "People and places that help": "Kai, Lou, and the bench by the canal lock.",
    "Making my situation safer": "Kai keeps my tablets and gives me one each day.",
    "What keeps me going": "Kai, and finishing my apprenticeship in June.",
}
WARNING_SIGNS = CRISIS_PLAN["Warning signs"]
KAI_CONTACT = ("Kai Ellis", "Partner", "07700 900107", "Any time")
CRISIS_TEAM = ("Riverside crisis team", "Crisis team", "0800 000 0000", "Any time")
KAI_NOT_SURE = "I'm not sure Lou can stay every night this week."
ADDENDUM_WHY = "Lou can only stay until Wednesday."
ADDENDUM = "From Thursday Kai swaps to day shifts for the rest of the week."

# Everyone taking part, in the order they joined, must answer before signing.
UNCONFIRMED = [
    f"{name} has not confirmed the plan or recorded a disagreement with it."
    for name in ("Jordan Ellis", "Amara Okafor", "Kai Ellis")
]


# --- Helpers --------------------------------------------------------------------------


def words(locator: Any) -> str:
    """The text a locator shows, with line breaks and runs of spaces made single spaces."""
    return " ".join(str(locator.inner_text()).split())


def flash(page: Any, text: str) -> None:
    """Wait for the page's message, and check the page with axe."""
    page.get_by_text(text).first.wait_for()
    check_accessibility(page)


def submit_expecting_errors(page: Any, button: str) -> Any:
    """Send a form that answers 400 Bad Request; return its error summary, checked."""
    page.problems.expected_failures.add(page.url)
    page.get_by_role("button", name=button).click()
    summary = page.locator(".nhsuk-error-summary")
    summary.wait_for()
    check_accessibility(page)
    return summary


def go_to_part(page: Any, title: str, heading: str) -> None:
    contents = page.get_by_role("navigation", name="Parts of the assessment")
    contents.get_by_role("link", name=title, exact=True).click()
    page.get_by_role("heading", level=1, name=heading).wait_for()
    check_accessibility(page)


def follow(page: Any, link: str, heading: str) -> None:
    page.get_by_role("link", name=link, exact=True).click()
    page.get_by_role("heading", level=1, name=heading).wait_for()
    check_accessibility(page)


def before_signing(page: Any) -> list[str]:
    """What the plan page says is still missing before it can be signed."""
    part = page.locator("#sign-off ~ ul").first
    return [words(item) for item in part.get_by_role("listitem").all()]


def confirm(page: Any, who: str, meaning: str, reason: str = "") -> None:
    follow(page, "Record someone’s answer", "Does everyone agree with the plan?")
    choose_voice(page, "Who is this?", who)
    page.get_by_label(meaning, exact=True).check()
    page.get_by_label("Reason", exact=True).fill(reason)
    page.get_by_role("button", name="Save their answer").click()
    flash(page, f"{who.split(' (')[0]}’s answer is recorded.")


def add_contact(page: Any, contact: tuple[str, str, str, str]) -> None:
    name, role, how, when = contact
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Who they are (optional)").fill(role)
    page.get_by_label("How to reach them").fill(how)
    page.get_by_label("When they can be reached").fill(when)
    page.get_by_role("button", name="Add", exact=True).click()
    flash(page, f"{name} is added to the crisis plan.")


def start_assessment_with_jordan(page: Any) -> None:
    """From the board: start Jordan's assessment, with Kai, and their agreed concern."""
    page.goto("/referrals/")
    page.get_by_role("link", name="Start the assessment with Jordan Ellis").click()
    page.get_by_role(
        "heading", level=1, name="Start the assessment with Jordan Ellis"
    ).wait_for()
    check_accessibility(page)
    page.get_by_role("button", name="Start the assessment").click()
    page.get_by_role("heading", level=1, name="Who is taking part").wait_for()
    check_accessibility(page)
    page.get_by_label("A supporter the person has named").check()
    page.get_by_label("Supporter", exact=True).select_option(
        label="Kai Ellis (partner)"
    )
    page.get_by_label("What they bring").select_option(label="Carer experience")
    page.get_by_role("button", name="Add").click()
    flash(page, "Kai Ellis is taking part.")

    go_to_part(page, "Immediate concerns", "Immediate concerns")
    page.get_by_label("The concern").fill(CONCERN)
    choose_voice(page, "Who raised it?", JORDAN)
    agreeing = page.get_by_role("group", name=re.compile("^Who agrees"))
    for name in ("Jordan Ellis", "Kai Ellis", "Amara Okafor"):
        agreeing.get_by_role("checkbox", name=re.compile(f"^{name}")).check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("listitem").filter(has_text=CONCERN).get_by_text(
        "Agreed by"
    ).wait_for()
    check_accessibility(page)


def position(page: Any, number: int, option: str, stance: str, why: str = "") -> None:
    group = page.get_by_role("group", name=f"Option {number}: {option}")
    group.get_by_label(stance, exact=True).check()
    if why:
        page.get_by_label(f"What matters to you here, option {number}").fill(why)


def decide_where_jordan_stays(page: Any) -> None:
    """Two options; Jordan's positions typed for him; Kai objects, with a reason."""
    go_to_part(page, "Decisions", "Decisions")
    page.get_by_label("The question, in plain words").fill(QUESTION)
    page.get_by_role("button", name="Add the question").click()
    page.get_by_role("heading", level=1, name=QUESTION).wait_for()
    for text, proposer in ((HOME, JORDAN), (CRISIS_HOUSE, KAI)):
        if not page.locator("#add-option").evaluate("details => details.open"):
            page.get_by_text("Suggest an option").click()
        page.get_by_label("The option", exact=True).fill(text)
        choose_voice(page, "Who suggests it?", proposer)
        page.get_by_role("button", name="Add the option").click()
        page.get_by_text("The option is added.").wait_for()
    check_accessibility(page)

    page.get_by_role("button", name="Give a position").click()
    page.get_by_role("heading", level=1, name="Give a position").wait_for()
    check_accessibility(page)
    choose_voice(page, "Whose position is this?", JORDAN)
    position(page, 1, HOME, "Agree", JORDAN_HOME)
    position(page, 2, CRISIS_HOUSE, "Disagree", JORDAN_HOUSE)
    page.get_by_role("button", name="Save the position").click()
    page.get_by_text("Jordan Ellis’s position is recorded.").wait_for()

    grid = page.get_by_role("table", name="Everyone’s positions")
    for name, answers in (
        ("Kai Ellis", ((HOME, "Object: this cannot go ahead for me", KAI_HOME),)),
        ("Amara Okafor", ((HOME, "Agree, with reservations", "With a 9am call."),)),
    ):
        grid.get_by_role("link", name=f"Give or change {name}’s position").click()
        page.get_by_role("heading", level=1, name="Give a position").wait_for()
        for option, stance, why in answers:
            position(page, 1, option, stance, why)
        position(page, 2, CRISIS_HOUSE, "Agree" if name == "Kai Ellis" else "Unsure")
        page.get_by_role("button", name="Save the position").click()
        page.get_by_text(f"{name}’s position is recorded.").wait_for()
    check_accessibility(page)

    page.get_by_role("link", name="Record the outcome").click()
    page.get_by_role("heading", level=1, name="Record the outcome").wait_for()
    check_accessibility(page)
    page.get_by_role("group", name="What was decided").get_by_label(HOME).check()
    page.get_by_label("It is the person's own choice").check()
    page.get_by_label("Why this option").fill(
        "Jordan knows home is where the voices are quietest."
    )
    page.get_by_label("The values weighed").fill(
        "Jordan's choice and what calms them; Kai's fear of the night alone."
    )
    page.get_by_label("Why Kai Ellis’s view did not prevail").fill(
        "Jordan has chosen home, and Lou will be there after 11pm."
    )
    page.get_by_label("How Kai Ellis’s view is respected").fill(RESPECTED)
    review = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).date()
    page.get_by_label("Day").fill(str(review.day))
    page.get_by_label("Month").fill(str(review.month))
    page.get_by_label("Year").fill(str(review.year))
    page.get_by_label("Time of the review").fill("09:00")
    page.get_by_role("button", name="Record the outcome").click()
    page.get_by_text("The outcome is recorded.").wait_for()
    held = words(page.locator(".coassess-dissent-held"))
    assert "Kai Ellis (carer experience) ✗! Object" in held and KAI_HOME in held
    assert f"How their view is respected: {RESPECTED}" in held
    check_accessibility(page)


# --- The journey ----------------------------------------------------------------------


def test_it_builds_confirms_and_signs_a_plan_and_gives_the_person_their_copy(
    base_url: str, signed_in_page: Callable[..., Any]
) -> None:
    # Given a clinician, Jordan and Kai, who took a decision with Kai's objection held
    page = signed_in_page("clinician")
    start_assessment_with_jordan(page)
    decide_where_jordan_stays(page)

    # When the clinician opens the plan, which has not started yet
    go_to_part(page, "Plan", "The plan with Jordan Ellis")
    assert CONCERN in words(page.get_by_role("main"))
    page.get_by_role("button", name="Start the plan").click()
    flash(page, "The plan has started.")

    # Then it says exactly what is missing before it can be signed
    assert before_signing(page) == [
        f"No action answers the agreed concern “{CONCERN}”.",
        "The plan has no actions yet.",
        *UNCONFIRMED,
        "The contingency plan has no one to contact.",
    ]
    assert CONCERN in words(page.locator("#unanswered"))

    # When they add an action, first with nothing filled in
    follow(page, "Add an action", "Add an action")
    summary = submit_expecting_errors(page, "Add the action")
    assert "Write what will be done." in words(summary)
    page.get_by_label("What will be done").fill(ACTION)
    page.get_by_label("Who will do it").fill("Lou, Kai and the crisis team")
    page.get_by_label("By when").fill("Tonight, and 9am tomorrow")
    choose_voice(page, "Who suggested it?", JORDAN)
    page.get_by_label(CONCERN).check()
    page.get_by_role("button", name="Add the action").click()
    flash(page, "The action is added.")

    # Then the action answers the agreed concern
    action = page.get_by_role("region", name=f"Action 1: {ACTION}")
    assert f"Concerns it answers {CONCERN}" in words(action)
    assert page.locator("#unanswered").count() == 0

    # When Jordan's position is typed for him, and Kai has reservations
    follow(
        page,
        "Record someone’s position on the actions",
        "Give a position",
    )
    choose_voice(page, "Whose position is this?", JORDAN)
    page.get_by_role("group", name=f"Action 1: {ACTION}").get_by_label(
        "Agree", exact=True
    ).check()
    page.get_by_role("button", name="Save the position").click()
    flash(page, "Jordan Ellis’s position is recorded.")
    follow(
        page,
        "Record someone’s position on the actions",
        "Give a position",
    )
    choose_voice(page, "Whose position is this?", KAI)
    page.get_by_role("group", name=f"Action 1: {ACTION}").get_by_label(
        "Agree, with reservations", exact=True
    ).check()
    summary = submit_expecting_errors(page, "Save the position")
    needed = "Say what matters to Kai Ellis here: a reason is needed when"
    assert needed in words(summary)
    assert needed in words(page.locator(".coassess-position").first)
    page.get_by_label("What matters to you here, action 1").fill(KAI_RESERVATION)
    page.get_by_role("button", name="Save the position").click()
    flash(page, "Kai Ellis’s position is recorded.")

    # Then both stand beside the action, with what matters to Kai
    grid = words(
        page.get_by_role("region", name=f"Action 1: {ACTION}").get_by_role("table")
    )
    assert "Jordan Ellis (lived experience) ✓ Agrees" in grid
    assert f"✓? Agrees, with reservations {KAI_RESERVATION}" in grid

    # When they write why this is the plan
    follow(page, "Change why this is the plan", "Why this is the plan")
    page.get_by_label("Why this is the plan").fill(RATIONALE)
    page.get_by_role("button", name="Save").click()
    flash(page, "The reasons for the plan are saved.")

    # And the crisis plan, in Jordan's own words
    follow(
        page,
        "Change the crisis plan",
        "If things get worse: Jordan’s crisis plan",
    )
    for label, text in CRISIS_PLAN.items():
        page.get_by_label(label, exact=True).fill(text)
    page.get_by_label("This is written in my own words").check()
    page.get_by_role("button", name="Save the crisis plan").click()
    flash(page, "The crisis plan is saved.")
    contingency = words(page.locator("#contingency ~ dl").first)
    assert f"Warning signs {WARNING_SIGNS}" in contingency
    assert "In Jordan’s own words" in words(page.get_by_role("main"))

    # And Kai as someone to contact, after first leaving the form empty
    follow(page, "Add someone to contact", "Add someone to contact")
    summary = submit_expecting_errors(page, "Add")
    assert "Write their name." in words(summary)
    add_contact(page, KAI_CONTACT)

    # Then only everyone's answers are missing
    assert before_signing(page) == UNCONFIRMED

    # When each person answers: Kai, who does not agree with part, must say why
    confirm(page, JORDAN, "I agree with this plan")
    follow(page, "Record someone’s answer", "Does everyone agree with the plan?")
    choose_voice(page, "Who is this?", KAI)
    page.get_by_label("I took part but do not agree with part of it").check()
    summary = submit_expecting_errors(page, "Save their answer")
    assert "Say which part they do not agree with, and why." in words(summary)
    page.get_by_label("Reason", exact=True).fill(KAI_NOT_SURE)
    page.get_by_role("button", name="Save their answer").click()
    flash(page, "Kai Ellis’s answer is recorded.")
    confirm(page, AMARA, "I agree with this plan")

    # Then the plan can be signed; a colleague opens it to do so
    answers = words(page.locator("#confirmations ~ table").first)
    assert f"Took part, does not agree with part of it {KAI_NOT_SURE}" in answers
    colleague = signed_in_page("clinician")
    colleague.goto(page.url.split("#")[0])
    sign = colleague.get_by_role("button", name="Sign the plan")
    sign.wait_for()

    # When, before they sign, the crisis team is added to the plan
    follow(page, "Add someone to contact", "Add someone to contact")
    add_contact(page, CRISIS_TEAM)

    # Then signing is refused, listing exactly who must be asked again
    action_url = colleague.locator("#sign-off ~ form").get_attribute("action")
    colleague.problems.expected_failures.add(f"{base_url}{action_url}")
    sign.click()
    refusal = colleague.locator(".nhsuk-error-summary")
    refusal.wait_for()
    assert "The plan cannot be signed yet" in words(refusal)
    assert [words(i) for i in refusal.get_by_role("listitem").all()] == UNCONFIRMED
    check_accessibility(colleague)

    # When everyone answers the changed plan, and it is signed
    confirm(page, JORDAN, "I agree with this plan")
    confirm(page, KAI, "I took part but do not agree with part of it", KAI_NOT_SURE)
    confirm(page, AMARA, "I agree with this plan")
    page.get_by_role("checkbox", name=SIGNING_DECLARATION).check()
    page.get_by_role("button", name="Sign the plan").click()
    flash(page, "The plan is signed. Later changes are addenda.")
    declared = words(page.locator("#declaration"))
    assert f"confirmed, when signing: “{SIGNING_DECLARATION}”" in declared

    # Then it is signed, and changes are now only addenda
    main = words(page.get_by_role("main"))
    assert "Signed on" in main and "Changes are added as addenda" in main
    for link in ("Add an action", "Change the crisis plan", "Record someone’s answer"):
        assert page.get_by_role("link", name=link).count() == 0
    plan_url = page.url.split("#")[0]
    page.goto(plan_url + "crisis-plan/")
    flash(page, "This plan is signed. Add an addendum to change it.")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "The plan with Jordan Ellis"
    )

    # When an addendum is added
    follow(page, "Add an addendum", "Add an addendum")
    summary = submit_expecting_errors(page, "Add the addendum")
    assert "Write why the plan is changing." in words(summary)
    page.get_by_label("Why the plan is changing").fill(ADDENDUM_WHY)
    page.get_by_label("The change").fill(ADDENDUM)
    page.get_by_role("button", name="Add the addendum").click()
    flash(page, "The addendum is added.")
    addenda = words(page.locator("#addenda ~ ul").first)
    assert ADDENDUM_WHY in addenda and ADDENDUM in addenda

    # Then the plan as it was signed is unchanged by it
    follow(page, "See the plan exactly as it was signed", "The plan as it was signed")
    signed = words(page.get_by_role("main"))
    for text in (ACTION, RATIONALE, WARNING_SIGNS, "Riverside crisis team"):
        assert text in signed
    assert f"Kai Ellis I took part but do not agree with part of it {KAI_NOT_SURE}" in (
        signed
    )
    assert ADDENDUM not in signed and ADDENDUM_WHY not in signed

    # When they open Jordan's copy
    go_to_part(page, "Jordan’s copy", "Jordan’s copy")

    # Then it shows staff its reading age, and is written for Jordan
    staff = words(page.locator(".coassess-staff-note"))
    assert re.search(r"Reading age about \d+", staff), staff
    copy = page.locator(".coassess-person-copy")
    headings = [words(h) for h in copy.get_by_role("heading", level=2).all()]
    for heading in (
        "What was decided",
        "What we agreed to do",
        "If things get worse: my plan",
        "Who to contact",
        "Created together by",
    ):
        assert heading in headings, f"{heading!r} is not on Jordan's copy"
    text = words(copy)
    assert f"{QUESTION} We decided: {HOME}." in text
    assert f"Warning signs: {WARNING_SIGNS}" in text
    assert "Kai Ellis (Partner): 07700 900107. When: Any time." in text
    assert "Jordan Ellis: you." in text

    # And its PDF opens in the browser, with the same words
    href = page.get_by_role("link", name=re.compile("Download as a PDF")).get_attribute(
        "href"
    )
    response = page.request.get(href)
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")
    body = response.body()
    assert body.startswith(b"%PDF")
    pdf = " ".join(
        " ".join(
            p.extract_text() or "" for p in PdfReader(io.BytesIO(body)).pages
        ).split()
    )
    for words_in_pdf in (WARNING_SIGNS, "Who to contact", "If things get worse"):
        assert words_in_pdf in pdf, f"{words_in_pdf!r} is not in the PDF"


# --- Sam's demo decision ----------------------------------------------------------------


def test_it_shows_sams_decision_with_her_mums_reservations_beside_the_outcome(
    signed_in_page: Callable[..., Any],
) -> None:
    # Given the clinician on the decisions of Sam Reid's assessment
    page = signed_in_page("clinician")
    page.goto("/referrals/")
    page.get_by_role("link", name="Open the assessment with Sam Reid").click()
    page.get_by_role("heading", level=1, name="Assessment with Sam Reid").wait_for()
    go_to_part(page, "Decisions", "Decisions")

    # When they open the demo's decided question (other tests may ask it again)
    demo = page.locator(".coassess-decision-summary").filter(
        has_text="Go home, with Mum staying over"
    )
    demo.get_by_role("link", name="Where will you be supported tonight?").click()
    page.get_by_role(
        "heading", level=1, name="Where will you be supported tonight?"
    ).wait_for()

    # Then the outcome shows Maggie's remaining reservations and how they are respected
    outcome = words(page.locator(".coassess-outcome"))
    assert "What was decided Go home, with Mum staying over" in outcome
    assert "Disagreements that remain Maggie still has reservations" in outcome
    assert "How the disagreement is respected Maggie stays over tonight" in outcome
    # And beside it, in the grid, Maggie's reservations with what matters to her
    grid = words(page.get_by_role("table", name="Everyone’s positions"))
    assert "Agree with reservations" in grid
    assert "Yes, if I can stay over and the team rings tomorrow." in grid
    check_accessibility(page)


# --- Reflow ---------------------------------------------------------------------------


def test_the_plan_pages_fit_320_pixels(signed_in_page: Callable[..., Any]) -> None:
    # Given a phone-width screen (WCAG 1.4.10 Reflow: 320 CSS pixels)
    page = signed_in_page("clinician", viewport={"width": 320, "height": 640})

    # When Tomasz's signed plan, with its tables, is shown
    page.goto("/referrals/")
    page.get_by_role("link", name="Open the assessment with Tomasz Nowak").click()
    page.get_by_role("heading", level=1, name="Assessment with Tomasz Nowak").wait_for()
    go_to_part(page, "Plan", "The plan with Tomasz Nowak")
    pages = {"the plan": page.url}

    # And the crisis plan form of an open plan: Ruth's, started if it is not yet
    page.goto("/referrals/")
    page.get_by_role("link", name="Open the assessment with Ruth Adeyemi").click()
    page.get_by_role("heading", level=1, name="Assessment with Ruth Adeyemi").wait_for()
    go_to_part(page, "Plan", "The plan with Ruth Adeyemi")
    start = page.get_by_role("button", name="Start the plan")
    if start.count():
        start.click()
        page.get_by_text("The plan has started.").wait_for()
    page.get_by_role("link", name="Change the crisis plan").click()
    page.get_by_role("heading", level=1, name=re.compile("crisis plan$")).wait_for()
    pages["the crisis plan form"] = page.url

    # Then neither is wider than the screen
    for where, url in pages.items():
        page.goto(url)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, f"{where} is {width}px wide at 320px"
        check_accessibility(page)


def test_the_persons_copy_keeps_long_words_on_a_320_pixel_screen(
    signed_in_page: Callable[..., Any],
) -> None:
    # Given Sam's account with an 85-letter place name and a long web address
    page = signed_in_page("clinician")
    open_assessment_of(page, "Sam Reid")
    part = "Their account, in their own words"
    go_to_part(page, part, part)
    text = (
        "I grew up near Taumatawhakatangihangakoauauotamateaturipukakapikimaungahoronukupokaiwhenuakitanatahu "
        "and the group is at https://example.org/community/peer-support/wednesday-evening-drop-in"
    )
    label = "What has been happening"
    opener = prompt(page, label).get_by_text(f"Add to “{label}”")
    if opener.count():  # the box is folded away once a prompt has entries
        opener.click()
    add_entry(page, label, "Sam Reid (lived experience)", text)

    # When her copy is shown on a phone-width screen
    page.set_viewport_size({"width": 320, "height": 640})
    contents = page.get_by_role("navigation", name="Parts of the assessment")
    contents.get_by_role("link", name="Sam’s copy").click()
    page.get_by_role("heading", level=1, name="Sam’s copy").wait_for()

    # Then it is no wider than the screen
    page.get_by_text("Taumatawhakatangihanga", exact=False).first.wait_for()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 320, f"the copy is {width}px wide at 320px"
    check_accessibility(page)
