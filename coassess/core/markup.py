"""Markup and links built in Python, for the few lists too long to render item by
item in templates (docs/adr/0004-long-lists-render-rows-in-python.md).

Everything else is rendered by templates. Functions here escape every value
they are given: only `Markup` goes in as it is.
"""

from __future__ import annotations

import html
import uuid
from functools import cache

from django.urls import reverse
from markupsafe import Markup, escape


def fill(template: str, /, **values: object) -> Markup:
    """`template` with each `{name}` replaced by its value, escaped.

    The same result as `Markup(template).format(**values)`: anything with
    `__html__` (Markup, Django's safe strings) goes in as it is, everything else
    is escaped. markupsafe's own `format` parses the
    template with `string.Formatter` in Python on every call, several times
    slower than `str.format`.
    """
    escaped = {name: _escaped(value) for name, value in values.items()}
    return Markup(template.format(**escaped))  # noqa: S704 - every value is escaped above


def _escaped(value: object) -> str:
    if hasattr(value, "__html__"):  # Markup, Django's SafeString: already safe
        return str(value.__html__())
    if isinstance(value, str):
        # The standard library's escape, about twice as fast as markupsafe's for
        # a plain string (no Markup made for each value); both escape & < > " '.
        return html.escape(value)
    return escape(value)


@cache
def _url_template(name: str, kwargs: tuple[str, ...]) -> str:
    slots = {key: uuid.UUID(int=i + 1) for i, key in enumerate(kwargs)}
    url = reverse(name, kwargs=slots)
    for key, slot in slots.items():
        url = url.replace(str(slot), "{" + key + "}")
    return url


def url_for(name: str, /, **ids: uuid.UUID) -> str:
    """`reverse(name, kwargs=ids)` for URLs whose arguments are all UUIDs, without
    resolving the URL each time: reversing a few URLs for each of hundreds of
    rows was a tenth of a long page's time. Tested against `reverse` for every
    such URL."""
    return _url_template(name, tuple(ids)).format(**ids)


def _css_escape(char: str) -> str:
    # A hex escape ends at the next character that is not a hex digit, or at one
    # space, which CSS then swallows; always writing the space keeps "\22 a"
    # from reading as the one character U+22A.
    return f"\\{ord(char):x} "


# Characters that could end the string or the <style> element, start an escape or
# a comment, or be taken for HTML; every control character, since CSS strings
# cannot hold a raw line break.
_CSS_UNSAFE = {chr(c) for c in range(0x20)} | set("\"'\\<>&/\x7f")


def css_string(value: object) -> Markup:
    """`value` as a quoted CSS string, for text that goes into a style sheet
    (`content: {{ name | css_string }}`): `D'Arcy "Dee" Ó Súilleabháin` becomes
    `"D\\27 Arcy \\22 Dee\\22  Ó Súilleabháin"`.

    Quotes, backslashes, line breaks and other control characters, and `<`,
    `>`, `&` and `/` (so no `</style>` can end the element) are written as CSS
    hex escapes; every other character, accented or in any script, stays as it
    is. Returns Markup: HTML escaping would be wrong here, as the browser and
    WeasyPrint do not decode character references inside <style>, and the
    footer would read "D&#39;Arcy".
    """
    text = str(value)
    escaped = "".join(_css_escape(c) if c in _CSS_UNSAFE else c for c in text)
    return Markup(f'"{escaped}"')  # noqa: S704 - every unsafe character is escaped above
