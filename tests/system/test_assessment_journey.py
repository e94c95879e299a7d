"""The assessment in a real browser: from a referral on the team board to a complete,
co-produced record, with axe-core checking every page on the way.

The demo data leaves Alex Morgan (they/them, supported by their brother Rhys) waiting
on the board with no assessment; Sam Reid, Marcus Bell and Tomasz Nowak already have
assessments. Each test writes to a different part of the record, so they can run in
any order against the one session server.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from tests.system.conftest import check_accessibility, choose_voice

ALEX = "Alex Morgan (lived experience)"
RHYS = "Rhys Morgan (carer experience)"
AMARA = "Amara Okafor (professional)"

CONCERN = "Going home to an empty flat tonight while the panic is this bad."
ACCOUNT = "It was the third panic attack today. I cut my arm to make it stop."
HISTORY = "Alex has not been sleeping and stopped going to college a month ago."
DISPUTE = "I still go to college. I just go late, when it is quieter."
CORROBORATION = "Alex rang me at midnight and sounded frightened, not angry."
DECISION = "Agreeing to stay in the department until the morning"
SUPPORT_GIVEN = "A quiet side room, time, and Rhys sitting in."
STRENGTH = "Drawing, and long walks with Rhys's dog."
RISK_NARRATIVE = (
    "Cut their arm during a panic attack to make it stop; no thoughts of suicide. "
    "Safer with Rhys nearby."
)
OWN_VIEW = "I'm safe if I'm not on my own tonight."


# --- Helpers --------------------------------------------------------------------------


def open_assessment_of(page: Any, name: str) -> None:
    """From the team board, open the assessment of a demo person who has one."""
    page.goto("/referrals/")
    page.get_by_role("link", name=f"Open the assessment with {name}").click()
    page.get_by_role("heading", level=1, name=f"Assessment with {name}").wait_for()


def go_to_part(page: Any, title: str, heading: str = "") -> None:
    """Follow a link in the assessment's contents list; check the page with axe."""
    contents = page.get_by_role("navigation", name="Parts of the assessment")
    contents.get_by_role("link", name=title, exact=True).click()
    page.get_by_role("heading", level=1, name=heading or title).wait_for()
    check_accessibility(page)


def prompt(page: Any, label: str) -> Any:
    """The part of a section page where one prompt's entries are shown and added."""
    return page.get_by_role("region", name=label, exact=True)


def forget_replaced_wording_checks(page: Any) -> None:
    """Drop htmx's console report of a wording check cut off on purpose: the
    check started when the box gets focus is replaced (hx-sync "replace") by the
    one after typing, and on a busy machine the first is still running then.
    htmx reports the abort on the findings <div> the check fills; it is the
    expected behaviour, not a problem with the page."""
    page.problems.messages = [
        m
        for m in page.problems.messages
        if not re.match(
            r"console error: htmx:(sendAbort|afterRequest), \[object HTMLDivElement\]",
            m,
        )
    ]


def add_entry(
    page: Any, label: str, voice: str, text: str, *, own_words: bool | None = None
) -> None:
    """Add an entry to one prompt with the Save button; wait for it to be on the page."""
    part = prompt(page, label)
    choose_voice(part, "Whose words or view is this?", voice)
    part.get_by_label("Entry").fill(text)
    if own_words is not None:
        part.get_by_label("These are their own words").set_checked(own_words)
    part.get_by_role("button", name="Save").click()
    page.get_by_role("heading", level=1).wait_for()
    prompt(page, label).locator(".coassess-entry").filter(has_text=text).wait_for()
    forget_replaced_wording_checks(page)


def words(locator: Any) -> str:
    """The text a locator shows, with line breaks and runs of spaces made single spaces."""
    return " ".join(str(locator.inner_text()).split())


def visible_text(page: Any) -> str:
    return words(page.get_by_role("main"))


# --- The journey ----------------------------------------------------------------------


