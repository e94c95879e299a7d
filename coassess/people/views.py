"""Finding, adding and changing people and their supporters."""

from __future__ import annotations

import copy
from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from coassess.accounts.access import staff
from coassess.accounts.models import CLINICAL_ROLES
from coassess.accounts.types import StaffRequest
from coassess.core.exceptions import VersionConflict
from coassess.core.flow import Done, form_page, posted
from coassess.core.http import safe_next
from coassess.people import access, services
from coassess.people.forms import (
    BreakGlassForm,
    FindPersonForm,
    PersonForm,
    SupporterForm,
)
from coassess.people.models import Person, Supporter
from coassess.people.presenters import (
    PersonPresenter,
    changed_fields,
    listed,
    search_results,
)
from coassess.people.registry import panels_for
from coassess.people.sharing import scopes_for_person
from coassess.people.sharing_presenters import category_states


def search_page(request: StaffRequest, template: str) -> HttpResponse:
    """A page that finds people by NHS number, or by name and date of birth
    (every listing logged), for `template` to show with what to do next."""
    form = FindPersonForm(request.GET or None)
    results = search_results(request.user, form)
    return render(request, template, {"form": form, "results": results})


@staff(*CLINICAL_ROLES)
@require_safe
def find_person(request: StaffRequest) -> HttpResponse:
    return search_page(request, "people/find_person.jinja")


def _show(person: Person) -> str:
    return reverse("people:show_person", kwargs={"person_id": person.pk})


@staff(*CLINICAL_ROLES)
@require_http_methods(["GET", "POST"])
def add_person(request: StaffRequest) -> HttpResponse:
    alike: list[PersonPresenter] = []  # who may already be recorded, if anyone

    def save(data: dict[str, Any]) -> Done:
        try:
            person = services.register_person(actor=request.user, data=data)
        except services.PossibleDuplicate as exc:
            alike.extend(listed(request.user, exc.people, what="possible duplicate"))
            raise
        return Done(f"{person.name} has been added.", _show(person))

    form = PersonForm(posted(request))
    context = {"person": None, "alike": alike}
    return form_page(
        request,
        form,
        "people/person_form.jinja",
        save,
        context=context,
        error_field="nhs_number",
    )


@access.person_record
@require_safe
def show_person(request: StaffRequest, person: Person) -> HttpResponse:
    return render(
        request,
        "people/show_person.jinja",
        {
            "person": PersonPresenter(person, viewer=request.user),
            "supporters": [
                (supporter, category_states(scope))
                for supporter, scope in scopes_for_person(person)
            ],
            "panels": panels_for(request, person),
        },
    )


def _rebased(
    request: StaffRequest, form_class: Any, exc: VersionConflict
) -> dict[str, Any]:
    """What was typed, now editing on top of the version someone else saved, and
    the fields where the two differ. The form is bound to a copy of the saved
    version: validating a model form writes what was typed into its instance,
    which would leave nothing to compare."""
    data = request.POST.copy()
    data["version"] = str(exc.current.version)
    form = form_class(data, instance=copy.copy(exc.current))
    form.is_valid()
    return {"form": form, "conflict": changed_fields(exc.current, form.cleaned_data)}


@access.person_record
@require_http_methods(["GET", "POST"])
def update_person(request: StaffRequest, person: Person) -> HttpResponse:
    def save(data: dict[str, Any]) -> Done:
        services.update_person(
            actor=request.user, person=person, data=data, version=data["version"] or 0
        )
        return Done("Their details have been saved.", _show(person))

    return form_page(
        request,
        PersonForm(posted(request), instance=person),
        "people/person_form.jinja",
        save,
        context={"person": person},
        error_field="nhs_number",
        on_conflict=lambda exc: _rebased(request, PersonForm, exc),
    )


@access.person_record
@require_http_methods(["GET", "POST"])
def add_supporter(request: StaffRequest, person: Person) -> HttpResponse:
    def save(data: dict[str, Any]) -> Done:
        services.add_supporter(actor=request.user, person=person, data=data)
        return Done(f"{data['name']} has been added as a supporter.", _show(person))

    form = SupporterForm(posted(request))
    context = {"person": person, "supporter": None}
    return form_page(
        request, form, "people/supporter_form.jinja", save, context=context
    )


@access.person_record
@require_http_methods(["GET", "POST"])
def update_supporter(
    request: StaffRequest, person: Person, supporter_id: str
) -> HttpResponse:
    supporter: Supporter = get_object_or_404(person.supporters, pk=supporter_id)

    def save(data: dict[str, Any]) -> Done:
        services.update_supporter(
            actor=request.user,
            supporter=supporter,
            data=data,
            version=data["version"] or 0,
        )
        return Done("The supporter's details have been saved.", _show(person))

    return form_page(
        request,
        SupporterForm(posted(request), instance=supporter),
        "people/supporter_form.jinja",
        save,
        context={"person": person, "supporter": supporter},
        on_conflict=lambda exc: _rebased(request, SupporterForm, exc),
    )


@staff(*CLINICAL_ROLES)
@require_http_methods(["GET", "POST"])
def break_glass(request: StaffRequest, person_id: str) -> HttpResponse:
    person = get_object_or_404(Person, pk=person_id)
    target = safe_next(request) or ""

    def save(data: dict[str, Any]) -> Done:
        access.break_glass(user=request.user, person=person, reason=data["reason"])
        return Done("", target or _show(person))

    return form_page(
        request,
        BreakGlassForm(posted(request)),
        "people/break_glass.jinja",
        save,
        context={
            "person": PersonPresenter(person, viewer=request.user),
            "next": target,
        },
        error_field="reason",
    )
