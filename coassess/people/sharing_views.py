"""Staff pages for what each supporter may see: the choices and their history,
sharing without consent, safeguarding holds, and the lead's reviews of holds.

Each page goes by the person's record policy (`access.person_record`), whose
reads are logged; the services log every change. The services say who may do
what (`people.sharing_services`); a refusal is shown on the form.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from coassess.accounts.access import staff
from coassess.accounts.models import Role
from coassess.accounts.types import StaffRequest
from coassess.core.exceptions import DomainError, VersionConflict
from coassess.core.flow import Done, form_page, posted
from coassess.people import access, sharing
from coassess.people import sharing_services as services
from coassess.people.models import Person, Supporter
from coassess.people.registry import sharing_panels_for
from coassess.people.sharing_forms import (
    ALL,
    DisclosureForm,
    HoldForm,
    HoldReviewForm,
    LiftHoldForm,
    SharingForm,
)
from coassess.people.sharing_models import Category
from coassess.people.sharing_presenters import (
    category_states,
    choice_words,
    set_by_words,
)


def _supporter(person: Person, supporter_id: Any) -> Supporter:
    found: Supporter = get_object_or_404(person.supporters, pk=supporter_id)
    return found


def _page(supporter: Supporter) -> str:
    return reverse(
        "people:show_sharing",
        kwargs={"person_id": supporter.person_id, "supporter_id": supporter.pk},
    )


@access.person_record
@require_safe
def show_sharing(
    request: StaffRequest, person: Person, supporter_id: str
) -> HttpResponse:
    supporter = _supporter(person, supporter_id)
    scope = sharing.supporter_scope(supporter)
    context = {
        "person": person,
        "supporter": supporter,
        "scope": scope,
        "states": category_states(scope),
        "history": sharing.choice_history(supporter),
        "holds": sharing.holds_of(supporter),
        "disclosures": sharing.disclosures_about(supporter),
        "choice_words": choice_words,
        "set_by_words": set_by_words,
        "can_decide": services.may_decide(request.user),
        "panels": sharing_panels_for(request, person),
    }
    return render(request, "people/sharing/show_sharing.jinja", context)


def _conflict(
    request: StaffRequest, supporter: Supporter, category: str, exc: VersionConflict
) -> dict[str, Any]:
    """What is saved now beside what was chosen, and the form rebased on it."""
    current = exc.current
    data = request.POST.copy()
    data["seen"] = str(current.number if current else 0)
    form = SharingForm(data)
    form.is_valid()
    theirs = "Nothing recorded"
    if current is not None:
        theirs = f"{choice_words(current)} (set by {set_by_words(current, supporter.person)})"
    chosen = dict(form.fields["choice"].choices).get(data.get("choice", ""), "")  # type: ignore[attr-defined]
    rows = [{"label": Category(category).label, "theirs": theirs, "yours": chosen}]
    return {"form": form, "conflict": rows}


@access.person_record
@require_http_methods(["GET", "POST"])
def update_sharing(
    request: StaffRequest, person: Person, supporter_id: str, category: str
) -> HttpResponse:
    supporter = _supporter(person, supporter_id)
    if category not in Category.values:
        raise Http404
    seen = sharing.current_numbers(supporter)[category]

    def save(data: dict[str, Any]) -> Done:
        services.set_sharing(
            supporter=supporter,
            category=category,
            granted=data["granted"],
            until=data["until"],
            seen=data["seen"],
            by_person=False,
            actor=request.user,
            reason=data["reason"],
        )
        return Done(f"{person.called}’s choice has been saved.", _page(supporter))

    return form_page(
        request,
        SharingForm(posted(request), initial={"seen": seen}),
        "people/sharing/update_sharing.jinja",
        save,
        context={
            "person": person,
            "supporter": supporter,
            "label": Category(category).label,
        },
        error_field="choice",
        on_conflict=lambda exc: _conflict(request, supporter, category, exc),
    )


@access.person_record
@require_http_methods(["GET", "POST"])
def record_disclosure(
    request: StaffRequest, person: Person, supporter_id: str
) -> HttpResponse:
    supporter = _supporter(person, supporter_id)

    def save(data: dict[str, Any]) -> Done:
        services.record_disclosure(
            actor=request.user,
            person=person,
            supporter=None if data["to_whom"] == ALL else supporter,
            category=data["category"],
            basis=data["basis"],
            reason=data["reason"],
            until=data["until"],
        )
        return Done(
            f"Recorded. {person.called} will see this in {person.pronoun_words.their} own view.",
            _page(supporter),
        )

    return form_page(
        request,
        DisclosureForm(posted(request), supporter=supporter),
        "people/sharing/record_disclosure.jinja",
        save,
        context={"person": person, "supporter": supporter},
        error_field="basis",
    )


@access.person_record
@require_http_methods(["GET", "POST"])
def place_hold(
    request: StaffRequest, person: Person, supporter_id: str
) -> HttpResponse:
    supporter = _supporter(person, supporter_id)

    def save(data: dict[str, Any]) -> Done:
        services.place_hold(
            actor=request.user,
            person=person,
            supporter=supporter,
            reason=data["reason"],
        )
        return Done(f"{supporter.name}’s access is paused.", _page(supporter))

    return form_page(
        request,
        HoldForm(posted(request)),
        "people/sharing/hold_form.jinja",
        save,
        context={"person": person, "supporter": supporter, "hold": None},
        error_field="reason",
    )


@access.person_record
@require_http_methods(["GET", "POST"])
def lift_hold(
    request: StaffRequest, person: Person, supporter_id: str, hold_id: str
) -> HttpResponse:
    supporter = _supporter(person, supporter_id)
    hold = get_object_or_404(supporter.holds, pk=hold_id)

    def save(data: dict[str, Any]) -> Done:
        services.lift_hold(actor=request.user, hold=hold, reason=data["reason"])
        return Done(
            f"The hold on {supporter.name}’s access is lifted.", _page(supporter)
        )

    return form_page(
        request,
        LiftHoldForm(posted(request)),
        "people/sharing/hold_form.jinja",
        save,
        context={"person": person, "supporter": supporter, "hold": hold},
        error_field="reason",
    )


@staff(Role.TEAM_LEAD)
@require_safe
def hold_list(request: StaffRequest) -> HttpResponse:
    team = request.user.membership.team  # type: ignore[union-attr]
    context = {
        "waiting": sharing.waiting_holds(team),
        "reviewed": sharing.reviewed_holds(team)[:50],
        "form": HoldReviewForm(),
    }
    return render(request, "people/sharing/hold_list.jinja", context)


@staff(Role.TEAM_LEAD)
@require_POST
def review_hold(request: StaffRequest, hold_id: str) -> HttpResponse:
    """Mark a hold reviewed from its card on the list; the list says how it went."""
    team = request.user.membership.team  # type: ignore[union-attr]
    hold = get_object_or_404(sharing.team_holds(team), pk=hold_id)
    form = HoldReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.values()))
        return redirect("people:hold_list")
    try:
        services.review_hold(
            reviewer=request.user, hold=hold, note=form.cleaned_data["review_note"]
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Marked as reviewed.")
    return redirect("people:hold_list")
