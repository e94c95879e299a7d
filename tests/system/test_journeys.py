"""Staff journeys in a real browser, each page checked with axe-core.

The demo data gives us Sam Reid (Samantha, she/her, born 12 April 1991, supported
by her mum Maggie Reid) in the clinician's team.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.system.conftest import (
    check_accessibility,
    code_for,
    give_code,
    give_password,
    sign_in,
)

# 943 476 5919 is the NHS's own example number; changing its last digit breaks
# the modulus 11 check.
BAD_CHECK_DIGIT = "943 476 5918"


def find_by_name_and_birth_date(page: Any) -> None:
    page.get_by_label("Last name").fill("Reid")
    page.get_by_label("Day").fill("12")
    page.get_by_label("Month").fill("4")
    page.get_by_label("Year").fill("1991")
    page.get_by_role("button", name="Search").click()


def open_sam_reid(page: Any) -> None:
    page.goto("/people/")
    find_by_name_and_birth_date(page)
    page.get_by_role("link", name="Sam Reid").click()
    page.get_by_role("heading", level=1, name=re.compile("Sam Reid")).wait_for()


def nhs_number_on_person_page(page: Any) -> str:
    row = page.locator(".nhsuk-summary-list__row").filter(
        has=page.locator("dt", has_text="NHS number")
    )
    return str(row.locator("dd").first.inner_text()).strip()


def test_it_lets_a_clinician_find_a_person_by_name_and_date_of_birth(
    open_page: Callable[..., Any],
) -> None:
    # Given a clinician at the sign-in page
    page = open_page()
    page.goto("/sign-in/")
    check_accessibility(page)

    # When they give their password
    code = code_for("clinician")
    give_password(page, "clinician")

    # Then they are asked for the code from their authenticator app
    page.get_by_role("heading", level=1, name="Enter your sign-in code").wait_for()
    check_accessibility(page)

    # And when they enter it, they land on their work
    give_code(page, code)
    page.get_by_role("heading", level=1, name="Your work").wait_for()
    check_accessibility(page)

    # When they go to find a person
    page.get_by_role("main").get_by_role("link", name="Find a person").click()
    page.get_by_role("heading", level=1, name="Find a person").wait_for()
    check_accessibility(page)

    # And search by last name and date of birth
    find_by_name_and_birth_date(page)

    # Then Sam Reid is among the results
    page.get_by_role("heading", name=re.compile(r"found$")).wait_for()
    results = page.get_by_role("link", name="Sam Reid")
    assert results.count() == 1
    check_accessibility(page)

    # When they open the record
    results.click()

    # Then they see her name, pronouns and supporter
    heading = page.get_by_role("heading", level=1)
    assert "Sam Reid" in heading.inner_text()
    assert "she/her" in heading.inner_text()
    assert page.get_by_role("heading", name=re.compile("Maggie Reid")).is_visible()
    check_accessibility(page)


def test_it_finds_a_person_by_nhs_number_typed_with_spaces(
    signed_in_page: Callable[..., Any],
) -> None:
    # Given a clinician who has read Sam Reid's NHS number off her record
    page = signed_in_page("clinician")
    open_sam_reid(page)
    digits = re.sub(r"\D", "", nhs_number_on_person_page(page))
    assert len(digits) == 10, digits
    spaced = f"{digits[:3]} {digits[3:6]} {digits[6:]}"

    # When they search for it, typed with spaces
    page.goto("/people/")
    page.get_by_label("NHS number").fill(spaced)
    page.get_by_role("button", name="Search").click()

    # Then exactly Sam Reid is found
    page.get_by_role("heading", name="1 person found").wait_for()
    assert page.get_by_role("link", name="Sam Reid").is_visible()
    check_accessibility(page)


def test_it_shows_an_error_summary_for_an_nhs_number_that_fails_the_check_digit(
    signed_in_page: Callable[..., Any],
) -> None:
    # Given a clinician on Find a person
    page = signed_in_page("clinician")
    page.goto("/people/")

    # When they search with an NHS number whose check digit is wrong
    page.get_by_label("NHS number").fill(BAD_CHECK_DIGIT)
    page.get_by_role("button", name="Search").click()

    # Then an error summary appears and takes focus, so screen readers announce it
    summary = page.locator(".nhsuk-error-summary")
    summary.wait_for()
    assert "This NHS number is not right" in summary.inner_text()
    page.wait_for_function(
        "() => document.activeElement?.classList.contains('nhsuk-error-summary')"
    )
    assert page.title().startswith("Error: ")

    # And what they typed is kept
    assert page.get_by_label("NHS number").input_value() == BAD_CHECK_DIGIT
    check_accessibility(page)


@pytest.mark.parametrize("where", ["sign-in page", "home page", "person page"])
def test_it_fits_a_320_pixel_wide_screen_without_scrolling_sideways(
    where: str, open_page: Callable[..., Any], signed_in_page: Callable[..., Any]
) -> None:
    # Given a phone-width screen (WCAG 1.4.10 Reflow: 320 CSS pixels)
    viewport = {"width": 320, "height": 640}

    # When the page is shown
    if where == "sign-in page":
        page = open_page(viewport=viewport)
        page.goto("/sign-in/")
    else:
        page = signed_in_page("clinician", viewport=viewport)
        page.goto("/")
        if where == "person page":
            open_sam_reid(page)

    # Then nothing is wider than the screen
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 320, f"the {where} is {width}px wide at 320px"
    check_accessibility(page)


def test_it_skips_to_main_content_from_the_first_tab(
    open_page: Callable[..., Any],
) -> None:
    # Given someone using a keyboard on the sign-in page
    page = open_page()
    page.goto("/sign-in/")

    # When they press Tab once
    page.keyboard.press("Tab")

    # Then the skip link has focus
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"

    # When they follow it, focus moves to the main content
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement?.id === 'maincontent'")
    assert page.evaluate("() => document.activeElement.tagName") == "MAIN"


def test_it_signs_in_and_searches_without_javascript(
    open_page: Callable[..., Any],
) -> None:
    # Given a browser with JavaScript switched off
    page = open_page(java_script_enabled=False)

    # When a clinician signs in and searches
    sign_in(page, "clinician")
    page.get_by_role("heading", level=1, name="Your work").wait_for()
    page.goto("/people/")
    find_by_name_and_birth_date(page)

    # Then the search works as plain forms and links
    page.get_by_role("heading", name=re.compile(r"found$")).wait_for()
    page.get_by_role("link", name="Sam Reid").click()
    assert "Sam Reid" in page.get_by_role("heading", level=1).inner_text()


@pytest.mark.parametrize(
    ("username", "path", "heading"),
    [
        ("lead", "/access-log/", "Access log"),
        ("lead", "/access-log/break-glass/", "Break-glass reviews"),
        ("admin", "/staff/", "Staff accounts"),
        ("admin", "/staff/add/", "Add a member of staff"),
    ],
)
def test_it_passes_axe_on_team_lead_and_admin_pages(
    username: str, path: str, heading: str, signed_in_page: Callable[..., Any]
) -> None:
    # Given a team lead or administrator
    page = signed_in_page(username)

    # When they open one of their pages
    page.goto(path)

    # Then it is the page they asked for, and axe finds nothing
    page.get_by_role("heading", level=1, name=heading).wait_for()
    check_accessibility(page)


def test_it_passes_axe_on_the_page_not_found(
    base_url: str, signed_in_page: Callable[..., Any]
) -> None:
    # Given a clinician who follows a broken link
    page = signed_in_page("clinician")
    page.problems.expected_failures.add(f"{base_url}/no-such-page/")

    # When the page loads
    response = page.goto("/no-such-page/")

    # Then it says so, with a 404 status, and axe finds nothing
    assert response.status == 404
    page.get_by_role("heading", level=1, name="Page not found").wait_for()
    check_accessibility(page)


def test_it_passes_axe_on_the_add_person_form_with_errors(
    signed_in_page: Callable[..., Any],
) -> None:
    # Given a clinician on Add a person
    page = signed_in_page("clinician")
    page.goto("/people/add/")

    # When they save without filling anything in (the form answers 400)
    page.problems.expected_failures.add(page.url)
    page.get_by_role("button", name="Save").click()

    # Then the errors are summarised and axe finds nothing
    page.locator(".nhsuk-error-summary").wait_for()
    summary = page.locator(".nhsuk-error-summary").inner_text()
    assert "Enter their first name or last name." in summary
    assert "Enter their date of birth, or their age if nobody knows it." in summary
    check_accessibility(page)


def test_it_sends_a_strict_content_security_policy(
    open_page: Callable[..., Any],
) -> None:
    # Given the sign-in page, as the browser receives it
    page = open_page()
    response = page.goto("/sign-in/")

    # Then its policy forbids plugins, base changes, framing, inline code and eval
    policy = response.headers["content-security-policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in policy, policy
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy


def test_it_reports_a_csp_violation_when_one_happens(
    open_page: Callable[..., Any],
) -> None:
    # Given the sign-in page under its real policy
    page = open_page()
    page.goto("/sign-in/")

    # When something injects an inline script
    with pytest.raises(Exception, match="Content Security Policy"):
        page.add_script_tag(content="window.injected = true;")

    # Then the browser refuses it, and these tests would see the refusal
    assert page.evaluate("() => window.injected") is None
    assert any("Content Security Policy" in m for m in page.problems.messages)
    page.problems.messages.clear()


def test_it_fails_a_page_that_axe_finds_a_problem_on(
    open_page: Callable[..., Any],
) -> None:
    # Given the sign-in page with an unlabelled text box added to it
    page = open_page()
    page.goto("/sign-in/")
    page.evaluate(
        "() => document.querySelector('form').append(document.createElement('input'))"
    )

    # When axe checks it, then the check fails and names the problem
    with pytest.raises(pytest.fail.Exception, match="label"):
        check_accessibility(page)
