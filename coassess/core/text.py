"""Free text that people write: one limit, one cleaner for services, one form field.

Services check every text they store with `clean_text`, so a rule holds
whatever form, view or command the text came through; forms use `text_field`
so the box says the same thing before anything is sent.
"""

from __future__ import annotations

from django import forms

from coassess.core.exceptions import DomainError

# Characters in one free-text entry: about ten pages of typing.
TEXT_LIMIT = 20_000


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


def text_field(
    label: str,
    *,
    required: bool = True,
    message: str = "",
    help_text: str = "",
    limit: int = TEXT_LIMIT,
    long: bool = True,
) -> forms.CharField:
    """A text box (`long`: several lines) with plain messages: `message` when it
    is required and left empty ("Write <label>." by default), and the limit."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        widget=forms.Textarea if long else forms.TextInput,
        help_text=help_text,
        strip=True,
        error_messages={
            "required": message or f"Write {label[0].lower()}{label[1:]}.",
            "max_length": f"Keep this under {limit:,} characters.",
        },
    )
