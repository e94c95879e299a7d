"""Nothing clinical stays in the browser's disk cache (issue 10, item 3).

Chromium with a profile on disk opens an assessment, a section and the
person's copy, signs out and closes. Its disk cache then holds the static files
(so the cache was working and this is where it keeps things) and no page with
the person's name: every signed-in answer is sent with `Cache-Control: no-store`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.system.conftest import CHROMIUM, CHROMIUM_ARGS, chromium_missing, sign_in
from tests.system.test_assessment_journey import open_assessment_of


def _cache_holds(profile: Path, needle: bytes) -> list[str]:
    """The files under the profile's cache folders that contain `needle`."""
    return [
        str(f.relative_to(profile))
        for f in profile.rglob("*")
        if f.is_file() and "Cache" in str(f) and needle in f.read_bytes()
    ]


def test_the_disk_cache_keeps_no_clinical_page(
    browser: Any, base_url: str, tmp_path: Path
) -> None:
    assert chromium_missing() is None, chromium_missing()
    profile = tmp_path / "profile"
    context = browser.browser_type.launch_persistent_context(
        str(profile),
        executable_path=str(CHROMIUM),
        headless=True,
        args=CHROMIUM_ARGS,
        base_url=base_url,
    )
    try:
        page = context.new_page()
        sign_in(page, "clinician")
        open_assessment_of(page, "Marcus Bell")
        assessment = page.url
        contents = page.get_by_role("navigation", name="Parts of the assessment")
        contents.get_by_role("link", name="Safety: a shared understanding").click()
        page.get_by_role("heading", level=1).wait_for()
        page.goto(assessment.replace("/assessments/", "/plans/") + "their-copy/")
        page.get_by_role("heading", level=1).wait_for()
        assert "Marcus" in page.content()
        page.get_by_role("button", name="Sign out").click()
        page.get_by_role("heading", level=1).wait_for()
    finally:
        context.close()
    assert _cache_holds(profile, b"coassess-draft:"), "the static script was not cached"
    assert _cache_holds(profile, b"Marcus") == []
