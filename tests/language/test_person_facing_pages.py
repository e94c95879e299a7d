"""coassess's own words for the person pass its own checks (issue 5, item 5).

Every page a person (not staff) may read is rendered, the text of its <main>
is taken out, and it must have no language flags and a reading age of 11 or
under (the NHS aims for 9 to 11). Staff pages may use clinical terms.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from coassess.language.checker import check
from coassess.language.readability import measure_readability
from coassess.language.rules import Audience, Severity

PUBLIC_PAGES = ["/", "/about/", "/privacy/", "/accessibility/", "/no-such-page/"]
ERROR_TEMPLATES = [
    "core/400.jinja",
    "core/403.jinja",
    "core/404.jinja",
    "core/500.jinja",
    "core/503.jinja",
    "accounts/locked_out.jinja",
]
READING_AGE_LIMIT = 11


class MainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "main" or self.depth:
            self.depth += 1
        if self.depth and tag in {"p", "li", "h1", "h2", "h3"}:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1
            if tag in {"p", "li", "h1", "h2", "h3"}:
                self.parts.append(".\n")

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def main_text(html: str) -> str:
    parser = MainText()
    parser.feed(html)
    text = unescape("".join(parser.parts))
    text = re.sub(r"\.\s*\.", ".", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def assert_plain(text: str, where: str) -> None:
    flags = [
        f for f in check(text, Audience.PERSON_FACING) if f.severity == Severity.FLAG
    ]
    assert not flags, f"{where}: {[(f.term, f.why) for f in flags]}"
    score = measure_readability(text)
    assert score.reading_age <= READING_AGE_LIMIT, (
        f"{where}: reading age {score.reading_age:.1f}; {score.suggestions}"
    )


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_are_plain_and_respectful(client: Any, url: str) -> None:
    text = main_text(client.get(url).content.decode())
    assert len(text) > 40
    assert_plain(text, url)


@pytest.mark.parametrize("template", ERROR_TEMPLATES)
def test_error_pages_are_plain_and_respectful(template: str, db: None) -> None:
    request = RequestFactory().get("/", HTTP_HOST="127.0.0.1")
    text = main_text(render_to_string(template, request=request))
    assert len(text) > 40
    assert_plain(text, template)


def test_the_check_fails_on_jargon_and_long_sentences() -> None:
    """The test above can fail: clinical shorthand and a long sentence are caught."""
    with pytest.raises(AssertionError):
        assert_plain(
            "Your MSE showed you need PRN medication as an informal admission.", "x"
        )
    with pytest.raises(AssertionError):
        assert_plain(
            "Notwithstanding the considerable organisational complexities "
            "associated with multidisciplinary interdepartmental communication, "
            "comprehensive documentation facilitates therapeutic continuity.",
            "x",
        )


def test_the_demo_copies_are_plain_and_respectful(db: None) -> None:
    """Every demo person's copy: our words and theirs, checked as the person reads them."""
    from coassess.assessments.models import Assessment
    from coassess.demo import data as demo
    from coassess.plans.person_copy import copy_for

    demo.load_demo("a-demo-password-for-tests")
    copies = [copy_for(a) for a in Assessment.objects.select_related("person")]
    assert len(copies) == 4
    for copy in copies:
        assert_plain(copy.text, f"{copy.name}'s copy")