def test_it_takes_a_referral_from_the_board_to_a_complete_assessment(
    signed_in_page: Callable[..., Any],
) -> None:
    # Given a clinician on the team board
    page = signed_in_page("clinician")
    page.goto("/")
    page.get_by_role("link", name="Team board").first.click()
    page.get_by_role("heading", level=1, name=re.compile("^Team board")).wait_for()
    check_accessibility(page)

    # When they start the assessment with Alex Morgan, who is waiting
    page.get_by_role("link", name="Start the assessment with Alex Morgan").click()
    page.get_by_role(
        "heading", level=1, name="Start the assessment with Alex Morgan"
    ).wait_for()
    check_accessibility(page)
    page.get_by_role("button", name="Start the assessment").click()

    # Then they are asked who is taking part: Alex and the clinician already are
    page.get_by_role("heading", level=1, name="Who is taking part").wait_for()
    check_accessibility(page)

    # When they add Alex's brother, Rhys, with his carer experience
    page.get_by_label("A supporter the person has named").check()
    page.get_by_label("Supporter", exact=True).select_option(
        label="Rhys Morgan (brother)"
    )
    page.get_by_label("What they bring").select_option(label="Carer experience")
    page.get_by_role("button", name="Add").click()

    # Then Rhys is taking part
    page.get_by_text("Rhys Morgan is taking part.").wait_for()
    check_accessibility(page)

    # When they correct their own part in the meeting: they are the scribe
    page.get_by_role("link", name="Change Amara Okafor’s details").click()
    page.get_by_role(
        "heading", level=1, name="Change Amara Okafor’s details"
    ).wait_for()
    check_accessibility(page)
    page.get_by_label("Their part in the meeting (optional)").fill(
        "liaison nurse, scribe"
    )
    page.get_by_label("How they are joining (optional)").select_option(
        label="In the room"
    )
    page.get_by_role("button", name="Save the change").click()

    # Then the list says so, and the earlier details are kept
    page.get_by_text("Amara Okafor’s details are changed.").wait_for()
    amara = (
        page.get_by_role("main").get_by_role("listitem").filter(has_text="Amara Okafor")
    )
    assert "liaison nurse, scribe, in the room (details changed)" in words(amara)
    check_accessibility(page)

    # When they record a concern Alex raised, that Alex, Rhys and they agree on
    go_to_part(page, "Immediate concerns")
    page.get_by_label("The concern").fill(CONCERN)
    choose_voice(page, "Who raised it?", ALEX)
    agreeing = page.get_by_role("group", name=re.compile("^Who agrees"))
    for name in ("Alex Morgan", "Rhys Morgan", "Amara Okafor"):
        agreeing.get_by_role("checkbox", name=re.compile(f"^{name}")).check()
    page.get_by_role("button", name="Save").click()
    concern = page.get_by_role("listitem").filter(has_text=CONCERN)
    agreed = concern.get_by_text("Agreed by")
    agreed.wait_for()
    for name in ("Alex Morgan", "Rhys Morgan", "Amara Okafor"):
        assert name in agreed.inner_text()
    assert "Raised by Alex Morgan (lived experience)" in words(concern)
    check_accessibility(page)

    # And Alex's account, in their own words
    go_to_part(page, "Their account, in their own words")
    add_entry(page, "What has been happening", ALEX, ACCOUNT, own_words=True)
    assert "In Alex’s words" in prompt(page, "What has been happening").inner_text()
    check_accessibility(page)

    # And Rhys's view of recent events, which Alex disagrees with
    go_to_part(page, "History")
    recent = "Recent events and what led up to today"
    add_entry(page, recent, RHYS, HISTORY)
    check_accessibility(page)
    prompt(page, recent).get_by_role(
        "link", name="Record a disagreement with this entry by Rhys Morgan"
    ).click()
    page.get_by_role("heading", level=1, name="Record a disagreement").wait_for()
    check_accessibility(page)
    choose_voice(page, "Who disagrees?", ALEX)
    page.get_by_label("What they say instead, and why").fill(DISPUTE)
    page.get_by_role("button", name="Record the disagreement").click()
    page.get_by_role("heading", level=1, name="History").wait_for()
    recent_part = prompt(page, recent).inner_text()
    assert "Alex Morgan disagrees" in recent_part
    assert HISTORY in recent_part
    assert DISPUTE in recent_part
    check_accessibility(page)

    # And what Rhys told them, with Alex's agreement
    go_to_part(page, "What others tell us")
    page.get_by_label("Who is it from?").select_option(label="Carer")
    page.get_by_label("Their name").fill("Rhys Morgan")
    page.get_by_label("What they told us").fill(CORROBORATION)
    page.get_by_label("The person agreed to us asking").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved.").wait_for()
    assert CORROBORATION in visible_text(page)
    check_accessibility(page)

    # And a capacity assessment, first saved with nothing filled in by mistake
    go_to_part(page, "Ability to engage and capacity to consent")
    page.problems.expected_failures.add(page.url)  # the form answers 400 Bad Request
    page.get_by_role("button", name="Save").click()
    errors = page.locator(".nhsuk-error-summary")
    errors.wait_for()
    assert "Say which decision this is about." in errors.inner_text()
    check_accessibility(page)
    page.get_by_label("The decision in question").fill(DECISION)
    page.get_by_label("What was done to help them decide").fill(SUPPORT_GIVEN)
    for ability in page.locator(".coassess-ability").all():
        ability.get_by_label("Able", exact=True).check()
        ability.get_by_label("What shows this").fill("Said it back in their own way.")
    choose_voice(page, "Who assessed their capacity?", AMARA)
    page.get_by_label("Has capacity for this decision").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name=f"Decision: {DECISION}").wait_for()
    check_accessibility(page)

    # And a strength, before risk
    go_to_part(page, "Strengths and what helps")
    add_entry(page, "What helps", ALEX, STRENGTH)
    check_accessibility(page)

    # And a shared narrative of safety, with Alex's own view of it
    go_to_part(page, "Safety: a shared understanding")
    add_entry(page, "Risk to themselves", AMARA, RISK_NARRATIVE)
    add_entry(page, "What they say about their own safety", ALEX, OWN_VIEW)
    check_accessibility(page)

    # Then the whole assessment shows every part, in each person's name
    go_to_part(page, "The whole assessment", "Assessment with Alex Morgan")
    whole = visible_text(page)
    for text in (
        CONCERN,
        ACCOUNT,
        "In Alex’s words",
        HISTORY,
        "Alex Morgan disagrees",
        DISPUTE,
        CORROBORATION,
        f"Decision: {DECISION}",
        "Has capacity for this decision",
        STRENGTH,
        RISK_NARRATIVE,
        OWN_VIEW,
    ):
        assert text in whole, f"{text!r} is not on the whole assessment"
    assert "Rhys Morgan" in whole

    # And so does the printable version
    page.get_by_role("link", name="Printable version").click()
    page.get_by_role("heading", level=1, name=re.compile("printable$")).wait_for()
    printable = visible_text(page)
    for text in (
        CONCERN,
        ACCOUNT,
        "In Alex’s words",
        "Alex Morgan disagrees",
        DISPUTE,
        CORROBORATION,
        DECISION,
        RISK_NARRATIVE,
        OWN_VIEW,
    ):
        assert text in printable, f"{text!r} is not on the printable version"
    check_accessibility(page)


