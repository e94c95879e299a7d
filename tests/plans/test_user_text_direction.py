"""Typed words carry dir="auto", so a sentence in Arabic or Urdu reads right to left
with its punctuation where it belongs, and English around it is not reordered."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from django.urls import reverse

from coassess.accounts.models import User
from coassess.assessments import services
from coassess.assessments.models import Assessment, Participant

ROOT = Path(__file__).resolve().parents[2] / "coassess"
# The class every element holding typed words has (coassess.css breaks its long
# words anywhere).
TYPED = re.compile(r'<[a-zA-Z0-9]+\b[^<>]*class="[^"]*\bcoassess-keep-words\b[^<>]*>')
ARABIC = "أريد أن أعود إلى البيت، مع أختي."


def test_every_element_for_typed_words_has_dir_auto() -> None:
    found = []
    for path in [*ROOT.rglob("*.jinja"), *ROOT.rglob("*.py")]:
        if "static" in path.parts:
            continue
        for tag in TYPED.findall(path.read_text()):
            found.append(tag)
            assert 'dir="auto"' in tag, f"{path}: {tag}"
    assert len(found) > 50  # the scan sees the templates


class _Direction(HTMLParser):
    """The dir of the innermost element around each piece of text."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str | None] = []
        self.texts: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in {"br", "img", "input", "meta", "link", "hr"}:
            self.stack.append(dict(attrs).get("dir"))

    def handle_endtag(self, tag: str) -> None:
        if tag not in {"br", "img", "input", "meta", "link", "hr"} and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        inner = next((d for d in reversed(self.stack) if d), None)
        self.texts.append((data, inner))


def _directions_of(html: str, words: str) -> list[str | None]:
    parser = _Direction()
    parser.feed(html)
    return [d for text, d in parser.texts if words in text]


def test_arabic_words_are_marked_on_the_record_and_the_copy(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    voices: dict[str, Participant],
    users: dict[str, User],
) -> None:
    for own_words in (False, True):
        services.add_contribution(
            actor=users["clinician"],
            assessment=assessment,
            section="account",
            voice=voices["person"],
            own_words=own_words,
            text=ARABIC,
        )
    client = signed_in("clinician")
    kwargs = {"assessment_id": assessment.pk}
    for name in ("assessments:show_assessment", "plans:person_copy"):
        html = client.get(reverse(name, kwargs=kwargs)).content.decode()
        directions = _directions_of(html, ARABIC)
        assert directions and all(d == "auto" for d in directions), name
