"""The Jinja2 environment: NHS.UK frontend macros, Django's url and static helpers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader

from coassess.core import presenters
from coassess.core.navigation import navigation


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options: Any) -> Environment:
    options["undefined"] = ChainableUndefined
    options["autoescape"] = True
    options["extensions"] = ["jinja2.ext.do"]
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
            "navigation": navigation,
            "service_name": "coassess",
            "debug": settings.DEBUG,
        }
    )
    env.filters.update(
        {
            "local_datetime": presenters.local_datetime,
            "local_date": presenters.local_date,
            "duration": presenters.duration_words,
        }
    )
    return env
