"""The Jinja2 environment (coassess.config.jinja2).

Imported macro modules are made once per process, not on every page; and the
environment's faster `getattr`, template globals and `indent` filter give
exactly what Jinja2's own do, so every page renders the same HTML as it would
with a stock Jinja2 environment. How fast pages are is measured by `make bench`
(docs/benchmarks.md), not here.
"""

from __future__ import annotations

import re
from collections import ChainMap
from collections.abc import Callable, Iterator
from typing import Any

import jinja2
import pytest
from django.conf import settings
from django.template import engines
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from jinja2.filters import do_indent
from markupsafe import Markup

from coassess.config.jinja2 import Environment, TemplateGlobals, indent
from coassess.people.models import Person
from tests.conftest import CheckedClient

FIND_PERSON_PAGES = [
    "/people/",
    "/people/?family_name=Reid&dob_day=12&dob_month=4&dob_year=1991",
    "/people/?family_name=Nobody&dob_day=1&dob_month=1&dob_year=1990",
    "/people/?nhs_number=9434765919",
    "/people/?nhs_number=943&dob_day=40",
]


def jinja_env() -> Environment:
    env = engines["jinja2"].env  # type: ignore[attr-defined]
    assert isinstance(env, Environment)
    return env


def stock_environment() -> jinja2.Environment:
    """Jinja2's own Environment, set up like ours but with none of its fast paths."""
    ours = jinja_env()
    stock = jinja2.Environment(  # noqa: S701 - autoescape is set
        loader=ours.loader,
        undefined=ours.undefined,
        autoescape=True,
        extensions=["jinja2.ext.do"],
        auto_reload=False,
    )
    stock.globals.update(ours.globals)
    stock.filters.update({k: v for k, v in ours.filters.items() if k != "indent"})
    assert stock.filters["indent"] is do_indent
    return stock


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, list[str]]]:
    """Records the templates compiled, the modules made, and the imports."""
    calls: dict[str, list[str]] = {"compiled": [], "made": [], "imported": []}
    env = jinja_env()
    real_compile = env.compile
    real_make_module = jinja2.Template.make_module
    real_get_default_module = jinja2.Template._get_default_module

    def compile_(source: str, name: str | None = None, *args: Any, **kw: Any) -> Any:
        calls["compiled"].append(str(name))
        return real_compile(source, name, *args, **kw)

    def make_module(self: jinja2.Template, *args: Any, **kw: Any) -> Any:
        calls["made"].append(str(self.name))
        return real_make_module(self, *args, **kw)

    def get_default_module(self: jinja2.Template, *args: Any, **kw: Any) -> Any:
        calls["imported"].append(str(self.name))
        return real_get_default_module(self, *args, **kw)

    monkeypatch.setattr(env, "compile", compile_)
    monkeypatch.setattr(jinja2.Template, "make_module", make_module)
    monkeypatch.setattr(jinja2.Template, "_get_default_module", get_default_module)
    yield calls


def test_templates_are_loaded_once_and_not_rechecked_without_debug() -> None:
    env = jinja_env()
    assert not settings.DEBUG
    assert env.auto_reload is False
    assert env.get_template("layout.jinja") is env.get_template("layout.jinja")


@pytest.mark.django_db
def test_a_page_reuses_the_imported_macro_modules(
    signed_in: Callable[[str], CheckedClient],
    person: Person,
    counted: dict[str, list[str]],
) -> None:
    client = signed_in("clinician")
    for path in FIND_PERSON_PAGES:
        assert client.get(path).status_code == 200
    # Now everything these pages use is loaded.
    for name in counted:
        counted[name].clear()

    for path in FIND_PERSON_PAGES:
        assert client.get(path).status_code == 200

    # The NHS.UK macros were imported (every component's template imports
    # others each time it is included), but from the modules made the first
    # time: nothing was compiled or evaluated again.
    assert "nhsuk/macros/attributes.jinja" in counted["imported"]
    assert "forms/fields.jinja" in counted["imported"]
    assert counted["made"] == []
    assert counted["compiled"] == []


# --- The same HTML as Jinja2's own environment --------------------------------

