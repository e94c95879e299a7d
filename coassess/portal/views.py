"""The pages of the person's and supporters' own view: reading.

Each is a viewer's page (`people.viewer.viewer_page`): it opens only the record
the viewer's code is for, as the team that issued the code holds it, and an
assessment of anyone else, or of another team, is not found (404), whatever
the address says. What a supporter sees is asked of `visibility.sight_of` on
every request, so a change to sharing takes effect at their next request.
Every read is logged with the viewer's code (`record_viewer_access`).

The pages are sent compressed (gzip) when the browser asks, so a long record
stays within the 60 KB a page may take on a small phone's connection.
Django's gzip adds random bytes to each response, against the BREACH attack on
compressed pages that hold a secret (the sign-out form's CSRF token).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from coassess.accesslog.models import Action
from coassess.accesslog.services import record_viewer_access
from coassess.assessments.models import Assessment, Participant, Status
from coassess.assessments.queries import assessment_held
from coassess.coproduction.measures import COPY, COPY_PDF
from coassess.people.viewer import Viewer, viewer_page
from coassess.plans.pdf import (
    CopyTooLongForPdf,
    render_person_copy_pdf,
    too_long_for_pdf,
)
from coassess.plans.person_copy import copy_for
from coassess.portal import looked, presenters
from coassess.portal.links import links_at
from coassess.portal.services import private_lineages
from coassess.portal.visibility import CATEGORIES, Sight, sight_of


def _logged(viewer: Viewer, what: str, object_id: object) -> None:
    with transaction.atomic():
        record_viewer_access(viewer.code, viewer.person, Action.VIEW, what, object_id)


def _assessment(viewer: Viewer, assessment_id: UUID) -> Assessment:
    """The assessment of the viewer's record with this id, held by the team
    that issued their code; Http404 for any other. Its person and team are
    the viewer's own (read with the code), not read again."""
    found = assessment_held(assessment_id, viewer.person.pk, viewer.team.pk)
    if found is None:
        raise Http404("No such assessment in this record.")
    found.person, found.team = viewer.person, viewer.team
    return found


def _page(viewer: Viewer, sight: Sight, **extra: Any) -> dict[str, Any]:
    """What every read page needs: the viewer, what they may see, and the
    words for what they may not."""
    called = viewer.person.called
    return {
        "viewer": viewer,
        "sight": sight,
        "team": viewer.team,
        "called": called,
        "held": presenters.held_words(called) if sight.held else "",
        "nothing_shared": presenters.not_shared(called),
        "nothing_of": lambda part: presenters.not_shared(called, part),
        **extra,
    }


def _nothing(request: HttpRequest, viewer: Viewer, sight: Sight) -> HttpResponse:
    """For a supporter shown nothing now: a kind page saying so (a hold is
    never named as one)."""
    return render(request, "portal/nothing.jinja", _page(viewer, sight))


