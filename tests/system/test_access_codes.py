"""Access codes in Chromium, as a new user would (issue 13, items 1 and 5).

A clinician gives Sam's mum a code from the assessment and sees it once, with
its QR code; on a 360 px phone with JavaScript off, Maggie opens the QR code's
link, gives the last 4 numbers of her phone, is signed in, and signs herself
out; the clinician then sees when it was used and revokes it. A wrong answer
is met with the one message. Axe checks every page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from tests.system.conftest import check_accessibility
from tests.system.test_assessment_journey import go_to_part, open_assessment_of

PHONE = {"width": 360, "height": 740}


def test_a_clinician_gives_a_code_and_a_supporter_signs_in_on_her_phone(
    signed_in_page: Callable[..., Any], open_page: Callable[..., Any], base_url: str
) -> None:
    # Given a clinician on Sam's assessment
    staff = signed_in_page("clinician")
    open_assessment_of(staff, "Sam Reid")
    go_to_part(staff, "Access codes")

    # When they give Maggie a code for 3 days, checked by her phone number
    staff.get_by_role("link", name="Give a new code").click()
    staff.get_by_role("heading", level=1, name="Give a new code").wait_for()
    check_accessibility(staff)
    staff.get_by_role("radio", name="Maggie Reid, mum").check()
    staff.get_by_role("radio", name=re.compile("last 4 numbers of their phone")).check()
    staff.get_by_label("Which 4 numbers does their phone end in?").fill("0101")
    staff.get_by_role("radio", name="3 days").check()
    staff.get_by_role("button", name="Give the code").click()

    # Then the code is shown once, with a QR code that holds the sign-in link
    staff.get_by_role(
        "heading", level=1, name="The code for Maggie Reid, mum"
    ).wait_for()
    check_accessibility(staff)
    shown = staff.locator(".coassess-code-card__code").inner_text()
    code = re.search(r"[A-Z2-9]{5}-[A-Z2-9]{5}", shown)
    assert code is not None
    assert staff.get_by_role("img", name=re.compile("QR code")).is_visible()
    staff.emulate_media(media="print")
    assert not staff.get_by_role(
        "navigation", name="Parts of the assessment"
    ).is_visible()
    assert staff.locator(".coassess-code-card").is_visible()
    staff.emulate_media(media="screen")

    # When Maggie opens the link on her phone, without JavaScript
    link = f"/my/?code={code.group(0).replace('-', '')}"
    phone = open_page(viewport=PHONE, java_script_enabled=False)
    # A refused sign-in answers 400, which Chromium notes for the page itself.
    phone.problems.expected_failures.add(f"{base_url}/my/")
    phone.goto(link)
    phone.get_by_role("heading", level=1, name="See your plan").wait_for()
    assert phone.get_by_label("Your code").input_value() == code.group(0)

    # And gives a wrong answer first: the one kind message
    phone.get_by_label("What you were asked to remember").fill("1234")
    phone.get_by_role("button", name="Sign in").click()
    phone.get_by_text(
        "We could not sign you in with that code and answer"
    ).first.wait_for()
    assert "call the number on your card" in phone.content()

    # Then the right one signs her in, and "I'm done" signs her out
    phone.get_by_label("What you were asked to remember").fill("0101")
    phone.get_by_role("button", name="Sign in").click()
    sign_out = phone.get_by_role("button", name=re.compile("sign me out"))
    sign_out.wait_for()
    sign_out.click()
    phone.get_by_role("heading", level=1, name="You are signed out").wait_for()

    # And the same pages pass axe and fit the screen (axe needs JavaScript)
    checked = open_page(viewport=PHONE)
    checked.problems.expected_failures.add(f"{base_url}/my/")
    checked.goto(link)
    checked.get_by_role("heading", level=1, name="See your plan").wait_for()
    check_accessibility(checked)
    checked.get_by_label("What you were asked to remember").fill("1234")
    checked.get_by_role("button", name="Sign in").click()
    checked.get_by_text("We could not sign you in").first.wait_for()
    check_accessibility(checked)
    checked.get_by_label("What you were asked to remember").fill("0101")
    checked.get_by_role("button", name="Sign in").click()
    checked.get_by_role("button", name=re.compile("sign me out")).click()
    checked.get_by_role("heading", level=1, name="You are signed out").wait_for()
    check_accessibility(checked)

    # And the clinician sees her code was used, and revokes it
    staff.goto(staff.url.split("/access-codes/")[0] + "/access-codes/")
    row = staff.get_by_role("row").filter(has_text="Maggie Reid, mum").first
    assert "Not used yet" not in row.inner_text()
    row.get_by_role("link", name=re.compile("Revoke")).click()
    staff.get_by_role("heading", level=1, name="Revoke this code").wait_for()
    check_accessibility(staff)
    staff.get_by_role("button", name="Revoke the code").click()
    staff.get_by_role("heading", level=1, name="Access codes").wait_for()
    assert "Revoked by Amara Okafor" in staff.content()
    check_accessibility(staff)
