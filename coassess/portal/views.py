"""The pages of the person's and supporters' own view."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from coassess.people.viewer import Viewer, viewer_page


@require_safe
@viewer_page
def home(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """The viewer's first page: whose record this is, and what they can do."""
    return render(request, "portal/home.jinja", {"viewer": viewer})
