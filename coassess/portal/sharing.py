"""The person chooses, from their own device, what each of their supporters
may see: the plan, the decisions, the whole assessment; and may keep any
single entry from all of them (`keep_private`). Each choice goes
through `people.sharing_services.set_sharing` as the person's own (with their
code), takes effect at the supporter's next request, and is kept with its
history for staff to see. Only the person's own code opens these pages; a
supporter's gets 404."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.timezone import localtime
from django.views.decorators.http import require_POST, require_safe

from coassess.accesslog.models import Action
from coassess.accesslog.services import record_viewer_access
from coassess.core.exceptions import DomainError, VersionConflict
from coassess.core.forms import choice_field
from coassess.people.models import Supporter
from coassess.people.sharing import CATEGORIES, current_numbers, scopes_for_person
from coassess.people.sharing_services import set_sharing
from coassess.people.viewer import Viewer, viewer_page
from coassess.portal import services

# Each part, as the person reads it.
PARTS = {
    "plan": "your plan, and what to do if things get worse",
    "decisions": "the decisions, and what everyone thinks about them",
    "assessment": "everything written down in your assessment",
}
SHARE, KEEP = "share", "keep"
CHANGED = (
    "This changed after you opened the page, so we did not save your answer. "
    "Here is how it is now. Choose again if you want to."
)


class ShareForm(forms.Form):
    choice = choice_field(
        "Can they see this?",
        [(SHARE, "Yes, they can see it"), (KEEP, "No, keep it from them")],
        "Choose yes or no.",
    )
    seen = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


@dataclass(frozen=True)
class Part:
    """One part of the record for one supporter: whether it is shared now
    (`until`: when that ends, None for no end) and the choice's number."""

    category: str
    words: str
    shared: bool
    until: str
    seen: int


def _persons_own(viewer: Viewer) -> None:
    if not viewer.is_person:
        raise Http404("Only the person can choose who sees their record.")


def _when(until: object) -> str:
    """'3 March 2026, 14:00' in local time; empty for no end."""
    if not isinstance(until, dt.datetime):
        return ""
    return f"{localtime(until):%-d %B %Y, %H:%M}"


def _parts(supporter: Supporter, consented: dict[str, object]) -> list[Part]:
    numbers = current_numbers(supporter)
    return [
        Part(
            category=str(c),
            words=PARTS[str(c)],
            shared=str(c) in consented,
            until=_when(consented.get(str(c))),
            seen=numbers[str(c)],
        )
        for c in CATEGORIES
    ]


@require_safe
@viewer_page
def sharing(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """Each supporter, what they can see now, and a yes/no for each part."""
    _persons_own(viewer)
    supporters = [
        (supporter, scope.held, _parts(supporter, dict(scope.consented)))
        for supporter, scope in scopes_for_person(viewer.person)
    ]
    with transaction.atomic():
        record_viewer_access(
            viewer.code, viewer.person, Action.VIEW, "own sharing", viewer.person.pk
        )
    return render(
        request,
        "portal/sharing.jinja",
        {"viewer": viewer, "supporters": supporters, "team": viewer.team},
    )


@require_POST
@viewer_page
def choose(
    request: HttpRequest, viewer: Viewer, supporter_id: UUID, category: str
) -> HttpResponse:
    """Save one yes/no; always back to the sharing page, saying what happened."""
    _persons_own(viewer)
    supporter = Supporter.objects.filter(pk=supporter_id, person=viewer.person).first()
    if supporter is None or category not in PARTS:
        raise Http404("No such supporter or part in your record.")
    form = ShareForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"{supporter.name}: choose yes or no, then save.")
        return redirect("portal:sharing")
    granted = form.cleaned_data["choice"] == SHARE
    try:
        set_sharing(
            supporter=supporter,
            category=category,
            granted=granted,
            seen=form.cleaned_data["seen"],
            by_person=True,
            via_code=viewer.code,
        )
    except VersionConflict:
        messages.error(request, CHANGED)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        done = "can now see" if granted else "can no longer see"
        messages.success(request, f"Saved. {supporter.name} {done} {PARTS[category]}.")
    return redirect("portal:sharing")


@require_POST
@viewer_page
def keep_private(request: HttpRequest, viewer: Viewer, lineage: UUID) -> HttpResponse:
    """The person keeps one entry from all their supporters (private "yes"), or
    lets them see it again ("no"); back to the record page it is on."""
    _persons_own(viewer)
    assessment_id = services.entry_assessment(viewer.person, lineage, team=viewer.team)
    choice = request.POST.get("private")
    if assessment_id is None or choice not in ("yes", "no"):
        raise Http404("No such entry in your record.")
    services.keep_private(
        person=viewer.person, lineage=lineage, private=choice == "yes", code=viewer.code
    )
    messages.success(
        request,
        "Saved. Your supporters cannot see that now."
        if choice == "yes"
        else "Saved. Your supporters can see that again, if you share that part.",
    )
    return redirect("portal:show_record", assessment_id=assessment_id)
