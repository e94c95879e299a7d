"""The co-production measures of Sam Reid's demo assessment in a real browser:
reached from the assessment's contents, clean by axe, and whole at 320 px."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.system.conftest import check_accessibility, check_fits_narrow_screen

PAGE = "How co-produced was this?"


def test_the_measures_page_is_reached_from_the_assessment_and_accessible(
    signed_in_page: Callable[..., Any],
) -> None:
    # Given a clinician on Sam Reid's assessment, on a phone-width screen
    page = signed_in_page("clinician", viewport={"width": 320, "height": 640})
    page.goto("/referrals/")
    page.get_by_role("link", name="Open the assessment with Sam Reid").click()
    page.get_by_role("heading", level=1, name="Assessment with Sam Reid").wait_for()

    # When they follow the link in the assessment's contents
    contents = page.get_by_role("navigation", name="Parts of the assessment")
    contents.get_by_role("link", name=PAGE, exact=True).click()

    # Then every measure's group is there, in words, and the page passes axe
    page.get_by_role("heading", level=1, name=PAGE).wait_for()
    for heading in ("Voices", "Decisions", "The plan", "Response time"):
        assert page.get_by_role("heading", level=2, name=heading).is_visible()
    assert page.get_by_text("Entries in the person's own words").is_visible()
    check_accessibility(page)
    check_fits_narrow_screen(page)
