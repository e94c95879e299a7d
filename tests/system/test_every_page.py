"""Every page a member of staff can reach by following links: axe reports no
problem and the page fits a 320 px screen (issue 12, part 5).

Each persona starts at the home page and follows links on the same site,
breadth first, to every page its role opens (up to PAGES_PER_PERSONA); each
page is checked with axe-core and at 320 px wide.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest

from tests.system.conftest import check_accessibility, check_fits_narrow_screen

PAGES_PER_PERSONA = 60
# Addresses not to follow: leaving, files, and pages that change something on GET.
SKIP = ("/sign-out/", ".pdf", ".csv", ".json", "/static/", "/break-glass/")


def _links(page: Any, base_url: str) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all(
        "a[href]", "links => links.map(a => a.href)"
    )
    found = []
    for href in hrefs:
        url = urldefrag(href)[0]
        if url.startswith(base_url) and not any(s in url for s in SKIP):
            path = urlsplit(url)
            found.append(path.path + (f"?{path.query}" if path.query else ""))
    return found


@pytest.mark.parametrize("persona", ["clinician", "lead", "coproduction", "admin"])
def test_every_page_reached_by_links_is_accessible_and_fits_320_px(
    persona: str, signed_in_page: Callable[..., Any], base_url: str
) -> None:
    page = signed_in_page(persona)
    queue, seen = ["/"], {"/"}
    checked = 0
    while queue and checked < PAGES_PER_PERSONA:
        path = queue.pop(0)
        response = page.goto(path)
        assert response is not None and response.status < 400, (path, response)
        check_accessibility(page)
        checked += 1
        for link in _links(page, base_url):
            if link not in seen and "page=" not in link:
                seen.add(link)
                queue.append(link)
    assert checked >= 5, f"{persona} reached only {checked} pages"


def test_the_narrow_screen_check_catches_a_page_too_wide(
    signed_in_page: Callable[..., Any],
) -> None:
    page = signed_in_page("clinician")
    page.goto("/")
    page.evaluate(
        "() => { const d = document.createElement('div');"
        " d.style.width = '400px'; d.style.height = '1px';"
        " document.querySelector('main').append(d); }"
    )
    with pytest.raises(AssertionError, match="wider than 320 px"):
        check_fits_narrow_screen(page)


def test_names_on_the_board_stay_whole_at_320_px(
    signed_in_page: Callable[..., Any],
) -> None:
    """At 320 px the board once read "Alex they/them Morgan": the cell laid out
    name, pronouns and urgency side by side. Each name is one line above its
    pronouns."""
    page = signed_in_page("clinician", viewport={"width": 320, "height": 640})
    page.goto("/referrals/")
    cells = page.locator("tbody tr td:first-child")
    assert cells.count() >= 3
    for i in range(cells.count()):
        cell = cells.nth(i)
        name = cell.locator("a").first.bounding_box()
        below = cell.locator("span.nhsuk-u-font-size-16").first.bounding_box()
        assert name is not None and below is not None
        assert below["y"] >= name["y"] + name["height"] - 1, cell.inner_text()
    check_accessibility(page)