# --- Two people, one entry ------------------------------------------------------------


def test_it_shows_both_versions_when_two_people_save_the_same_entry(
    signed_in_page: Callable[..., Any],
) -> None:
    # Given a clinician and a peer worker both changing the same entry of Sam's
    clinician = signed_in_page("clinician")
    open_assessment_of(clinician, "Sam Reid")
    go_to_part(clinician, "Strengths and what helps")
    prompt(clinician, "People who matter").get_by_role(
        "link", name="Change this entry by Sam Reid"
    ).click()
    clinician.get_by_role(
        "heading", level=1, name="Change an entry: People who matter"
    ).wait_for()
    peer = signed_in_page("peer")
    peer.goto(clinician.url)
    ours = "Mum, my friend Priti, and Biscuit."
    theirs = "Mum, and Priti from the nursing course."

    # When the clinician saves first
    clinician.get_by_label("Entry").fill(ours)
    clinician.get_by_role("button", name="Save as a new version").click()
    clinician.get_by_text("Saved as a new version").wait_for()

    # And the peer worker saves their change to the same version
    peer.problems.expected_failures.add(peer.url)  # the answer is 409 Conflict
    peer.get_by_label("Entry").fill(theirs)
    peer.get_by_role("button", name="Save as a new version").click()

    # Then the peer worker sees both, and nothing was overwritten
    conflict = peer.get_by_role("alert").filter(
        has_text="Someone else saved this first"
    )
    conflict.wait_for()
    assert ours in conflict.inner_text()
    assert theirs in conflict.inner_text()
    check_accessibility(peer)

    # When they keep their own text as a new version
    peer.get_by_role("button", name="Keep mine as a new version").click()
    peer.get_by_role("heading", level=1, name="Strengths and what helps").wait_for()

    # Then the earlier versions show all three: the demo's, the clinician's, theirs
    prompt(peer, "People who matter").get_by_role(
        "link", name="Earlier versions of this entry by Sam Reid"
    ).click()
    peer.get_by_role(
        "heading", level=1, name="Earlier versions: People who matter"
    ).wait_for()
    versions = (
        peer.get_by_role("main")
        .get_by_role("list")
        .filter(has_text="Version 1")
        .get_by_role("listitem")
    )
    assert versions.count() == 3
    history = visible_text(peer)
    for text in ("Mum, and my friend Priti.", ours, theirs):
        assert text in history
    assert "Version 3 (current)" in history
    check_accessibility(peer)


