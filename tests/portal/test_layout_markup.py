"""The portal's layout writes out the NHS.UK skip link, header, footer and
sign-out button (portal/base.jinja); here each must be exactly what the
NHS.UK macros make from the same parameters, whitespace aside, so the
written-out markup cannot drift from the components."""

from __future__ import annotations

import re

import pytest
from django.template import engines
from django.urls import reverse

from tests.portal.conftest import Portal

pytestmark = pytest.mark.django_db


def normal(html: str) -> str:
    """`html` with runs of whitespace made one space, and none beside `<` or
    `>` (the macros indent and break their tags; the layout does not)."""
    html = re.sub(r"\s+", " ", html)
    return re.sub(r"\s*([<>])\s*", r"\1", html).strip()


def made(source: str, **values: str) -> str:
    return normal(engines["jinja2"].env.from_string(source).render(values))


FOOTER = """{% from "nhsuk/components/footer/macro.jinja" import footer %}
{{ footer({"meta": {"items": [
  {"href": about, "text": "About coassess"},
  {"href": privacy, "text": "How we use and protect information"},
  {"href": accessibility, "text": "Accessibility"}]},
  "copyright": {"text": "coassess: made together with the people who use it"}}) }}"""


def components(home: str) -> dict[str, str]:
    """What the NHS.UK macros make of the layout's parameters, `home` being
    where the header's name leads."""
    return {
        "skip link": made(
            '{% from "nhsuk/components/skip-link/macro.jinja" import skipLink %}'
            '{{ skipLink({"href": "#maincontent", "text": "Skip to main content"}) }}'
        ),
        "header": made(
            '{% from "nhsuk/components/header/macro.jinja" import header %}'
            '{{ header({"service": {"text": "Your crisis plan", "href": home}}) }}',
            home=home,
        ),
        "footer": made(
            FOOTER,
            about=reverse("core:about"),
            privacy=reverse("core:privacy"),
            accessibility=reverse("core:accessibility"),
        ),
    }


def test_a_viewers_page_has_the_components_markup(portal: Portal) -> None:
    page = normal(portal.sign_in_as(None).get(reverse("portal:home")).content.decode())
    expected = components(reverse("portal:home"))
    expected["sign-out button"] = made(
        '{% from "nhsuk/components/button/macro.jinja" import button %}'
        '{{ button({"text": "I\'m done – sign me out",'
        ' "classes": "nhsuk-button--secondary"}) }}'
    )
    for name, markup in expected.items():
        assert markup in page, name


def test_the_sign_in_page_header_leads_to_sign_in(client: object) -> None:
    page = normal(client.get(reverse("portal:sign_in")).content.decode())  # type: ignore[attr-defined]
    for name, markup in components(reverse("portal:sign_in")).items():
        assert markup in page, name
    assert "sign me out" not in page
