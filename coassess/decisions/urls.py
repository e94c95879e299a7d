"""The engine's pages, routed by each host under its own URLs and policy.

A host's urls.py adds `patterns(wrap)`, where `wrap` is the host's decorator:
it declares the host's access policy, loads the host's record from the URL and
passes the view a `Host` in its place. The URL names are the same for every
host, in the host's namespace (`assessments:show_decision`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponse
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods, require_safe

from coassess.decisions import views

View = Callable[..., HttpResponse]
GET_POST = require_http_methods(["GET", "POST"])


def patterns(wrap: Callable[[View], View], prefix: str = "") -> list[URLPattern]:
    """Every engine page, under `prefix` (for example "<uuid:assessment_id>/")."""
    one = f"{prefix}decisions/<uuid:decision_id>/"
    return [
        path(
            f"{prefix}decisions/",
            wrap(require_safe(views.decision_list)),
            name="decision_list",
        ),
        path(
            f"{prefix}decisions/add/",
            wrap(GET_POST(views.add_decision)),
            name="add_decision",
        ),
        path(one, wrap(require_safe(views.show_decision)), name="show_decision"),
        path(f"{one}options/add/", wrap(GET_POST(views.add_option)), name="add_option"),
        path(
            f"{one}options/<uuid:option_id>/edit/",
            wrap(GET_POST(views.update_option)),
            name="update_option",
        ),
        path(
            f"{one}positions/",
            wrap(GET_POST(views.give_positions)),
            name="give_positions",
        ),
        path(
            f"{one}outcome/",
            wrap(GET_POST(views.record_outcome)),
            name="record_outcome",
        ),
    ]
