"""The Jinja2 environment: the NHS.UK frontend macros (nhsuk-frontend-jinja),
Django's `url` and `static`, and the few globals and filters coassess's
templates use. A stock `jinja2.Environment` (docs/adr/0009 says why the faster
subclass that was here went)."""

from __future__ import annotations

from typing import Any

import jinja2
from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, PackageLoader

from coassess.accounts.navigation import header_params
from coassess.core import presenters
from coassess.core.markup import css_string
from coassess.decisions.hosts import page_url
from coassess.language.presenters import wording_check, wording_findings


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options: Any) -> jinja2.Environment:
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
    env = jinja2.Environment(**options)  # noqa: S701 - autoescape is set above
    env.globals.update(
        {
            "url": url,
            "static": static,
            "get_messages": get_messages,
            "header_params": header_params,
            "host_url": page_url,
            "wording_check": wording_check,
            "wording_findings": wording_findings,
            "service_name": "coassess",
            "debug": settings.DEBUG,
        }
    )
    env.filters.update(
        {
            "local_datetime": presenters.local_datetime,
            "local_date": presenters.local_date,
            "duration": presenters.duration_words,
            "css_string": css_string,
        }
    )
    return env
