"""Recording someone as they are, in a real browser with axe: one name, no
known date of birth, found again from a phone's keyboard (issue 12)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from tests.system.conftest import check_accessibility, sign_in


def test_a_person_with_one_name_and_an_estimated_age_is_added_and_found(
    open_page: Callable[..., Any],
) -> None:
    # Given a clinician adding someone who gives one name and no date of birth
    page = open_page()
    sign_in(page, "clinician")
    page.goto("/people/add/")
    page.get_by_role("heading", level=1, name="Add a person").wait_for()
    check_accessibility(page)

    # When they save with an empty last name, empty date boxes and an age
    page.get_by_label("First name").fill("N'Golo")
    page.get_by_label("Their age, if nobody knows their date of birth").fill("34")
    page.get_by_role("button", name="Save").click()

    # Then the record has the one name, and the age shown as an estimate
    page.get_by_role("heading", level=1, name="N'Golo").wait_for()
    details = page.locator(".nhsuk-summary-list").first.inner_text()
    assert "Not known: about 34, estimated on" in details
    check_accessibility(page)

    # When someone searches with a phone's curly apostrophe and an age
    page.goto("/people/")
    page.get_by_label("Last name").fill("N’Golo")
    page.get_by_label("Their age, if nobody knows their date of birth").fill("34")
    page.get_by_role("button", name="Search").click()

    # Then they are found, with what tells them apart
    page.get_by_role("heading", name=re.compile(r"found$")).wait_for()
    results = page.get_by_role("link", name="N'Golo")
    assert results.count() == 1
    item = page.locator("li", has=results).inner_text()
    assert "Date of birth not known (about 34)." in item
    assert "NHS number: Not known." in item
    check_accessibility(page)
