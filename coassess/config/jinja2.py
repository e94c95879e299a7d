"""The Jinja2 environment: NHS.UK frontend macros, Django's url and static helpers.

The NHS.UK macros are most of the cost of a page with a form. Each component
macro includes its template, which re-runs that template's imports and reads
dozens of absent keys from its `params` dict, and most of them pass what they
render through `indent`. Three of Jinja2's general-purpose paths are slow for
exactly that, so the environment here replaces them with faster ones that give
the same results (tests/core/test_jinja2_environment.py compares them with
Jinja2's own):

- `Environment.getattr`: for `params.hint` on a plain dict, Jinja2 first tries
  the attribute, and handles an AttributeError, then the key, and a KeyError
  when it is absent. A plain dict can only have the attributes its class has,
  so for any other name the key is looked up straight away.
- `Environment.make_globals`: every `{% from ... import %}` compares the
  importing context's globals with the imported template's (to decide whether
  the cached module can be reused), one Python-level ChainMap lookup per
  global. The template's globals here give that comparison a plain key view.
- The `indent` filter: on Markup, Jinja2's builds and escapes a new Markup for
  every line. This one works on the plain text and marks the result safe once.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import KeysView, MutableMapping
from itertools import chain
from typing import Any

import jinja2
from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, PackageLoader
from jinja2.filters import do_indent
from markupsafe import Markup

from coassess.accounts.navigation import header_params
from coassess.core import presenters
from coassess.decisions.hosts import page_url

# Every attribute a plain dict has: those of its class and of object. An
# instance of exactly `dict` has no others (it has no __dict__ or __getattr__).
_DICT_ATTRIBUTES = frozenset(name for cls in dict.__mro__ for name in vars(cls))


class TemplateGlobals(ChainMap[str, Any]):
    """A template's globals over the environment's, as Jinja2 makes them, whose
    keys() is a snapshot that set operations use without a lookup per key."""

    def keys(self) -> KeysView[str]:
        return dict.fromkeys(chain.from_iterable(self.maps)).keys()


class Environment(jinja2.Environment):
    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def make_globals(
        self, d: MutableMapping[str, Any] | None
    ) -> MutableMapping[str, Any]:
        return TemplateGlobals({} if d is None else d, self.globals)


def indent(
    s: Any, width: int | str = 4, first: bool = False, blank: bool = False
) -> Any:
    """Jinja2's `indent` filter, with the same output, without per-line Markup."""
    kind = type(s)
    if (kind is not str and kind is not Markup) or (
        type(width) is not int and type(width) is not str
    ):
        return do_indent(s, width, first, blank)
    indention = width if isinstance(width, str) else " " * width
    lines = (str(s) + "\n").splitlines()
    if blank:
        text = ("\n" + indention).join(lines)
    else:
        text = lines[0]
        if len(lines) > 1:
            rest = [indention + line if line else line for line in lines[1:]]
            text += "\n" + "\n".join(rest)
    if first:
        text = indention + text
    # As Jinja2's: what was Markup stays Markup, with only the indention added.
    return Markup(text) if kind is Markup else text  # noqa: S704


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options: Any) -> Environment:
    options["undefined"] = ChainableUndefined
    options["autoescape"] = True
    options["extensions"] = ["jinja2.ext.do"]
    # Django's backend already passes auto_reload=DEBUG; without a DEBUG server
    # templates are never checked against their files after the first load.
    options.setdefault("auto_reload", settings.DEBUG)
    loader = options.pop("loader", None)
    options["loader"] = ChoiceLoader(
        [loader, PackageLoader("nhsuk_frontend_jinja", "templates")]
        if loader
        else [PackageLoader("nhsuk_frontend_jinja", "templates")]
    )
    env = Environment(**options)  # noqa: S701 - autoescape is set above
    env.globals.update(
        {
            "url": url,
            "static": static,
            "get_messages": get_messages,
            "header_params": header_params,
            "host_url": page_url,
            "service_name": "coassess",
            "debug": settings.DEBUG,
        }
    )
    env.filters.update(
        {
            "indent": indent,
            "local_datetime": presenters.local_datetime,
            "local_date": presenters.local_date,
            "duration": presenters.duration_words,
        }
    )
    return env
