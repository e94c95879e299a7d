"""Free text that people write: one limit, one cleaner for services, one form field.

Services check every text they store with `clean_text`, so a rule holds
whatever form, view or command the text came through; forms use `text_field`
so the box says the same thing before anything is sent. A reason (every "why"
box: a rationale, what matters to someone who disagrees, why a plan changes,
why a record is opened) is also checked to be real words, by `clean_reason`
in services and `reason_field` in forms: one rule, `real_words`, one message,
REASON_RULE.

Wording prompts: every box where staff write about a person is checked for
words that blame, doubt or label them, as they type (the language app's
checker, shown beside the box by the `textarea_field` and `text_field`
macros in `forms/fields.jinja`). A box is marked with the reader its words are
for (`WORDING_ATTR`: "staff" for the record, "person" for what the person
reads, which also gets jargon and reading-age prompts). Long boxes made by
`text_field` are marked "staff" unless they say otherwise; a box that is not
about a person (an account change's reason, a team's rules) says
`wording=None`. `tests/core/test_wording_everywhere.py` walks every form.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from django import forms

from coassess.core.exceptions import DomainError

# Characters in one free-text entry: about ten pages of typing.
TEXT_LIMIT = 20_000

# The widget attribute naming who reads a box's words, for wording prompts.
WORDING_ATTR = "data-wording"
WORDING_AUDIENCES = ("staff", "person")


def clean_text(
    text: str, *, what: str, limit: int = TEXT_LIMIT, required: bool = True
) -> str:
    """`text` without white space at either end.

    Raises DomainError, in words for the writer, when it is `required` and
    empty ("Write the concern.") or longer than `limit` characters ("Keep the
    concern under 20,000 characters; it has 20,001.").
    """
    text = text.strip()
    if required and not text:
        raise DomainError(f"Write {what}.")
    if len(text) > limit:
        raise DomainError(
            f"Keep {what} under {limit:,} characters; it has {len(text):,}."
        )
    return text


def wording_widget(
    audience: str | None = "staff", *, long: bool = True
) -> forms.Widget:
    """A text box (`long`: several lines) marked for wording prompts for
    `audience` ("staff" or "person"; None: not about a person, no prompts).
    Raises ValueError for any other audience."""
    if audience is not None and audience not in WORDING_AUDIENCES:
        raise ValueError(
            f"wording audience {audience!r}: use one of {WORDING_AUDIENCES}"
        )
    attrs = {WORDING_ATTR: audience} if audience else {}
    return forms.Textarea(attrs=attrs) if long else forms.TextInput(attrs=attrs)


def text_field(
    label: str,
    *,
    required: bool = True,
    message: str = "",
    help_text: str = "",
    limit: int = TEXT_LIMIT,
    long: bool = True,
    wording: str | None = "",
) -> forms.CharField:
    """A text box (`long`: several lines) with plain messages: `message` when it
    is required and left empty ("Write <label>." by default), and the limit.

    `wording` is who reads the words, for wording prompts ("staff", "person");
    None for a box not about a person. By default a long box is "staff" and a
    one-line box (a name, a phone number) has none."""
    audience = ("staff" if long else None) if wording == "" else wording
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        widget=wording_widget(audience, long=long),
        help_text=help_text,
        strip=True,
        error_messages={
            "required": message or f"Write {label[0].lower()}{label[1:]}.",
            "max_length": f"Keep this under {limit:,} characters.",
        },
    )


# Scripts written without spaces between words: each letter of these counts as
# a word (a reason in Chinese or Thai is not one long "word").
_UNSPACED = ("CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR")
REASON_RULE = (
    "Write {what} in words: at least two words, one of them longer than one "
    "letter. For example: “She wants to sleep at home.” A single letter, dots "
    "or spaces alone are not a reason."
)


def _visible(text: str) -> str:
    """`text` without invisible characters (zero-width spaces and joiners,
    direction marks, control characters), each read as a space."""
    return "".join(
        " " if unicodedata.category(c) in ("Cf", "Cc", "Co", "Cn", "Cs") else c
        for c in text
    )


def _unspaced(c: str) -> bool:
    return unicodedata.name(c, "").startswith(_UNSPACED)


def real_words(text: str) -> bool:
    """Whether `text` is a reason in words (the one rule every "why" box keeps).

    After invisible characters are taken out and punctuation and symbols read
    as spaces, it needs at least two words that contain a letter (in any
    script), and one of them longer than one letter. "x", "y", ".", "ok" and
    two zero-width spaces are refused; "I do" and "Jo stays over" are words.
    A letter of a script written without spaces (Chinese, Japanese, Thai, ...)
    counts as a word of its own.
    """
    lengths: list[int] = []  # letters in each word
    for token in _visible(text).split():
        for part in _letters_only(token).split():
            if any(_unspaced(c) for c in part):
                lengths.extend(2 for c in part if _is_letter(c))
            elif any(_is_letter(c) for c in part):
                lengths.append(sum(_is_letter(c) for c in part))
    return len(lengths) >= 2 and max(lengths) > 1


def _is_letter(c: str) -> bool:
    return unicodedata.category(c).startswith("L")


def _letters_only(token: str) -> str:
    """Letters and the marks written on them (accents, vowel signs) kept;
    punctuation, digits and symbols read as spaces."""
    return "".join(c if unicodedata.category(c)[0] in "LM" else " " for c in token)


def clean_reason(
    text: str, *, what: str, limit: int = TEXT_LIMIT, required: bool = True
) -> str:
    """A reason ("why ..."), cleaned as `clean_text` does, that is real words.

    Returns the text without white space at either end ("" when it is not
    `required` and left empty). Raises DomainError with `clean_text`'s
    messages, or, when it is not words (see `real_words`), with REASON_RULE
    for `what` ("Write the reason in words: at least two words, ...").
    """
    text = clean_text(text, what=what, limit=limit, required=required)
    if text and not real_words(text):
        raise DomainError(REASON_RULE.format(what=what))
    return text


def reason_field(
    label: str,
    *,
    what: str,
    required: bool = True,
    message: str = "",
    help_text: str = "",
    limit: int = TEXT_LIMIT,
    wording: str | None = "",
) -> forms.CharField:
    """A box for a reason: `text_field`, which also refuses what is not real
    words (`real_words`) with REASON_RULE for `what`, before anything is saved.
    `wording` as for `text_field` (by default "staff": a reason is long text)."""
    field = text_field(
        label,
        required=required,
        message=message,
        help_text=help_text,
        limit=limit,
        wording=wording,
    )
    field.validators.append(words_validator(what))
    return field


def words_validator(what: str) -> Callable[[str], None]:
    """A form validator: refuses a box that is filled in but not real words
    (`real_words`), with REASON_RULE for `what`."""

    def words(value: str) -> None:
        if value.strip() and not real_words(value):
            raise forms.ValidationError(REASON_RULE.format(what=what))

    return words
