"""Wording prompts as a clinician types, in a real browser (issue 5)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import expect

from tests.system.conftest import check_accessibility, choose_voice

NOTE = "Pt refused meds and claims she is not suicidal"


def open_account_section(page: Any) -> Any:
    page.goto("/referrals/")
    page.get_by_role("link", name="Open the assessment with Marcus Bell").click()
    page.get_by_role(
        "link", name="Their account, in their own words", exact=True
    ).click()
    # Open the form, unless it is open already (a draft of it is offered).
    add = page.locator("details").filter(
        has=page.get_by_text("Add to “What has been happening”")
    )
    if add.get_attribute("open") is None:
        add.locator("summary").click()
    return page.get_by_label("Entry", exact=True)


def test_it_shows_findings_as_you_type_and_swaps_in_a_wording(
    signed_in_page: Callable[..., Any],
) -> None:
    # Given a clinician adding to Marcus's account
    page = signed_in_page("clinician")
    box = open_account_section(page)

    # When they type a note with stigmatising words
    box.fill(NOTE)

    # Then the prompts appear beside the box within a second, with other wordings
    findings = page.locator(".coassess-findings").filter(
        has_text="Wording to look at again"
    )
    expect(findings).to_contain_text("Wording to look at again (2)", timeout=1000)
    expect(findings).to_contain_text("“refused”")
    expect(findings).to_contain_text("“claims”")
    check_accessibility(page)

    # When they choose a wording, it replaces the word in their box, and only that
    findings.get_by_role("button", name="Use “declined”").click()
    expect(box).to_have_value("Pt declined meds and claims she is not suicidal")
    expect(box).to_be_focused()

    # Then the prompts are checked again for the new text
    expect(findings).to_contain_text("Wording to look at again (1)")
    expect(findings).not_to_contain_text("“refused”")

    # And keeping their own wording just puts the prompt away
    findings.get_by_role("button", name="Keep my wording “claims”").click()
    expect(
        findings.locator("li.coassess-finding").filter(has_text="“claims”")
    ).to_be_hidden()
    expect(box).to_have_value("Pt declined meds and claims she is not suicidal")
    check_accessibility(page)


def test_it_changes_nothing_unless_asked(signed_in_page: Callable[..., Any]) -> None:
    # Given the prompts are showing
    page = signed_in_page("clinician")
    box = open_account_section(page)
    box.fill(NOTE)
    expect(page.locator(".coassess-findings")).to_contain_text(
        "“refused”", timeout=1000
    )
    # Then the writer's text is as they typed it
    expect(box).to_have_value(NOTE)


def test_a_wording_keeps_the_grammar_shows_the_sentence_and_is_what_is_saved(
    signed_in_page: Callable[..., Any],
) -> None:
    # Given a clinician adding to Marcus's account
    page = signed_in_page("clinician")
    box = open_account_section(page)
    part = page.get_by_role("region", name="What has been happening", exact=True)

    # When they type that he was refusing his medication
    box.fill("He was refusing his medication.")

    # Then the wording offered keeps the form of the word, and the whole new
    # sentence is shown before it is used
    findings = part.locator(".coassess-findings").filter(
        has_text="Wording to look at again"
    )
    use = findings.get_by_role("button", name="Use “declining”")
    expect(use).to_be_visible(timeout=2000)
    expect(findings).to_contain_text("it would read “He was declining his medication.”")
    expect(findings.get_by_role("button", name="Use “declined”")).to_have_count(0)
    check_accessibility(page)

    # When they use it, the box holds that sentence, and it is kept as their draft
    use.click()
    expect(box).to_have_value("He was declining his medication.")
    expect(part.get_by_role("status")).to_contain_text("Draft kept at")

    # And Save saves what they accepted
    choose_voice(part, "Whose words or view is this?", "Marcus Bell (lived experience)")
    part.get_by_role("button", name="Save").click()
    page.get_by_text("Saved.").wait_for()
    entries = page.get_by_role(
        "region", name="What has been happening", exact=True
    ).locator(".coassess-entry")
    expect(entries.filter(has_text="He was declining his medication.")).to_have_count(1)
    expect(entries.filter(has_text="He was refusing his medication.")).to_have_count(0)
