"""The one rule for reasons (`core.text.real_words`): what counts as words."""

from __future__ import annotations

import pytest
from django import forms

from coassess.core.exceptions import DomainError
from coassess.core.text import REASON_RULE, clean_reason, real_words, reason_field


@pytest.mark.parametrize(
    "text",
    [
        "x",
        "y",
        ".",
        "\u200b\u200b",
        "ok",
        "x y",
        "a b c",
        "...  ..",
        "?!",
        "x\u200by",
        "\u2066\u2069 \u00ad",
        "12 34",
        "ok.",
        "-- --",
    ],
)
def test_these_are_not_reasons(text: str) -> None:
    assert not real_words(text)
    with pytest.raises(DomainError) as caught:
        clean_reason(text, what="why this option was chosen")
    assert str(caught.value) == REASON_RULE.format(what="why this option was chosen")


@pytest.mark.parametrize(
    "text",
    [
        "I do",
        "Jo stays over",
        "Safety tonight.",
        "She's scared",
        "Ça va mieux",
        "不安全",  # Chinese: no spaces between words
        "ঘরে থাকতে চাই",  # Bengali
        "  Sam wants to go home  ",
    ],
)
def test_these_are(text: str) -> None:
    assert real_words(text)
    assert clean_reason(text, what="the reason") == text.strip()


def test_the_message_explains_the_rule() -> None:
    message = REASON_RULE.format(what="why the plan changes")
    assert message.startswith("Write why the plan changes in words: at least two words")
    assert "A single letter, dots or spaces alone are not a reason." in message


def test_an_empty_reason_is_allowed_only_where_it_is_optional() -> None:
    assert clean_reason("   ", what="the reason", required=False) == ""
    with pytest.raises(DomainError, match="Write the reason."):
        clean_reason("   ", what="the reason")


class ReasonForm(forms.Form):
    why = reason_field("Why", what="why", required=False)


def test_a_reason_box_says_the_rule_before_anything_is_saved() -> None:
    form = ReasonForm({"why": "x"})
    assert not form.is_valid()
    assert form.errors["why"] == [REASON_RULE.format(what="why")]
    assert ReasonForm({"why": ""}).is_valid()
    assert ReasonForm({"why": "Jo stays over"}).is_valid()
