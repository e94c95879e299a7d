"""The person adds to their own record from their phone, as a new user would:
on a 360 px browser with JavaScript off, signed in with a code, they add their
own words (after a kind message for an empty box), say they disagree with an
entry, give and change their view on a decision, write their plan for if
things get worse and say whether they agree with the plan. Axe finds no
problem on any page, each fits 320 px, and the clinician then sees what is new
from Ruth's own device."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.system.conftest import check_accessibility, in_demo

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
    return in_demo(demo_data, ISSUE)


PHONE = {"width": 360, "height": 740}


def _sign_in(page: Any, code: str) -> None:
    page.goto("/my/")
    page.get_by_label("Your code").fill(code)
    page.get_by_label("What you were asked to remember").fill("marigold")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name=re.compile("sign me out")).wait_for()


def test_ruth_adds_to_her_record_from_her_phone_without_javascript(
    ruths_code: dict[str, str],
    open_page: Callable[..., Any],
    signed_in_page: Callable[..., Any],
    base_url: str,
) -> None:
    mine = f"/my/assessments/{ruths_code['assessment']}/"
    words = mine + "sections/strengths/your-words/"
    # Given Ruth's phone: 360 px wide, JavaScript off
    phone = open_page(java_script_enabled=False, viewport=PHONE)
    phone.problems.expected_failures.add(base_url + words)  # the kind 400
    _sign_in(phone, ruths_code["code"])

    # When she adds her own words, first sending an empty box
    phone.goto(mine + "your-say/")
    phone.get_by_role("heading", level=1, name="Add to your record").wait_for()
    phone.get_by_role("link", name="Strengths and what helps", exact=True).click()
    phone.get_by_role("button", name="Save my words").click()
    phone.get_by_text("Write what you want to say, then press Save.").first.wait_for()
    phone.get_by_label("Hopes and aspirations").check()
    phone.get_by_label("What you want to say").fill(
        "To be home for my granddaughter's birthday."
    )
    phone.get_by_role("button", name="Save my words").click()
    phone.get_by_text("Your words are now part of your record.").wait_for()

    # And says she disagrees with an entry someone else wrote
    phone.goto(mine + f"entries/{ruths_code['entry']}/disagree/")
    phone.get_by_label("What is wrong, and what you would say instead").fill(
        "That is not how it happened. I was only tired."
    )
    phone.get_by_role("button", name="Save my disagreement").click()
    phone.get_by_text("Your disagreement is now kept beside that entry.").wait_for()

    # And changes her view on where she should be tonight
    phone.get_by_role("link", name="Where should Ruth be tonight?").click()
    home = phone.get_by_role("group", name=re.compile("Go home tonight"))
    home.get_by_label("Object: this cannot go ahead for me").check()
    phone.get_by_role("button", name="Save my view").click()
    phone.get_by_text("Your view is saved.").wait_for()

    # And writes her plan for if things get worse, and answers about the plan
    phone.get_by_role("link", name="If things get worse: write your plan").click()
    phone.get_by_label("Warning signs").fill("I get muddled and stop eating.")
    phone.get_by_role("button", name="Save my plan").click()
    phone.get_by_text("Your plan for if things get worse is saved.").wait_for()
    phone.get_by_role("link", name="Say if you agree with your plan").click()
    phone.get_by_label("I do not agree with part of it").check()
    phone.get_by_label("If you do not agree: which part, and why").fill(
        "I do not want to stay in the side room a second night."
    )
    phone.get_by_role("button", name="Save my answer").click()
    phone.get_by_text("Your answer about the plan is saved.").wait_for()

    # Then the same pages pass axe and fit the screen (axe needs JavaScript)
    checked = open_page(viewport=PHONE)
    checked.problems.expected_failures.add(base_url + words)
    _sign_in(checked, ruths_code["code"])
    for path in [
        "your-say/",
        "sections/strengths/your-words/",
        f"entries/{ruths_code['entry']}/disagree/",
        "plan/if-things-get-worse/",
        "plan/agree/",
    ]:
        checked.goto(mine + path)
        check_accessibility(checked)
    checked.goto(words)
    checked.get_by_role("button", name="Save my words").click()
    checked.get_by_text("There is a problem").wait_for()
    check_accessibility(checked)
    checked.goto(mine + "your-say/")
    checked.get_by_role("link", name="Where should Ruth be tonight?").click()
    checked.get_by_role("button", name="Save my view").wait_for()
    check_accessibility(checked)

    # And the clinician sees what came from Ruth's own device
    staff = signed_in_page(ruths_code["clinician"])
    staff.goto(f"/assessments/{ruths_code['assessment']}/")
    panel = staff.locator("#from-device")
    panel.wait_for()
    said = panel.inner_text()
    assert "Ruth Adeyemi added their own words." in said
    assert "Ruth Adeyemi disagreed with an entry." in said
    assert "To be home for my granddaughter" in said
    assert "Object: this cannot go ahead for me: Go home tonight" in said
    check_accessibility(staff)
