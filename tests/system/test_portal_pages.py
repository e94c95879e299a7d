"""The person's and a supporter's own view in a real browser, as on a small
old phone: 360 px wide, JavaScript off. Every page is axe clean, fits 320 px,
runs no script, and is at most 60 KB transferred with everything it loads,
measured by Chromium itself from a cold cache (DESIGN.md §7; hazard H37).

The codes are issued for the demo's Sam Reid and her mum Maggie through the
same service a clinician's page uses, run against the server's own data.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.system.conftest import CLI, REPO, _server_env, check_accessibility

BUDGET = 60 * 1024  # bytes transferred, headers and bodies, everything loaded
PHONE = {"width": 360, "height": 640}

ISSUE = """
import json
from coassess.accounts.models import User
from coassess.people import codes
from coassess.people.code_services import issue_code
from coassess.people.models import Person, Supporter

clinician = User.objects.get(username="clinician")
sam = Person.objects.get(given_name="Samantha", family_name="Reid")
maggie = Supporter.objects.get(person=sam, name="Maggie Reid")
made = {}
for key, supporter, kind, answer in (
    ("person", None, codes.Known.DATE_OF_BIRTH, "1991-04-12"),
    ("supporter", maggie, codes.Known.PHONE_DIGITS, "0101"),
):
    _, new = issue_code(
        actor=clinician, person=sam, team=clinician.membership.team,
        supporter=supporter, known_kind=kind, known_answer=answer,
    )
    made[key] = [new.shown, answer]
