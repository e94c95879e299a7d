"""Signing in with an access code, and out again."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from coassess.core.access import public
from coassess.core.flow import Done, form_page, posted
from coassess.core.http import client_address
from coassess.people import viewer
from coassess.people.code_services import sign_in_with_code
from coassess.portal.forms import CodeInLinkForm, SignInForm


@public
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """The page a code's QR opens: the code (filled in from the link's
    `?code=`, if it could be one) and what the viewer knows."""
    initial = {"code": CodeInLinkForm(request.GET).shown()}
    form = SignInForm(posted(request), initial=initial)

    def save(data: dict[str, Any]) -> Done:
        code = sign_in_with_code(
            data["code"], data["answer"], address=client_address(request)
        )
        viewer.begin(request, code)
        return Done("", reverse("portal:home"))

    return form_page(request, form, "portal/sign_in.jinja", save, error_field="answer")


@public
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """ "I'm done — sign me out": ends the session in this browser."""
    viewer.end(request)
    return redirect("portal:signed_out")


@public
@require_safe
def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/signed_out.jinja")
