"""Reflecting on an assessment and taking the team self-assessment in a real
browser, as a new user would: each page clean by axe and whole at 320 px."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from coassess.coproduction.instruments import SELF_ASSESSMENT
from tests.system.conftest import check_accessibility


def test_a_clinician_reflects_on_an_assessment_in_private(
    signed_in_page: Callable[..., Any],
) -> None:
    # Given a clinician on Tomasz Nowak's assessment (the demo leaves it
    # without reflections)
    page = signed_in_page("clinician")
    page.goto("/referrals/")
    page.get_by_role("link", name="Open the assessment with Tomasz Nowak").click()
    contents = page.get_by_role("navigation", name="Parts of the assessment")
    contents.get_by_role("link", name="Reflect on how it went").click()
    page.get_by_role("heading", level=1, name="Reflect on how it went").wait_for()
    check_accessibility(page)

    # When they rate two values, comment on one, and place the work on the ladder
    respect = page.get_by_role(
        "group", name="1. Did people treat each other with respect?"
    )
    respect.get_by_label("Mostly").check()
    page.get_by_label("Anything to add about respect? (optional)").fill(
        "We listened to what he wanted."
    )
    page.get_by_role(
        "group", name="7. Did people feel safe to say hard things?"
    ).get_by_label("Don't know").check()
    page.get_by_label("6. Co-designing").check()
    page.get_by_role("button", name="Save the answers").click()

    # Then they are thanked and see their own answers, which only they can see
    page.get_by_text("Thank you. Your answers are saved.").wait_for()
    own = page.locator(".nhsuk-summary-list").first.inner_text()
    assert "We listened to what he wanted." in own
    assert "Don't know" in own and "Co-designing" in own
    check_accessibility(page)


def test_a_co_production_member_takes_the_team_self_assessment(
    signed_in_page: Callable[..., Any],
) -> None:
    # Given a co-production member, who sees the demo's reflections counted
    page = signed_in_page("coproduction")
    page.goto("/")
    page.get_by_role("link", name="Reflections").click()
    page.get_by_role(
        "heading", level=1, name="Reflections on your team’s work"
    ).wait_for()
    assert page.get_by_text("said mostly or completely").count() >= 2
    check_accessibility(page)

    # When they start a self-assessment and fill it in for the group
    page.goto("/")
    page.get_by_role("link", name="Team self-assessment").click()
    page.get_by_role("button", name="Start a self-assessment").click()
    page.get_by_role("heading", level=1, name="Team self-assessment").wait_for()
    check_accessibility(page)
    met = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=2)
    when = page.get_by_role("group", name="When did the group meet?")
    when.get_by_label("Day").fill(str(met.day))
    when.get_by_label("Month").fill(met.strftime("%B"))
    when.get_by_label("Year").fill(str(met.year))
    page.get_by_label("How many staff took part?").fill("3")
    page.get_by_label("How many experts by experience took part?").fill("2")
    for statement in SELF_ASSESSMENT:
        group = page.get_by_role("group", name=statement["text"])
        group.get_by_label("3: We are getting there").check()
    page.get_by_label("Time is paid for: what will you do next? (optional)").fill(
        "Ask for an involvement budget."
    )
    page.get_by_label("Time is paid for: who will do it?").fill("Priya Raman")
    due = page.get_by_role("group", name="Time is paid for: by when?")
    due.get_by_label("Day").fill("1")
    due.get_by_label("Month").fill("6")
    due.get_by_label("Year").fill(str(met.year + 1))
    page.get_by_role("button", name="Save the self-assessment").click()

    # Then the saved self-assessment shows its action plan with owner and date
    page.get_by_text("The self-assessment and its action plan are saved.").wait_for()
    plan = page.locator("table").inner_text()
    assert "Ask for an involvement budget." in plan
    assert "Priya Raman" in plan and f"1 June {met.year + 1}" in plan
    check_accessibility(page)
