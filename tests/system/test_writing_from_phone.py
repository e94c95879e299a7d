"""The person adds to their own record from their phone, as a new user would:
on a 360 px browser with JavaScript off, signed in with a code, they add their
own words (after a kind message for an empty box), say they disagree with an
entry, give and change their view on a decision, write their plan for if
things get worse and say whether they agree with the plan. Axe finds no
problem on any page, each fits 320 px, and the clinician then sees what is new
from Ruth's own device."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.system.conftest import CLI, _server_env, check_accessibility

# Run in the server's own data folder: a code for Ruth Adeyemi, whose plan is
# not signed, issued by the clinician who started her assessment.
ISSUE = """
import json
from coassess.assessments.models import Assessment, Contribution
from coassess.people import codes
from coassess.people.code_services import issue_code
from coassess.plans.services import start_plan
a = Assessment.objects.select_related("person", "team", "started_by").get(
    person__given_name="Ruth", person__family_name="Adeyemi")
_, made = issue_code(actor=a.started_by, person=a.person, team=a.team,
    supporter=None, known_kind=codes.Known.WORD, known_answer="Marigold")
start_plan(actor=a.started_by, assessment=a)  # the plan she has, or a new one
entry = Contribution.objects.filter(assessment=a, is_current=True,
    withheld_reason="").exclude(voice__kind="person").first()
print(json.dumps({"code": made.shown, "assessment": str(a.pk),
    "entry": str(entry.pk), "clinician": a.started_by.username}))
"""


@pytest.fixture
def ruths_code(demo_data: Path | None) -> dict[str, str]:
    if demo_data is None:
        pytest.fail("Chromium is not installed", pytrace=False)
    done = subprocess.run(  # noqa: S603 (our own command, fixed arguments)
        [*CLI, "shell", "-c", ISSUE],
        env=_server_env(demo_data),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    found: dict[str, str] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def test_ruth_adds_to_her_record_from_her_phone_without_javascript(
    ruths_code: dict[str, str],
    open_page: Callable[..., Any],
    signed_in_page: Callable[..., Any],
) -> None:
    # Given Ruth's phone: 360 px wide, JavaScript off
    page = open_page(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page.goto("/my/")
    page.get_by_label("Your code").fill(ruths_code["code"])
    page.get_by_label("What you were asked to remember").fill("marigold")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", level=1).wait_for()
    mine = f"/my/assessments/{ruths_code['assessment']}/"

    # When she opens "Add to your record" and adds her own words, once empty
    page.goto(mine + "your-say/")
    page.get_by_role("heading", level=1, name="Add to your record").wait_for()
    check_accessibility(page)
    page.get_by_role("link", name="Strengths and what helps").click()
    page.get_by_role(
        "heading", level=1, name="Add your own words: Strengths and what helps"
    ).wait_for()
    check_accessibility(page)
    page.get_by_role("button", name="Save my words").click()
    page.get_by_text("Write what you want to say, then press Save.").first.wait_for()
    check_accessibility(page)
    page.get_by_label("Hopes and aspirations").check()
    page.get_by_label("What you want to say").fill(
        "To be home for my granddaughter's birthday."
    )
    page.get_by_role("button", name="Save my words").click()
    page.get_by_text("Your words are now part of your record.").wait_for()
    check_accessibility(page)

    # And says she disagrees with an entry someone else wrote
    page.goto(mine + f"entries/{ruths_code['entry']}/disagree/")
    page.get_by_role("heading", level=1, name="Say you disagree").wait_for()
    check_accessibility(page)
    page.get_by_label("What is wrong, and what you would say instead").fill(
        "That is not how it happened. I was only tired."
    )
    page.get_by_role("button", name="Save my disagreement").click()
    page.get_by_text("Your disagreement is now kept beside that entry.").wait_for()

    # And changes her view on where she should be tonight
    page.get_by_role("link", name="Where should Ruth be tonight?").click()
    page.get_by_role(
        "heading", level=1, name="Your view: Where should Ruth be tonight?"
    ).wait_for()
    check_accessibility(page)
    home = page.get_by_role("group", name=re.compile("Go home tonight"))
    home.get_by_label("Object: this cannot go ahead for me").check()
    page.get_by_role("button", name="Save my view").click()
    page.get_by_text("Your view is saved.").wait_for()

    # And writes her plan for if things get worse, and answers about the plan
    page.get_by_role("link", name="If things get worse: write your plan").click()
    page.get_by_role(
        "heading", level=1, name="If things get worse: your plan"
    ).wait_for()
    check_accessibility(page)
    page.get_by_label("Warning signs").fill("I get muddled and stop eating.")
    page.get_by_role("button", name="Save my plan").click()
    page.get_by_text("Your plan for if things get worse is saved.").wait_for()
    page.get_by_role("link", name="Say if you agree with your plan").click()
    page.get_by_role("heading", level=1, name="Do you agree with your plan?").wait_for()
    check_accessibility(page)
    page.get_by_label("I do not agree with part of it").check()
    page.get_by_label("If you do not agree: which part, and why").fill(
        "I do not want to stay in the side room a second night."
    )
    page.get_by_role("button", name="Save my answer").click()
    page.get_by_text("Your answer about the plan is saved.").wait_for()

    # Then the clinician sees what came from Ruth's own device
    staff = signed_in_page(ruths_code["clinician"])
    staff.goto(f"/assessments/{ruths_code['assessment']}/")
    panel = staff.locator("#from-device")
    panel.wait_for()
    words = panel.inner_text()
    assert "Ruth Adeyemi added their own words." in words
    assert "Ruth Adeyemi disagreed with an entry." in words
    assert "To be home for my granddaughter" in words
    assert (
        "gave a position: Object: this cannot go ahead for me: Go home tonight" in words
    )
    check_accessibility(staff)
