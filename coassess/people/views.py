"""Finding, adding and changing people and their supporters."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from coassess.accesslog.services import record_listing
from coassess.accounts.access import staff
from coassess.accounts.models import CLINICAL_ROLES
from coassess.accounts.types import StaffRequest
from coassess.core.exceptions import DomainError, VersionConflict
from coassess.core.http import safe_next
from coassess.people import access, services
from coassess.people.forms import (
    BreakGlassForm,
    FindPersonForm,
    PersonForm,
    SupporterForm,
)
from coassess.people.models import Person
from coassess.people.presenters import PersonPresenter, changed_fields
from coassess.people.queries import find_people
from coassess.people.registry import panels_for


@staff(*CLINICAL_ROLES)
def find_person(request: StaffRequest) -> HttpResponse:
    form = FindPersonForm(request.GET or None)
    results: list[PersonPresenter] | None = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        user = request.user
        people = find_people(
            nhs_number=data.get("nhs_number", ""),
            family_name=data.get("family_name", ""),
            given_name=data.get("given_name", ""),
            date_of_birth=data.get("date_of_birth"),
        )
        record_listing(actor=user, people=people, what="search result")
        results = [PersonPresenter(p, viewer=user) for p in people]
    return render(
        request, "people/find_person.jinja", {"form": form, "results": results}
    )


@staff(*CLINICAL_ROLES)
@require_http_methods(["GET", "POST"])
def add_person(request: StaffRequest) -> HttpResponse:
    form = PersonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.register_person(
                actor=request.user, data=form.cleaned_data
            )
        except DomainError as exc:
            form.add_error("nhs_number", str(exc))
        else:
            messages.success(request, f"{person.name} has been added.")
            return redirect("people:show_person", person_id=person.pk)
    return render(request, "people/person_form.jinja", {"form": form, "person": None})


@access.person_record
def show_person(request: StaffRequest, person: Person) -> HttpResponse:
    supporters = person.supporters.all()
    return render(
        request,
        "people/show_person.jinja",
        {
            "person": PersonPresenter(person, viewer=request.user),
            "supporters": supporters,
            "panels": panels_for(request, person),
            "break_glass": request.access_grounds == access.Grounds.BREAK_GLASS,
        },
    )


@access.person_record
@require_http_methods(["GET", "POST"])
def update_person(request: StaffRequest, person: Person) -> HttpResponse:
    form = PersonForm(
        request.POST if request.method == "POST" else None, instance=person
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(
                actor=request.user,
                person=person,
                data=form.cleaned_data,
                version=form.cleaned_data.get("version") or 0,
            )
        except VersionConflict as exc:
            conflict = changed_fields(exc.current, form.cleaned_data)
            # Keep what they typed; from now on they are editing on top of the newer version.
            data = request.POST.copy()
            data["version"] = str(exc.current.version)
            form = PersonForm(data, instance=exc.current)
            form.is_valid()
        except DomainError as exc:
            form.add_error("nhs_number", str(exc))
        else:
            messages.success(request, "Their details have been saved.")
            return redirect("people:show_person", person_id=person.pk)
    status = 409 if conflict is not None else 200
    return render(
        request,
        "people/person_form.jinja",
        {"form": form, "person": person, "conflict": conflict},
        status=status,
    )


@access.person_record
@require_http_methods(["GET", "POST"])
def add_supporter(request: StaffRequest, person: Person) -> HttpResponse:
    form = SupporterForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.add_supporter(
            actor=request.user, person=person, data=form.cleaned_data
        )
        messages.success(
            request, f"{form.cleaned_data['name']} has been added as a supporter."
        )
        return redirect("people:show_person", person_id=person.pk)
    return render(
        request,
        "people/supporter_form.jinja",
        {"form": form, "person": person, "supporter": None},
    )


@access.person_record
@require_http_methods(["GET", "POST"])
def update_supporter(
    request: StaffRequest, person: Person, supporter_id: str
) -> HttpResponse:
    supporter = get_object_or_404(person.supporters, pk=supporter_id)
    form = SupporterForm(
        request.POST if request.method == "POST" else None, instance=supporter
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_supporter(
                actor=request.user,
                supporter=supporter,
                data=form.cleaned_data,
                version=form.cleaned_data.get("version") or 0,
            )
        except VersionConflict as exc:
            conflict = changed_fields(exc.current, form.cleaned_data)
            data = request.POST.copy()
            data["version"] = str(exc.current.version)
            form = SupporterForm(data, instance=exc.current)
            form.is_valid()
        else:
            messages.success(request, "The supporter's details have been saved.")
            return redirect("people:show_person", person_id=person.pk)
    return render(
        request,
        "people/supporter_form.jinja",
        {"form": form, "person": person, "supporter": supporter, "conflict": conflict},
        status=409 if conflict is not None else 200,
    )


@staff(*CLINICAL_ROLES)
@require_http_methods(["GET", "POST"])
def break_glass(request: StaffRequest, person_id: str) -> HttpResponse:
    person = get_object_or_404(Person, pk=person_id)
    target = safe_next(request) or ""
    form = BreakGlassForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        access.break_glass(
            user=request.user, person=person, reason=form.cleaned_data["reason"]
        )
        if target:
            return redirect(target)
        return redirect("people:show_person", person_id=person.pk)
    return render(
        request,
        "people/break_glass.jinja",
        {"form": form, "person": person, "next": target},
    )
