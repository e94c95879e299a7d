"""Setting up a sign-in code at the first sign-in, in Chromium (issue 10: a
second factor): the QR code shows under the real Content Security Policy,
the key is there as text, the recovery codes are shown once, and one of them
signs in instead of the app."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.system.conftest import (
    CLI,
    DEMO_PASSWORD,
    REPO,
    _server_env,
    check_accessibility,
    code_for,
    give_password,
)


def make_new_starter(data_dir: Path, username: str) -> None:
    made = subprocess.run(  # noqa: S603 (fixed arguments)
        [
            *CLI,
            "createuser",
            username,
            "--team",
            "Riverside Liaison Mental Health Team",
            "--role",
            "clinician",
            "--password",
            DEMO_PASSWORD,
            "--reason",
            "New starter, for the browser test",
        ],
        env=_server_env(data_dir),
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr


def test_a_new_starter_sets_up_a_code_and_keeps_recovery_codes(
    open_page: Callable[..., Any], demo_data: Path | None
) -> None:
    # Given a new member of staff, made from the command line
    page = open_page()
    assert demo_data is not None
    make_new_starter(demo_data, "newstarter")

    # When they first sign in with their password
    page.goto("/sign-in/")
    give_password(page, "newstarter")

    # Then they are asked to set up a sign-in code, with a QR code that shows
    page.get_by_role("heading", level=1, name="Set up your sign-in code").wait_for()
    qr = page.get_by_role(
        "img", name="QR code to add coassess to your authenticator app"
    )
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    check_accessibility(page)

    # And when they type the key into their app instead, and enter its code
    page.get_by_text("If you cannot scan the QR code").click()
    key = "".join(page.locator("#setup-key").inner_text().split())
    page.get_by_label("Code from the app").fill(code_for("newstarter", key))
    page.get_by_role("button", name="Confirm and continue").click()

    # Then they see ten recovery codes, once
    page.get_by_role("heading", level=1, name="Your recovery codes").wait_for()
    check_accessibility(page)
    codes = page.locator("#recovery-codes").inner_text().split()
    assert len(codes) == 10
    page.get_by_role("button", name="I have kept my recovery codes").click()
    page.get_by_role("heading", level=1, name="Your work").wait_for()

    # And after signing out, a recovery code signs them in instead of the app
    page.get_by_role("button", name="Sign out").click()
    page.goto("/sign-in/")
    give_password(page, "newstarter")
    page.get_by_role("heading", level=1, name="Enter your sign-in code").wait_for()
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", level=1, name="Your work").wait_for()
    assert page.get_by_text("You have 9 recovery codes left.").is_visible()
    check_accessibility(page)


def test_a_team_lead_unlocks_a_member_and_can_reset_a_code(
    open_page: Callable[..., Any],
    signed_in_page: Callable[..., Any],
    demo_data: Path | None,
    base_url: str,
) -> None:
    # Given a member of the lead's team locked out after five wrong passwords
    assert demo_data is not None
    make_new_starter(demo_data, "forgetful")
    member = open_page()
    member.problems.expected_failures.add(f"{base_url}/sign-in/")  # 429
    for _ in range(5):
        member.goto("/sign-in/")
        give_password(member, "forgetful", "not-the-password-at-all")
    member.goto("/sign-in/")
    give_password(member, "forgetful")
    member.get_by_role("heading", level=1, name="Too many tries").wait_for()

    # When the team lead opens their team's sign-in page
    page = signed_in_page("lead")
    page.goto("/staff/sign-in/")
    page.get_by_role("heading", level=1, name="Signing in").wait_for()
    check_accessibility(page)

    # Then the member shows as locked out, and the lead unlocks them with a reason
    page.get_by_role("link", name="Unlock forgetful").click()
    page.get_by_role("heading", level=1, name="Unlock forgetful").wait_for()
    check_accessibility(page)
    page.problems.expected_failures.add(page.url)  # 400: no reason given
    page.get_by_role("button", name="Unlock").click()
    page.get_by_role("heading", level=2, name="There is a problem").wait_for()
    check_accessibility(page)
    page.get_by_label("Why are you making this change?").fill(
        "Forgot their new password; rang them back"
    )
    page.get_by_role("button", name="Unlock").click()
    page.get_by_text("forgetful can sign in again now.").wait_for()

    # And the reset page for another member asks why before anything happens
    page.get_by_role("link", name="Reset sign-in code for Jo Fairweather").click()
    page.get_by_role(
        "heading", level=1, name="Reset Jo Fairweather's sign-in code"
    ).wait_for()
    check_accessibility(page)

    # And the member can now sign in: they are asked to set up their code
    member.goto("/sign-in/")
    give_password(member, "forgetful")
    member.get_by_role("heading", level=1, name="Set up your sign-in code").wait_for()