@require_safe
@viewer_page
@gzip_page
def home(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """Whose record this is, the team, its assessments (newest first) and
    what the viewer can do here."""
    sight = sight_of(viewer)
    _logged(viewer, "own view", viewer.person.pk)
    assessments = list(
        Assessment.objects.filter(person=viewer.person, team=viewer.team).order_by(
            "-started_at"
        )
    )
    context = _page(
        viewer,
        sight,
        assessments=presenters.assessment_links(assessments) if sight.anything else [],
        links=links_at("home", sight),
        tell_us=presenters.assessment_links(taking_part(viewer, sight, assessments)),
    )
    return render(request, "portal/home.jinja", context)


def taking_part(
    viewer: Viewer, sight: Sight, assessments: list[Assessment]
) -> list[Assessment]:
    """Of `assessments`, those still open where this supporter takes part, so
    may tell the team what they know (none for the person, or under a hold)."""
    if viewer.supporter is None or sight.held:
        return []
    joined = set(
        Participant.objects.filter(
            assessment__in=assessments, supporter=viewer.supporter
        ).values_list("assessment_id", flat=True)
    )
    return [a for a in assessments if a.pk in joined and a.status != Status.SIGNED]


@require_safe
@viewer_page
@gzip_page
def show_record(
    request: HttpRequest, viewer: Viewer, assessment_id: UUID
) -> HttpResponse:
    """The assessment as recorded, as far as the viewer may see it."""
    assessment = _assessment(viewer, assessment_id)
    return record_for(request, viewer, sight_of(viewer), assessment)


def record_for(
    request: HttpRequest, viewer: Viewer, sight: Sight, assessment: Assessment
) -> HttpResponse:
    """The record page of `assessment` for `viewer`, who may see `sight`
    (`sight_of`, asked by the view; tests pass others)."""
    if not sight.anything:
        return _nothing(request, viewer, sight)
    _logged(viewer, "assessment", assessment.pk)
    page = presenters.record_page(assessment, sight)
    private = private_lineages(viewer.person) if viewer.is_person else None
    context = _page(viewer, sight, page=page, links=page.links, private=private)
    return render(request, "portal/record.jinja", context)


@require_safe
@viewer_page
@gzip_page
def show_copy(
    request: HttpRequest, viewer: Viewer, assessment_id: UUID
) -> HttpResponse:
    """The person's copy (for a supporter: the parts shared with them), with a
    PDF to save."""
    assessment = _assessment(viewer, assessment_id)
    return copy_page_for(request, viewer, sight_of(viewer), assessment)


def copy_page_for(
    request: HttpRequest, viewer: Viewer, sight: Sight, assessment: Assessment
) -> HttpResponse:
    """The copy page of `assessment` for `viewer`, who may see `sight`."""
    if not sight.anything:
        return _nothing(request, viewer, sight)
    _logged(viewer, COPY, assessment.pk)
    copy = copy_for(assessment, sight.reader)
    called = viewer.person.called
    unshared = [
        presenters.not_shared(called, part)
        for part in CATEGORIES
        if not sight.sees(part)
    ]
    context = _page(
        viewer,
        sight,
        assessment=assessment,
        started=presenters.assessment_links([assessment])[0].started,
        copy=copy,
        unshared=unshared,
        pdf_reason=too_long_for_pdf(copy.text),
        links=links_at("plan", sight, assessment_id=assessment.pk)
        + links_at("contingency", sight, assessment_id=assessment.pk),
    )
    return render(request, "portal/copy.jinja", context)


@require_safe
@viewer_page
def copy_pdf(request: HttpRequest, viewer: Viewer, assessment_id: UUID) -> HttpResponse:
    """The copy as an A4 PDF (plans.pdf makes it), from the same words as the
    page; back to the page when there is nothing to put in it or it is too
    long to make into one."""
    assessment = _assessment(viewer, assessment_id)
    sight = sight_of(viewer)
    if not sight.anything:
        return redirect("portal:show_copy", assessment_id=assessment.pk)
    _logged(viewer, COPY_PDF, assessment.pk)
    try:
        pdf = render_person_copy_pdf(
            request=request,
            assessment=assessment,
            copy=copy_for(assessment, sight.reader),
        )
    except CopyTooLongForPdf:
        messages.info(request, "This copy is too long to save as a PDF here.")
        return redirect("portal:show_copy", assessment_id=assessment.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="my-plan.pdf"'
    return response


@require_safe
@viewer_page
@gzip_page
def who_looked(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """Who has looked at the person's record: by role, team and time. For the
    person only: a supporter is told so."""
    sight = sight_of(viewer)
    if not viewer.is_person:
        return render(request, "portal/not_for_you.jinja", _page(viewer, sight))
    _logged(viewer, "who has looked", viewer.person.pk)
    lines = looked.who_looked(viewer.person, viewer.team)
    context = _page(
        viewer,
        sight,
        lines=lines,
        most=looked.MOST,
        disclosures=looked.shared_without_agreement(viewer.person),
        links=[],
    )
    return render(request, "portal/looked.jinja", context)