# --- Autosave and drafts ----------------------------------------------------------------


def test_leaving_a_box_keeps_a_draft_for_its_writer_and_only_save_makes_the_entry(
    signed_in_page: Callable[..., Any],
) -> None:
    # Given a clinician with Marcus's mental state in front of them
    page = signed_in_page("clinician")
    open_assessment_of(page, "Marcus Bell")
    go_to_part(page, "Mental state")
    label = "Mood, in their own words"
    mood = prompt(page, label)
    text = "Tired of being a burden, but I want to see my daughter."
    entries = mood.locator(".coassess-entry")
    before = entries.count()

    # When they open the box to add to it (Marcus's mood already has an entry),
    # type, tick "their own words" and move on
    add = mood.locator("details").filter(has=page.get_by_text(f"Add to “{label}”"))
    if add.get_attribute("open") is None:
        add.locator("summary").click()
    mood.get_by_label("Entry").fill(text)
    mood.get_by_label("Entry").press("Tab")
    mood.get_by_role("status").filter(has_text="Draft kept at").wait_for()
    mood.get_by_label("These are their own words").check()
    assert "It is not in the record until you press Save." in words(
        mood.get_by_role("status").filter(has_text="Draft kept at")
    )
    check_accessibility(page)

    # Then after a reload (a timeout, a crash) no entry was made from the draft
    page.reload()
    mood = prompt(page, label)
    assert mood.locator(".coassess-entry").count() == before
    assert mood.locator(".coassess-entry").filter(has_text=text).count() == 0
    # And the draft is offered back, not put in the box unasked
    offer = mood.locator(".coassess-draft-offer")
    assert "You have unsaved words from" in words(offer)
    assert text in words(offer)
    assert mood.get_by_label("Entry").input_value() == ""
    check_accessibility(page)

    # And a colleague in the same team never sees it
    colleague = signed_in_page("peer")
    open_assessment_of(colleague, "Marcus Bell")
    go_to_part(colleague, "Mental state")
    assert text not in visible_text(colleague)
    assert "unsaved words" not in visible_text(colleague)

    # When the writer restores it, it is back in the box
    offer.get_by_role("link", name="Restore them").click()
    mood = prompt(page, label)
    mood.get_by_text("are back in the box").wait_for()
    assert mood.get_by_label("Entry").input_value() == text
    check_accessibility(page)

    # And Save makes exactly one entry, in one version, and ends the draft
    choose_voice(mood, "Whose words or view is this?", AMARA)
    mood.get_by_role("button", name="Save").click()
    page.get_by_text("Saved.").wait_for()
    page.reload()
    mood = prompt(page, label)
    saved = mood.locator(".coassess-entry").filter(has_text=text)
    assert saved.count() == 1
    assert mood.locator(".coassess-entry").count() == before + 1
    assert "version 2" not in words(saved)
    assert saved.get_by_role("link", name=re.compile("Earlier versions")).count() == 0
    assert mood.locator(".coassess-draft-offer").count() == 0


