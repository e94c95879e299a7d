"""Text put into a style sheet is escaped for CSS, and reads back as written."""

from __future__ import annotations

import pytest
import tinycss2
from django.template.loader import render_to_string
from markupsafe import Markup

from coassess.core.markup import css_string

AWKWARD = [
    "D'Arcy",
    'Ann "Nan" Lee',
    "Back\\slash",
    "Line\nbreak\r\tand tab",
    "</style><script>alert(1)</script>",
    "a */ b /* c",
    "Siân Ó Súilleabháin, 王芳, আমার, مرحبا 💜",
    "\\22 already escaped",
    "",
]


@pytest.mark.parametrize("text", AWKWARD)
def test_it_reads_back_as_written(text: str) -> None:
    tokens = tinycss2.parse_component_value_list(str(css_string(text)))
    assert [t.type for t in tokens] == ["string"]
    assert tokens[0].value == text


@pytest.mark.parametrize("text", AWKWARD)
def test_nothing_can_end_the_string_or_the_style_element(text: str) -> None:
    inner = str(css_string(text))[1:-1]
    for unsafe in ('"', "'", "\n", "\r", "<", ">", "&"):
        assert unsafe not in inner
    assert inner.count("\\") == sum(c in "\"'\\<>&/\n\r\t" for c in text)


def test_it_keeps_other_characters_as_they_are() -> None:
    assert css_string("Siân 王芳 💜") == '"Siân 王芳 💜"'
    assert isinstance(css_string("x"), Markup)  # not HTML-escaped again


def test_the_template_filter_escapes_for_css_not_html() -> None:
    html = render_to_string("plans/person_copy_pdf.jinja", _pdf_context("D'Arcy"))
    style = html.split("<style>")[1].split("</style>")[0]
    assert 'content: "D\\27 Arcy’s copy.' in style
    assert "&#" not in style


def _pdf_context(name: str) -> dict[str, object]:
    from coassess.plans.pdf import FONT_FAMILIES
    from coassess.plans.person_copy import PersonCopy

    return {
        "copy": PersonCopy(name=name, sections=[], made_with=[]),
        "version": "Before the plan",
        "printed": "1 December 2026",
        "font_families": FONT_FAMILIES,
    }
