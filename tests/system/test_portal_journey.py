"""Issue 13's whole journey in Chromium, as new users would (its "Done when").

A clinician gives Ruth Adeyemi a code, and one for her daughter and carer
Grace, from the assessment's "Access codes" page. On a 360 px phone with
JavaScript off, Ruth signs in with her code and her date of birth, reads her
assessment, adds her own words, disagrees with an entry, gives her view with
a reason on where she should be tonight, sees who has looked at her record and
chooses on her own phone that Grace may see the decisions (nothing else), and
signs out; the clinician finds that choice, as Ruth's own, on the staff page.
Grace signs in with her own code and sees
the decisions, is told plainly that the rest is not shared, and sees none of
it. The clinician then sees Ruth's disagreement and view as new from her own
device. Every page of both views passes axe (in a twin page with JavaScript
on, since axe needs it) and fits 320 px; every person-facing page is at most
60 KB transferred with everything it loads.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from tests.system.conftest import check_accessibility
from tests.system.test_assessment_journey import (
    go_to_part,
    open_assessment_of,
)
from tests.system.test_portal_pages import (
    BUDGET,
    PHONE,
    check_page,
    sign_in,
    transferred,
)

HER_WORDS = "I want to sleep in my own bed, with Grace popping in each morning."
HER_DISAGREEMENT = "I was not wandering. I was looking for the toilet in the dark."
HER_CAPACITY = "I understood the choice. I just wanted to go home."
HER_REASON = "I will not be safe at home until the infection has cleared."
NO_STATE: dict[str, Any] = {"cookies": [], "origins": []}


def issue_code(staff: Any, whom: str, known: str, fill: tuple[str, str]) -> str:
    """On the assessment's Access codes page: a new code for `whom`, checked by
    `known`; returns the code shown once."""
    staff.get_by_role("link", name="Give a new code").click()
    staff.get_by_role("heading", level=1, name="Give a new code").wait_for()
    check_accessibility(staff)
    staff.get_by_role("radio", name=re.compile(whom)).check()
    staff.get_by_role("radio", name=re.compile(known)).check()
    if fill[0]:
        staff.get_by_label(fill[0]).fill(fill[1])
    staff.get_by_role("radio", name="3 days").check()
    staff.get_by_role("button", name="Give the code").click()
    staff.get_by_role("heading", level=1, name=re.compile("^The code for")).wait_for()
    check_accessibility(staff)
    shown = staff.locator(".coassess-code-card__code").inner_text()
    code = re.search(r"[A-Z2-9]{5}-[A-Z2-9]{5}", shown)
    assert code is not None, shown
    staff.goto(staff.url.split("/access-codes/")[0] + "/access-codes/")
    staff.get_by_role("heading", level=1, name="Access codes").wait_for()
    return code.group(0)


def path_of(page: Any) -> str:
    return re.sub(r"^https?://[^/]+", "", page.url)


def test_ruth_and_her_carer_use_their_own_view_and_the_clinician_sees_what_she_said(
    signed_in_page: Callable[..., Any], open_page: Callable[..., Any], base_url: str
) -> None:
    # Given a clinician on Ruth's assessment, on its Access codes page
    staff = signed_in_page("clinician")
    open_assessment_of(staff, "Ruth Adeyemi")
    assessment_path = path_of(staff)
    go_to_part(staff, "Access codes")

    # When they give Ruth a code checked by her date of birth, and Grace one
    # checked by the last 4 numbers of her phone
    ruths = issue_code(staff, "^Ruth \\(their own code", "date of birth", ("", ""))
    graces = issue_code(
        staff,
        "Grace Adeyemi, daughter and carer",
        "last 4 numbers of their phone",
        ("Which 4 numbers does their phone end in?", "0105"),
    )
    check_accessibility(staff)

    # Then Ruth, on her phone without JavaScript, signs in with her code and
    # her date of birth (the sign-in page is small and passes axe)
    size, loaded, _ = transferred(open_page, NO_STATE, "/my/")
    assert size <= BUDGET, f"/my/: {size} bytes: {loaded}"
    twin = open_page(viewport=PHONE)
    twin.goto("/my/")
    check_accessibility(twin)
    phone = open_page(viewport=PHONE, java_script_enabled=False)
    sign_in(phone, ruths, "05/03/1951")
    state = phone.context.storage_state()
    check_page(open_page, state, "/my/record/")

    # When she reads everything written down
    phone.get_by_role("link", name="Everything written down").first.click()
    phone.get_by_role("heading", level=1, name="Everything written down").wait_for()
    record = path_of(phone)
    check_page(open_page, state, record)
    phone.get_by_role("link", name="Your copy of the plan").first.click()
    phone.get_by_role("heading", level=1, name="Your copy of the plan").wait_for()
    check_page(open_page, state, path_of(phone))

    # And adds her own words to a section
    phone.goto(record)
    phone.get_by_role("link", name=re.compile("^Add your own words")).first.click()
    phone.get_by_role("heading", level=1, name="Add to your record").wait_for()
    check_page(open_page, state, path_of(phone))
    phone.get_by_role("link", name="Strengths and what helps", exact=True).click()
    check_page(open_page, state, path_of(phone))
    phone.get_by_label("Hopes and aspirations").check()
    phone.get_by_label("What you want to say").fill(HER_WORDS)
    phone.get_by_role("button", name="Save my words").click()
    phone.get_by_text("Your words are now part of your record.").wait_for()

    # And says she disagrees with an entry someone else wrote
    phone.goto(record)
    assert HER_WORDS in phone.locator("main").inner_text()
    phone.get_by_role("link", name=re.compile("^I disagree with this")).first.click()
    check_page(open_page, state, path_of(phone))
    phone.get_by_label("What is wrong, and what you would say instead").fill(
        HER_DISAGREEMENT
    )
    phone.get_by_role("button", name="Save my disagreement").click()
    phone.get_by_text("Your disagreement is now kept beside that entry.").wait_for()

    # And disagrees with what the team wrote about her capacity
    phone.goto(record)
    capacity = phone.locator("section[aria-labelledby=part-capacity]")
    capacity.get_by_role("link", name=re.compile("^I disagree with this")).first.click()
    check_page(open_page, state, path_of(phone))
    phone.get_by_label("What is wrong, and what you would say instead").fill(
        HER_CAPACITY
    )
    phone.get_by_role("button", name="Save my disagreement").click()
    phone.get_by_text("Your disagreement is now kept beside that entry.").wait_for()
    phone.goto(record)
    assert HER_CAPACITY in capacity.inner_text()

    # And gives her view, with a reason, on where she should be tonight
    phone.goto(record)
    assert HER_DISAGREEMENT in phone.locator("main").inner_text()
    phone.get_by_role(
        "link", name=re.compile("^Give your view.*Where should Ruth be tonight")
    ).click()
    check_page(open_page, state, path_of(phone))
    home = phone.locator(".coassess-position").filter(has_text="Go home tonight")
    home.get_by_label("Disagree", exact=True).check()
    home.get_by_role("textbox").fill(HER_REASON)
    phone.get_by_role("button", name="Save my view").click()
    phone.get_by_text("Your view is saved.").wait_for()

    # And sees who has looked at her record
    phone.goto("/my/record/")
    phone.get_by_role("link", name="See who has looked at your record").click()
    phone.get_by_role(
        "heading", level=1, name="Who has looked at your record"
    ).wait_for()
    assert phone.get_by_text("You signed in").count() >= 1
    check_page(open_page, state, "/my/who-has-looked/")

    # And chooses that Grace, her carer, may see the decisions, and nothing else
    phone.goto("/my/record/")
    phone.get_by_role("link", name="Choose what your supporters can see").click()
    phone.get_by_role("heading", level=1, name="Who can see your record").wait_for()
    check_page(open_page, state, "/my/who-can-see/")
    decisions = phone.locator("form").filter(
        has_text="Can Grace Adeyemi see the decisions"
    )
    decisions.get_by_label("Yes", exact=True).check()
    decisions.get_by_role("button").click()
    phone.get_by_text(
        "Saved. Grace Adeyemi can now see the decisions, and what everyone "
        "thinks about them."
    ).wait_for()

    # And signs out
    phone.get_by_role("button", name="I'm done – sign me out").click()
    phone.get_by_role("heading", level=1, name="You are signed out").wait_for()
    size, loaded, _ = transferred(open_page, NO_STATE, path_of(phone))
    assert size <= BUDGET, f"signed out: {size} bytes: {loaded}"
    twin.goto(path_of(phone))
    check_accessibility(twin)
    phone.goto("/my/record/")
    phone.get_by_role("heading", level=1, name="See your plan").wait_for()

    # When the clinician looks, Ruth's choice is there as her own
    staff.goto("/people/")
    staff.get_by_label("Last name").fill("Adeyemi")
    staff.get_by_label("First name (optional)").fill("Ruth")
    staff.get_by_label("Day").fill("5")
    staff.get_by_label("Month").fill("3")
    staff.get_by_label("Year").fill("1951")
    staff.get_by_role("button", name="Search").click()
    staff.get_by_role("link", name="Ruth Adeyemi").first.click()
    staff.get_by_role("heading", level=1, name="Ruth Adeyemi").wait_for()
    staff.get_by_role("link", name="What Grace Adeyemi can see").click()
    staff.get_by_role(
        "heading", level=1, name=re.compile("What Grace Adeyemi can see")
    ).wait_for()
    assert "Ruth, on her own device" in staff.locator("table").inner_text()
    check_accessibility(staff)

    # Then Grace signs in with her own code and sees the decisions, and is
    # told plainly that the rest is not shared, without a word of it
    carer = open_page(viewport=PHONE, java_script_enabled=False)
    sign_in(carer, graces, "0105")
    carer_state = carer.context.storage_state()
    shown, _ = check_page(open_page, carer_state, "/my/record/")
    assert shown.get_by_role("link", name="Everything written down").count() == 0
    plan = shown.get_by_role("link", name="The plan").first.get_attribute("href")
    copy, _ = check_page(open_page, carer_state, plan)
    assert copy.get_by_text("Ruth has chosen not to share the plan with you.").count()
    whole, _ = check_page(open_page, carer_state, record)
    seen = whole.locator("main").inner_text()
    assert "Where should Ruth be tonight?" in seen
    assert "Ruth has chosen not to share everything written down with you." in seen
    assert "has chosen not to share the decisions" not in seen
    for hers in (HER_WORDS, HER_DISAGREEMENT, HER_CAPACITY):
        assert hers not in whole.content()
    check_page(open_page, carer_state, "/my/who-has-looked/")

    # And the clinician sees Ruth's disagreement and view as new from her device
    staff.goto(assessment_path)
    panel = staff.locator("#from-device")
    panel.wait_for()
    said = panel.inner_text()
    assert "New from their own device since you last looked" in said
    assert "Ruth Adeyemi disagreed with an entry." in said
    assert HER_DISAGREEMENT in said
    assert "Ruth Adeyemi disagreed with a capacity assessment." in said
    assert HER_CAPACITY in said
    assert "Disagree: Go home tonight" in said
    assert HER_REASON in said
    check_accessibility(staff)