print(json.dumps(made))
"""


@pytest.fixture(scope="module")
def sam_codes(demo_data: Path | None, base_url: str) -> dict[str, list[str]]:
    """A code for Sam and one for Maggie, with what each must give beside it."""
    if demo_data is None:
        return {}
    issued = subprocess.run(  # noqa: S603 (fixed arguments)
        [*CLI, "shell", "-c", ISSUE],
        env=_server_env(demo_data),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert issued.returncode == 0, issued.stderr
    found: dict[str, list[str]] = json.loads(issued.stdout.strip().splitlines()[-1])
    return found


def sign_in(page: Any, code: str, answer: str) -> None:
    page.goto("/my/")
    page.get_by_label("Your code").fill(code)
    page.get_by_label("What you were asked to remember").fill(answer)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/my/record/")


# What Chromium received for the document and for everything it loaded:
# each resource's transferSize (headers and the body as sent, compressed or
# not; 0 when served from the cache, which a fresh context never has).
TRANSFERRED = """() => {
    const entries = [
        ...performance.getEntriesByType("navigation"),
        ...performance.getEntriesByType("resource"),
    ];
    return entries.map(e => [e.name, e.transferSize, e.encodedBodySize]);
}"""


def transferred(
    open_page: Callable[..., Any], state: dict[str, Any], path: str
) -> tuple[int, list[Any], Any]:
    """Open `path` in a fresh context (a cold cache) with JavaScript off at
    360 px: the bytes Chromium received for it and all it loaded, what it
    loaded, and the page."""
    page = open_page(storage_state=state, java_script_enabled=False, viewport=PHONE)
    response = page.goto(path)
    assert response is not None and response.status == 200, path
    page.wait_for_load_state("load")
    loaded = page.evaluate(TRANSFERRED)
    assert loaded and all(size > 0 for _, size, _ in loaded), loaded
    return sum(size for _, size, _ in loaded), loaded, page


def check_page(
    open_page: Callable[..., Any], state: dict[str, Any], path: str
) -> tuple[Any, int]:
    """`path` within budget and without a script, with JavaScript off; then
    axe clean and 320 px wide. Axe runs in a context with JavaScript on: it
    waits on timers, which never fire with JavaScript off (the page itself
    has no script either way)."""
    total, loaded, page = transferred(open_page, state, path)
    assert total <= BUDGET, f"{path}: {total} bytes transferred: {loaded}"
    assert page.locator("script").count() == 0, f"{path} has a script"
    assert page.get_by_role("button", name="I'm done – sign me out").count() == 1
    checked = open_page(storage_state=state, viewport=PHONE)
    checked.goto(path)
    check_accessibility(checked)
    return page, total


def test_the_persons_pages_are_small_accessible_and_need_no_script(
    open_page: Callable[..., Any],
    sam_codes: dict[str, list[str]],
    record_property: Callable[..., None],
) -> None:
    sign_in_page = open_page(viewport=PHONE)
    sign_in_page.goto("/my/")
    check_accessibility(sign_in_page)
    page = open_page(java_script_enabled=False, viewport=PHONE)
    sign_in(page, *sam_codes["person"])
    state = page.context.storage_state()
    home, size = check_page(open_page, state, "/my/record/")
    sizes = {"home": size}
    record_link = home.get_by_role("link", name="Everything written down").first
    record_path = record_link.get_attribute("href")
    copy_path = home.get_by_role(
        "link", name="Your copy of the plan"
    ).first.get_attribute("href")
    record, sizes["record"] = check_page(open_page, state, record_path)
    assert (
        record.get_by_role("heading", level=1, name="Everything written down").count()
        == 1
    )
    assert record.get_by_text("Sam said", exact=False).count() == 0  # Sam is "You"
    copy, sizes["copy"] = check_page(open_page, state, copy_path)
    assert (
        copy.get_by_role("link", name="Save this as a PDF to keep or print").count()
        == 1
    )
    looked, sizes["looked"] = check_page(open_page, state, "/my/who-has-looked/")
    assert looked.get_by_text("You signed in").count() >= 1
    for name, total in sizes.items():
        record_property(f"portal_{name}_bytes", total)
    print("bytes transferred:", sizes)


def test_the_supporters_pages_are_small_accessible_and_show_nothing_unshared(
    open_page: Callable[..., Any], sam_codes: dict[str, list[str]]
) -> None:
    page = open_page(java_script_enabled=False, viewport=PHONE)
    sign_in(page, *sam_codes["supporter"])
    state = page.context.storage_state()
    home, _ = check_page(open_page, state, "/my/record/")
    assert (
        home.get_by_text("Sam has chosen not to share this part with you.").count() == 1
    )
    assert home.get_by_role("link", name="Everything written down").count() == 0
    # Sam's own pages, by address: Maggie is told plainly, and shown nothing.
    sam = open_page(storage_state=sam_state(open_page, sam_codes), viewport=PHONE)
    sam.goto("/my/record/")
    link = sam.get_by_role("link", name="Everything written down").first
    record_path = link.get_attribute("href")
    for path in (record_path, record_path + "plan/"):
        shown, _ = check_page(open_page, state, path)
        assert shown.get_by_text("Sam has chosen not to share").count() == 1
        assert shown.locator("main h2").count() == 0
    check_page(open_page, state, "/my/who-has-looked/")
    tell_the_team(open_page, state, home)


def tell_the_team(
    open_page: Callable[..., Any], state: dict[str, Any], home: Any
) -> None:
    """Maggie takes part, so may tell the team what she knows though Sam
    shares nothing with her: from a 360 px phone without JavaScript, a
    mistake explained, then saved and listed back to her; each page small
    and axe clean."""
    link = home.get_by_role("link", name="Tell the team what you know").first
    path = link.get_attribute("href")
    form, size = check_page(open_page, state, path)
    print("bytes transferred: tell the team (empty)", size)
    form.problems.expected_failures.add(form.url)  # the form answers 400 Bad Request
    form.get_by_role("button", name="Save").click()
    assert form.get_by_text("Choose what this is about.").count() >= 1
    typed = "She has not slept since Friday. Walks with the dog helped last time."
    form.get_by_label("What you want the team to know").fill(typed)
    form.get_by_label("What helped in past crises").check()
    form.get_by_role("button", name="Save").click()
    form.wait_for_url("**" + path)
    assert (
        form.get_by_text("Thank you. The team will read what you told us.").count() == 1
    )
    listed, size = check_page(open_page, state, path)
    assert listed.get_by_text(typed).count() == 1
    print("bytes transferred: tell the team", size)
    change_and_take_back(open_page, state, listed, typed)


def change_and_take_back(
    open_page: Callable[..., Any], state: dict[str, Any], listed: Any, typed: str
) -> None:
    """Maggie changes what she just told the team, then takes it back, from
    the same phone without JavaScript: each page small and axe clean, and
    her list says what she did."""
    path = listed.url
    change = listed.get_by_role("link", name="Change this").last.get_attribute("href")
    form, size = check_page(open_page, state, change)
    print("bytes transferred: change what you told us", size)
    assert (
        form.get_by_label("What you want the team to know now").input_value() == typed
    )
    changed = "She has slept badly since Friday. Walks with the dog helped."
    form.get_by_label("What you want the team to know now").fill(changed)
    form.get_by_role("button", name="Save the change").click()
    form.wait_for_url("**" + path)
    assert (
        form.get_by_text(changed).count() == 1 and form.get_by_text(typed).count() == 0
    )
    back = form.get_by_role("link", name="Take this back").last.get_attribute("href")
    confirm, size = check_page(open_page, state, back)
    print("bytes transferred: take back what you told us", size)
    confirm.get_by_role("button", name="Take this back").click()
    confirm.wait_for_url("**" + path)
    assert confirm.get_by_text("You took this back on", exact=False).count() == 1
    check_page(open_page, state, path)


def sam_state(
    open_page: Callable[..., Any], sam_codes: dict[str, list[str]]
) -> dict[str, Any]:
    """Sam's signed-in browser state (a code session of her own)."""
    page = open_page(java_script_enabled=False, viewport=PHONE)
    sign_in(page, *sam_codes["person"])
    state: dict[str, Any] = page.context.storage_state()
    return state


def test_signing_out_ends_the_view_on_this_device(
    open_page: Callable[..., Any], sam_codes: dict[str, list[str]]
) -> None:
    page = open_page(java_script_enabled=False, viewport=PHONE)
    sign_in(page, *sam_codes["person"])
    page.get_by_role("button", name="I'm done – sign me out").click()
    page.get_by_role("heading", level=1, name="You are signed out").wait_for()
    page.goto("/my/record/")
    page.get_by_role("heading", level=1, name="See your plan").wait_for()