MASKS = [
    # Django's masked CSRF token, wherever the page carries it.
    (re.compile(r"\b[A-Za-z0-9]{64}\b"), "…"),
    (re.compile(r'nonce="[^"]*"'), 'nonce="…"'),
]


def masked(html: str) -> str:
    """A page without what changes on every request (CSRF token, CSP nonce)."""
    for pattern, replacement in MASKS:
        html = pattern.sub(replacement, html)
    return html


@pytest.mark.django_db
def test_pages_render_the_same_html_as_a_stock_jinja2_environment(
    signed_in: Callable[[str], CheckedClient],
    person: Person,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = signed_in("clinician")
    paths = [*FIND_PERSON_PAGES, f"/people/{person.pk}/", "/people/add/", "/about/"]
    ours = {path: masked(client.get(path).content.decode()) for path in paths}
    monkeypatch.setattr(engines["jinja2"], "env", stock_environment())
    stock = {path: masked(client.get(path).content.decode()) for path in paths}
    for path in paths:
        assert ours[path] == stock[path], path
    assert 'class="nhsuk-error-summary"' in ours[FIND_PERSON_PAGES[-1]]
    assert "1 person found" in ours[FIND_PERSON_PAGES[1]]


EVERYTHING: dict[str, Any] = {
    "text": "Some <text> & more",
    "html": Markup("<p>One\n\n  two</p>\n<p>three</p>"),
    "id": "thing",
    "name": "thing",
    "idPrefix": "thing",
    "namePrefix": "thing",
    "value": 'a "value"',
    "href": "/somewhere?a=1&b=2",
    "classes": "extra-class",
    "attributes": {
        "data-x": 'say "hi"',
        "data-list": {"value": ["a", "<b>"], "type": "array"},
        "hidden": {"value": True, "optional": True},
        "aria-hidden": False,
        "data-none": None,
    },
    "label": {"text": "Label", "isPageHeading": True, "size": "l"},
    "hint": {"text": "Hint\nover two lines"},
    "errorMessage": {"text": "Enter something"},
    "fieldset": {"legend": {"text": "Legend", "isPageHeading": True, "size": "m"}},
    "heading": "Heading",
    "headingLevel": 3,
    "description": "Description",
    "titleText": "There is a problem",
    "errorList": [{"text": "First error", "href": "#thing"}, {"text": "Second"}],
    "items": [
        {"text": "One", "value": "1", "href": "/one", "id": "one", "name": "one"},
        {
            "html": Markup("<b>Two</b>"),
            "value": "2",
            "checked": True,
            "selected": True,
            "hint": {"text": "A hint"},
            "conditional": {"html": Markup("<p>More</p>")},
            "label": "Two",
        },
        {"divider": "or"},
    ],
    "rows": [
        {"key": {"text": "Name"}, "value": {"text": "Sam"}},
        {
            "key": {"text": "Born"},
            "value": {"html": Markup("12 April<br>1991")},
            "actions": {"items": [{"href": "/x", "text": "Change"}]},
        },
    ],
    "head": [{"text": "A"}, {"text": "B"}],
    "caption": "Caption",
    "service": {"text": "coassess", "href": "/"},
    "account": {
        "items": [{"text": "Sam", "icon": True}, {"href": "/o", "text": "Out"}]
    },
    "navigation": {"items": [{"href": "/a", "text": "A", "current": True}]},
    "meta": {"items": [{"href": "/about/", "text": "About"}]},
    "copyright": {"text": "Made together"},
    "previous": {"href": "/1", "text": "Back"},
    "next": {"href": "/3", "text": "Next"},
    "type": "success",
    "titleId": "title-1",
    "rowsCount": 4,
    "maxlength": 10,
}
SIMPLE: dict[str, Any] = {"text": "Just text", "href": "/x", "items": []}


def component_macros() -> list[tuple[str, str]]:
    env = jinja_env()
    found = []
    for name in env.list_templates(
        filter_func=lambda n: (
            n.startswith("nhsuk/components/") and n.endswith("/macro.jinja")
        )
    ):
        module = env.get_template(name).module
        for key, value in vars(module).items():
            if isinstance(value, jinja2.runtime.Macro):
                found.append((name, key))
    return found


def render_outcome(env: jinja2.Environment, source: str, **context: Any) -> str:
    try:
        return env.from_string(source).render(**context)
    except Exception as exc:  # the same failure is the same outcome
        return f"{type(exc).__name__}: {exc}"


def test_every_nhs_component_renders_as_with_stock_jinja2() -> None:
    ours, stock = jinja_env(), stock_environment()
    macros = component_macros()
    assert len(macros) > 30
    for template, macro in macros:
        source = f"{{% from {template!r} import {macro} %}}{{{{ {macro}(params) }}}}"
        for params in ({}, SIMPLE, EVERYTHING):
            assert render_outcome(ours, source, params=params) == render_outcome(
                stock, source, params=params
            ), (template, params is EVERYTHING)


# --- Each fast path against Jinja2's own --------------------------------------

NAMES = st.one_of(
    st.sampled_from(sorted(set(dir(dict)) | {"__dict__", "__name__", "mro", "val"})),
    st.text(max_size=8),
)


def same_result(a: Any, b: Any) -> bool:
    if isinstance(a, jinja2.Undefined) or isinstance(b, jinja2.Undefined):
        return (
            type(a) is type(b)
            and a._undefined_name == b._undefined_name
            and a._undefined_obj is b._undefined_obj
        )
    return bool(a == b) and type(a) is type(b)


class DictWithAttribute(dict[str, Any]):
    label = "from the attribute"


class Thing:
    label = "a thing"


@hypothesis_settings(max_examples=300, deadline=None)
@given(
    data=st.dictionaries(NAMES, st.integers(), max_size=6),
    name=NAMES,
    kind=st.sampled_from([dict, DictWithAttribute, ChainMap, Thing, list]),
)
def test_getattr_is_jinja2s(data: dict[str, Any], name: str, kind: type) -> None:
    env = jinja_env()
    obj = Thing() if kind is Thing else kind(data)
    for attribute in (name, *data):
        ours = env.getattr(obj, attribute)
        theirs = jinja2.Environment.getattr(env, obj, attribute)
        assert same_result(ours, theirs), (obj, attribute, ours, theirs)


LINES = st.text(alphabet='ab <&"\n\r\t\x0b\x0c\x1c\x85\u2028', max_size=40)
WIDTHS = st.one_of(
    st.integers(min_value=-2, max_value=12),
    st.sampled_from(["", "\t", "  ", "<i>", "&amp;"]),
    st.booleans(),
    st.builds(Markup, st.sampled_from(["", "  ", "<i>"])),
)


@hypothesis_settings(max_examples=500, deadline=None)
@given(
    text=LINES,
    safe=st.booleans(),
    width=WIDTHS,
    first=st.booleans(),
    blank=st.booleans(),
)
def test_indent_is_jinja2s(
    text: str, safe: bool, width: Any, first: bool, blank: bool
) -> None:
    value = Markup(text) if safe else text  # noqa: S704 - test data
    ours = indent(value, width, first, blank)
    theirs = do_indent(value, width, first, blank)
    assert ours == theirs
    assert type(ours) is type(theirs)


def test_indent_on_something_other_than_text_is_jinja2s() -> None:
    env = jinja_env()
    values: list[Any] = [env.undefined(name="missing"), 3]
    for value in values:
        with pytest.raises(Exception) as ours:
            indent(value)
        with pytest.raises(Exception) as theirs:
            do_indent(value)
        assert type(ours.value) is type(theirs.value)


def test_template_globals_are_the_environments_overlaid(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    env = jinja_env()
    template = env.from_string("{{ extra }} {{ service_name }}", {"extra": "x"})
    assert isinstance(template.globals, TemplateGlobals)
    expected: ChainMap[str, Any] = ChainMap({"extra": "x"}, env.globals)
    assert set(template.globals.keys()) == set(expected.keys())
    assert {"extra", "zzz"} - template.globals.keys() == {"zzz"}
    # Later changes to the environment's globals still show through.
    monkeypatch.setitem(env.globals, "added_later", 1)
    assert not {"added_later"} - template.globals.keys()
    assert template.render() == "x coassess"
