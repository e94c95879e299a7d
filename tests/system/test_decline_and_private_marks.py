"""As a new user would, in Chromium: Ruth, on a 360 px phone with JavaScript
off, says she does not want to say what she thinks about a decision, and
keeps an entry from her supporters; the clinician sees both (the decision's
page says she chose not to say, on her own device; the entry carries a tag),
and keeps another entry from her supporters for her, on the page made for
that, and then a capacity record, from under it on its section page. Axe finds no problem on any of these pages, each fits 320 px, and the
phone's page stays within 60 KB with everything it loads."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.system.conftest import check_accessibility, in_demo
from tests.system.test_portal_pages import BUDGET, transferred
from tests.system.test_writing_from_phone import PHONE, _sign_in

ISSUE = """
import json
from coassess.assessments.models import Assessment, Contribution
from coassess.decisions.models import Decision
from coassess.people import codes
from coassess.people.code_services import issue_code
a = Assessment.objects.select_related("person", "team", "started_by").get(
    person__given_name="Ruth", person__family_name="Adeyemi")
_, made = issue_code(actor=a.started_by, person=a.person, team=a.team,
    supporter=None, known_kind=codes.Known.WORD, known_answer="Marigold")
decision = Decision.objects.get(context_id=a.pk, question="Where should Ruth be tonight?")
entry = Contribution.objects.filter(assessment=a, is_current=True,
    withheld_reason="").exclude(voice__kind="person").order_by("-created_at").first()
print(json.dumps({"code": made.shown, "assessment": str(a.pk),
    "person": str(a.person.pk), "decision": str(decision.pk),
    "lineage": str(entry.lineage), "clinician": a.started_by.username}))
"""


@pytest.fixture
def ruth(demo_data: Path | None) -> dict[str, str]:
    return in_demo(demo_data, ISSUE)


def test_ruth_chooses_not_to_say_and_keeps_an_entry_private_and_staff_see_both(
    ruth: dict[str, str],
    open_page: Callable[..., Any],
    signed_in_page: Callable[..., Any],
) -> None:
    view = (
        f"/my/assessments/{ruth['assessment']}/decisions/{ruth['decision']}/your-view/"
    )
    # Given the decision's page on a phone, which passes axe with its new button
    checked = open_page(viewport=PHONE)
    _sign_in(checked, ruth["code"])
    checked.goto(view)
    checked.get_by_role(
        "button", name="I don’t want to say what I think about this"
    ).wait_for()
    check_accessibility(checked)

    # When Ruth, with JavaScript off, says she does not want to say
    phone = open_page(java_script_enabled=False, viewport=PHONE)
    _sign_in(phone, ruth["code"])
    phone.goto(view)
    phone.get_by_role(
        "button", name="I don’t want to say what I think about this"
    ).click()
    phone.get_by_text("The team will know you chose not to say").wait_for()
    phone.get_by_text("(you chose not to say)").wait_for()

    # Then her page says so, kindly, within budget and without a script
    total, loaded, page = transferred(open_page, phone.context.storage_state(), view)
    assert total <= BUDGET, f"{view}: {total} bytes transferred: {loaded}"
    assert page.locator("script").count() == 0
    page.get_by_text("You chose not to say what you think about this.").wait_for()
    checked.goto(view)
    check_accessibility(checked)

    # And she keeps an entry from her supporters
    phone.goto(f"/my/record/{ruth['assessment']}/")
    phone.get_by_role("button", name="Keep this from my supporters").first.click()
    phone.get_by_text("Saved. Your supporters cannot see that now.").wait_for()

    # And the clinician sees both, and keeps another entry private for her
    staff = signed_in_page(ruth["clinician"])
    staff.goto(f"/assessments/{ruth['assessment']}/decisions/{ruth['decision']}/")
    staff.get_by_text("Ruth Adeyemi chose not to say, on their own device.").wait_for()
    check_accessibility(staff)
    staff.goto(f"/assessments/{ruth['assessment']}/")
    assert staff.get_by_text("Ruth keeps this from supporters").count() >= 1
    staff.goto(f"/assessments/{ruth['assessment']}/entries/{ruth['lineage']}/private/")
    check_accessibility(staff)
    staff.get_by_label("Keep it from all their supporters").check()
    staff.get_by_role("button", name="Save for Ruth").click()
    staff.get_by_text(
        "Saved for Ruth: this entry is kept from their supporters."
    ).wait_for()
    assert staff.get_by_text("(set by", exact=False).count() >= 1
    staff.goto(f"/people/{ruth['person']}/")
    staff.get_by_role("heading", name="What Ruth keeps from all supporters").wait_for()
    check_accessibility(staff)

    # And, when Ruth asks, keeps a capacity record from her supporters too,
    # from under it on its section page
    staff.goto(f"/assessments/{ruth['assessment']}/sections/capacity/")
    check_accessibility(staff)
    record = staff.locator(".coassess-capacity").first
    record.get_by_role("link", name="Keep from supporters").click()
    staff.get_by_text("Capacity assessment by", exact=False).first.wait_for()
    check_accessibility(staff)
    staff.get_by_label("Keep it from all their supporters").check()
    staff.get_by_role("button", name="Save for Ruth").click()
    staff.get_by_text(
        "Saved for Ruth: this entry is kept from their supporters."
    ).wait_for()
    assert "/sections/capacity/" in staff.url
    record = staff.locator(".coassess-capacity").first
    assert record.get_by_text("(set by", exact=False).count() == 1
    staff.goto(f"/people/{ruth['person']}/")
    panel = staff.locator(".coassess-private-panel")
    assert panel.get_by_text("Capacity assessment by", exact=False).count() >= 2
    check_accessibility(staff)
