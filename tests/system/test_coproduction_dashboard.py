"""The co-production dashboard on the demo's year, in a real browser: a team
lead opens it from the home page and sees the measures, the response times and
the waits, and staff beside people with lived experience for each value and
rung, each chart named and described, each with its table; a figure leads to
the assessments behind it; axe finds nothing; whole at 320 px."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.system.conftest import check_accessibility, check_fits_narrow_screen

CHARTS = (
    "How often each measure was met",
    "Seen within the response standard",
    "Time to first face-to-face contact",
    "Entries in the person's own words",
    # The demo's reflections pass the five-answer threshold in both groups.
    "Values: staff and people with lived experience",
    "Ladder of participation: staff and people with lived experience",
)


def test_a_lead_opens_the_dashboard_on_demo_data(
    signed_in_page: Callable[..., Any],
) -> None:
    # Given the demo team lead, signed in, on the home page
    page = signed_in_page("lead")
    page.goto("/")

    # When they open the dashboard
    page.get_by_role("link", name="Co-production dashboard").first.click()
    page.get_by_role("heading", level=1, name="Co-production dashboard").wait_for()

    # Then each chart is an image named by its title, beside its table
    for name in CHARTS:
        assert page.get_by_role("heading", level=2, name=name).is_visible()
        chart = page.get_by_role("img", name=name)
        assert chart.count() == 1 and chart.is_visible()
        section = page.locator("section.coassess-panel").filter(has=chart)
        assert section.locator("table").count() == 1
        assert section.locator("desc").count() == 1
    assert page.get_by_role("img", name="Month by month", exact=False).count() == 1
    # The year of demo activity is there: twelve months in the trend's table
    trend = page.locator("section.coassess-panel").nth(1)
    assert trend.locator("tbody tr").count() == 12
    values = page.locator("section.coassess-panel").filter(
        has=page.get_by_role(
            "heading", name="Values: staff and people with lived experience"
        )
    )
    assert values.get_by_text("of staff and", exact=False).count() >= 1
    check_accessibility(page)

    # And a figure leads to the assessments behind it
    page.get_by_role("link", name="list these assessments").first.click()
    page.get_by_role("heading", level=1, name="Assessments behind a figure").wait_for()
    check_accessibility(page)


def test_the_dashboard_fits_a_phone(signed_in_page: Callable[..., Any]) -> None:
    page = signed_in_page("lead", viewport={"width": 320, "height": 640})
    page.goto("/co-production/dashboard/")
    page.get_by_role("heading", level=1, name="Co-production dashboard").wait_for()
    check_fits_narrow_screen(page)
    check_accessibility(page)


def test_the_export_page_is_accessible(signed_in_page: Callable[..., Any]) -> None:
    page = signed_in_page("coproduction")
    page.goto("/co-production/dashboard/")
    page.get_by_role("link", name="Make a research export").click()
    page.get_by_role("heading", level=1, name="Research export").wait_for()
    assert page.get_by_role("link", name="Download the data (CSV)").is_visible()
    check_accessibility(page)