def test_it_keeps_unsaved_text_after_a_failed_send(
    base_url: str, signed_in_page: Callable[..., Any]
) -> None:
    # Given a clinician on Marcus's physical state, with the network failing
    page = signed_in_page("clinician")
    open_assessment_of(page, "Marcus Bell")
    go_to_part(page, "Physical state")
    section_path = page.url.split(base_url, 1)[1].split("?")[0]
    section_url = f"{base_url}{section_path}"
    # Leaving the box sends the words to be kept as a draft: that send fails.
    draft_url = f"{base_url}{section_path.split('sections/')[0]}drafts/keep/"
    page.problems.expected_failures.add(draft_url)

    def fail_posts(route: Any) -> None:
        if route.request.method == "POST":
            route.abort()
        else:
            route.continue_()

    page.route(draft_url, fail_posts)
    part = prompt(page, "Observations and physical concerns")
    text = "Bandaged wound on the left hand, healing; says the pain is worse at night."

    # When they type and move on, and the autosave cannot reach the server
    with page.expect_event("requestfailed"):
        part.get_by_label("Entry").fill(text)
        part.get_by_label("Entry").press("Tab")
    # Then it says the entry is not saved, and that the text is kept
    part.get_by_role("status").filter(has_text="Not saved").wait_for()
    assert "Your text is kept" in words(part.get_by_role("status"))
    # (htmx reports the failed send in the console, as it should: expected here)
    page.problems.messages = [
        m
        for m in page.problems.messages
        if not re.match(r"console error: htmx:(sendError|afterRequest)\b", m)
    ]

    # And the page is loaded again once the network is back
    page.unroute(draft_url)
    page.goto(section_url)

    # Then their text is back in the box, with a note saying so
    part = prompt(page, "Observations and physical concerns")
    assert part.get_by_label("Entry").input_value() == text
    assert (
        part.get_by_role("status")
        .filter(has_text="We kept text you had not saved yet")
        .is_visible()
    )
    assert part.locator(".coassess-entry").filter(has_text=text).count() == 0
    check_accessibility(page)


# --- Without JavaScript ---------------------------------------------------------------


def test_it_works_without_javascript(signed_in_page: Callable[..., Any]) -> None:
    # Given a clinician whose browser runs no JavaScript, on Marcus's physical state
    page = signed_in_page("clinician", java_script_enabled=False)
    open_assessment_of(page, "Marcus Bell")
    contents = page.get_by_role("navigation", name="Parts of the assessment")
    contents.get_by_role("link", name="Physical state").click()
    page.get_by_role("heading", level=1, name="Physical state").wait_for()
    text = "Grazed knuckles, cleaned by the ED nurse. Otherwise well."

    # When they add an entry with the Save button
    add_entry(page, "Observations and physical concerns", AMARA, text)

    # Then it is saved and shown on the section page
    page.get_by_text("Saved.").wait_for()
    part = prompt(page, "Observations and physical concerns")
    assert part.locator(".coassess-entry").filter(has_text=text).count() == 1


# --- Reflow ---------------------------------------------------------------------------


def test_it_fits_the_assessment_pages_to_320_pixels(
    signed_in_page: Callable[..., Any],
) -> None:
    # Given a phone-width screen (WCAG 1.4.10 Reflow: 320 CSS pixels)
    page = signed_in_page("clinician", viewport={"width": 320, "height": 640})

    # When Sam's whole assessment, then her history, are shown
    open_assessment_of(page, "Sam Reid")
    pages = {"the whole assessment": page.url}
    page.goto(page.url + "sections/history/")
    page.get_by_role("heading", level=1, name="History").wait_for()
    pages["the history section"] = page.url

    # Then neither is wider than the screen
    for where, url in pages.items():
        page.goto(url)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, f"{where} is {width}px wide at 320px"
        check_accessibility(page)
