"""One form flow for every page with a form (docs/adr/0007-one-form-flow.md).

    GET   show the form
    POST  invalid form                 -> the form with its messages     400
          the service says no          -> its message on the form        400
          (DomainError)
          someone else saved first     -> both versions, what was typed  409
          (VersionConflict)               kept in the form
          saved                        -> a message, and redirect         302
                                          (with what was understood from
                                          dates and times, core.forms)

A view builds its form, says which template shows it, and passes `save`: a
function of the form's cleaned data that calls one service and returns `Done`
(the message and where to go next). Requests from htmx can be answered with
fragments instead (`Fragments`), the same flow with smaller answers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

from coassess.core.exceptions import DomainError, VersionConflict
from coassess.core.forms import understood

Context = Mapping[str, Any] | Callable[[], Mapping[str, Any]]


@dataclass(frozen=True)
class Done:
    """What happened when `save` succeeded: said to the user (unless empty), then
    go to `to`.

    `saved` is what the service returned, for a fragment to show.
    """

    message: str
    to: str
    saved: Any = None
    level: int = messages.SUCCESS
    # A page to answer the POST with instead of redirecting: only for what must
    # be shown once and never kept (a new access code), so it cannot survive a
    # redirect. `message` and `to` are then unused.
    page: HttpResponse | None = None


@dataclass(frozen=True)
class Fragments:
    """For htmx requests: `saved` is rendered with `saved` (Done.saved) in its
    context instead of redirecting; `refused` with the form, status 400 or 409."""

    saved: str
    refused: str
    conflict: str = ""  # used for a 409 when given, else `refused`
    context: Mapping[str, Any] = field(default_factory=dict)


def posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST, or None for a GET (so the form is unbound)."""
    return request.POST if request.method == "POST" else None


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    template: str,
    save: Callable[[dict[str, Any]], Done],
    *,
    context: Context | None = None,
    error_field: str | None = None,
    on_conflict: Callable[[VersionConflict], Mapping[str, Any]] | None = None,
    fragments: Fragments | None = None,
) -> HttpResponse:
    """The page for `form`, through the flow above.

    `context` (a mapping, or a function making one, called only when the page
    is shown) is what `template` needs besides `form`. A DomainError's message
    goes on its own `field` if it names one, else on `error_field` (None: the
    whole form). `on_conflict` turns a
    VersionConflict into more context (both versions; it may give a new
    "form", rebased on the version saved meanwhile); without it a conflict is
    shown like any other refusal.
    """
    status, extra = 200, {}
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                done = save(form.cleaned_data)
            except VersionConflict as exc:
                if on_conflict is None:
                    form.add_error(error_field, str(exc))
                else:
                    status, extra = 409, dict(on_conflict(exc))
            except DomainError as exc:
                form.add_error(exc.field or error_field, str(exc))
            else:
                return _saved(request, done, fragments, understood(form))
    if fragments is not None and request.method == "POST" and _is_htmx(request):
        partial = fragments.conflict if status == 409 and fragments.conflict else None
        return render(
            request,
            partial or fragments.refused,
            {**fragments.context, "form": form, **extra},
            status=status,
        )
    shown = context() if callable(context) else (context or {})
    return render(request, template, {**shown, "form": form, **extra}, status=status)


def _saved(
    request: HttpRequest,
    done: Done,
    fragments: Fragments | None,
    notes: Mapping[str, str],
) -> HttpResponse:
    """After saving: the fragment (htmx), or the message and what the form
    understood from dates and times ("We read ... as 3 July 1984."), then
    redirect."""
    if done.page is not None:
        return done.page
    if fragments is not None and _is_htmx(request):
        return render(
            request,
            fragments.saved,
            {**fragments.context, "saved": done.saved, "understood": notes},
        )
    if done.message:
        messages.add_message(request, done.level, done.message)
    for note in notes.values():
        messages.info(request, note)
    return redirect(done.to)


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))
