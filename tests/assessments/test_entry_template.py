"""Entries and voice labels, as their templates render them: every text escaped.
And the board's rows (written in Python, ADR 0004): `fill` escapes, and every
URL `url_for` makes is what `reverse` makes."""

from __future__ import annotations

import uuid
from html import unescape
from typing import Any

import pytest
from django.template import engines
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from markupsafe import Markup

from coassess.accounts.models import User
from coassess.assessments import services
from coassess.assessments.models import Assessment, Participant
from coassess.assessments.queries import load_assessment_view
from coassess.core.markup import fill, url_for


def macro(template: str, name: str) -> Any:
    env = engines["jinja2"].env  # type: ignore[attr-defined]
    return getattr(env.get_template(template).module, name)


def voice_tag(voice: Any) -> str:
    return str(macro("decisions/_voice.jinja", "voice_tag")(voice))


NASTY = '<zz class="x">&\'"'
ESCAPED = "&lt;zz class=&quot;x&quot;&gt;&amp;&#x27;&quot;"


def test_fill_escapes_everything_but_markup() -> None:
    made = fill("<p>{a}</p>{b}", a=NASTY, b=Markup("<br>"))
    assert str(made) == f"<p>{ESCAPED}</p><br>"
    assert str(fill("{n} {u}", n=3, u=uuid.UUID(int=1))).startswith("3 0000")


def test_a_voice_label_escapes_the_name_and_says_the_expertise(
    assessment: Assessment, voices: dict[str, Participant]
) -> None:
    carer = voices["carer"]
    carer.name = NASTY
    html = voice_tag(carer)
    assert "<zz" not in html
    assert NASTY in unescape(html)
    assert "(carer experience)" in html
    # The symbol is decorative, drawn by the stylesheet for the expertise.
    assert "coassess-voice--carer" in html and "<svg" not in html


def test_an_entry_escapes_every_text(
    clinician: User, assessment: Assessment, voices: dict[str, Participant]
) -> None:
    Participant.objects.filter(pk=voices["person"].pk).update(name=NASTY)
    User.objects.filter(pk=clinician.pk).update(first_name=NASTY)
    entry = services.add_contribution(
        actor=clinician,
        assessment=assessment,
        section="account",
        voice=voices["carer"],
        text=NASTY,
        withheld_reason="third_party",
    )
    services.dispute_entry(
        actor=clinician, entry=entry, disputer=voices["person"], account=NASTY
    )
    services.revise_contribution(actor=clinician, base=entry, text=NASTY + "!")
    view = load_assessment_view(assessment)
    (current,) = view.entries("account")
    html = str(macro("assessments/_entry.jinja", "entry")(current, view, assessment))
    assert "<zz" not in html
    assert unescape(html).count(NASTY) >= 3  # the text, the dispute and its author
    assert "Withheld from the person" in html
    assert "version 2" in html
    assert "(with an earlier version)" in html
    assert (
        reverse(
            "assessments:show_history",
            kwargs={"assessment_id": assessment.pk, "lineage": current.lineage},
        )
        in html
    )


def _uuid_only_patterns() -> list[tuple[str, list[str]]]:
    """Every named URL whose arguments are all UUIDs."""
    found: list[tuple[str, list[str]]] = []

    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, inner)
            elif p.name:
                converters = p.pattern.converters
                if converters and all(
                    type(c).__name__ == "UUIDConverter" for c in converters.values()
                ):
                    found.append((f"{namespace}{p.name}", list(converters)))

    walk(get_resolver().url_patterns, "")
    return found


@pytest.mark.parametrize(("name", "arguments"), _uuid_only_patterns())
def test_url_for_gives_what_reverse_gives(name: str, arguments: list[str]) -> None:
    ids = {a: uuid.uuid4() for a in arguments}
    assert url_for(name, **ids) == reverse(name, kwargs=ids)


def test_fill_keeps_djangos_safe_strings_as_they_are() -> None:
    from django.utils.safestring import mark_safe

    assert str(fill("{x}", x=mark_safe("<br>"))) == "<br>"  # noqa: S308 - a constant


def test_a_value_no_longer_in_the_choices_is_shown_not_fatal(
    assessment: Assessment, voices: dict[str, Participant]
) -> None:
    carer = voices["carer"]
    carer.expertise = "retired-kind"
    html = voice_tag(carer)
    assert "(retired-kind)" in html  # the stylesheet draws its default symbol
