"""When a session ends, in Chromium (issue 10, items 4 and 5).

A server of its own with a 4-second idle limit and a board that refreshes every
second, on the same demo data:

- a board left open idles out like any page: its refreshes are not activity;
  it says the member was signed out and stops asking for rows;
- text one member typed and did not save never appears for the next member who
  signs in on the same tab.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.system.conftest import (
    check_accessibility,
    code_for,
    give_code,
    give_password,
    serving,
    sign_in,
)
from tests.system.test_assessment_journey import open_assessment_of, prompt

IDLE_SECONDS = 4


@pytest.fixture(scope="module")
def short_idle_url(demo_data: Path | None) -> Iterator[str]:
    if demo_data is None:
        yield ""
        return
    with serving(
        demo_data,
        "short-idle",
        SESSION_IDLE_SECONDS=str(IDLE_SECONDS),
        BOARD_REFRESH_SECONDS="1",
    ) as url:
        yield url


def test_a_board_left_open_idles_out_and_stops_refreshing(
    open_page: Callable[..., Any], short_idle_url: str
) -> None:
    # Given a clinician who opens the team board and then leaves it alone
    page = open_page(base_url=short_idle_url)
    sign_in(page, "clinician")
    refreshes: list[float] = []
    page.on(
        "request",
        lambda r: (
            refreshes.append(time.monotonic())
            if r.headers.get("x-coassess-background")
            else None
        ),
    )
    page.goto("/referrals/")
    page.get_by_role("heading", level=1, name="Team board").wait_for()

    # Then, although the board asked for rows every second, the session ends
    note = page.get_by_role("alert").filter(has_text="You have been signed out")
    note.wait_for(timeout=(IDLE_SECONDS + 5) * 1000)
    assert len(refreshes) >= IDLE_SECONDS - 1
    # And the board stops asking
    asked = len(refreshes)
    page.wait_for_timeout(2500)
    assert len(refreshes) == asked
    check_accessibility(page)

    # And following the link asks them to sign in, then brings them back
    note.get_by_role("link", name="Sign in again").click()
    page.get_by_role("heading", level=1, name="Sign in").wait_for()
    assert "next=%2Freferrals%2F" in page.url


def test_unsaved_text_never_reaches_the_next_person_on_the_tab(
    open_page: Callable[..., Any], short_idle_url: str
) -> None:
    # Given a peer worker who types into an entry box and does not save it
    page = open_page(base_url=short_idle_url)
    sign_in(page, "peer")
    open_assessment_of(page, "Marcus Bell")
    contents = page.get_by_role("navigation", name="Parts of the assessment")
    contents.get_by_role("link", name="Physical state", exact=True).click()
    page.get_by_role("heading", level=1, name="Physical state").wait_for()
    section = page.url
    text = "Peer's unsaved words: he said the cut is worse than he let on."
    part = prompt(page, "Observations and physical concerns")
    # Other tests may have added an entry already: then the box opens from a link.
    more = part.get_by_text("Add to “Observations and physical concerns”")
    if more.count():
        more.click()
    part.get_by_label("Entry").fill(text)
    kept = page.evaluate("() => JSON.stringify(Object.values(sessionStorage))")
    assert text in kept  # the tab keeps it while their session lasts

    # When the session times out and a clinician signs in on the same tab
    page.wait_for_timeout((IDLE_SECONDS + 1) * 1000)
    code = code_for("clinician")
    page.goto(section)
    page.get_by_role("heading", level=1, name="Sign in").wait_for()
    give_password(page, "clinician")
    give_code(page, code)
    page.get_by_role("heading", level=1, name="Physical state").wait_for()

    # Then the box is empty, nothing says text was kept, and the tab holds none of it
    part = prompt(page, "Observations and physical concerns")
    assert part.get_by_label("Entry").input_value() == ""
    assert page.get_by_text("We kept text you had not saved yet").count() == 0
    kept = page.evaluate("() => JSON.stringify(Object.values(sessionStorage))")
    assert text not in kept
    check_accessibility(page)
