"""Who may write what from their own device, and the kind page when they may not.

A viewer writes only into their own record (the assessment must be the
person's, held by the team that issued the code: anything else is 404, so no
other record is given away), only in their own voice (their own participant,
never one they choose), and only while the assessment takes changes (a
disagreement with an entry is the one thing still taken after signing).

The person may write everything here. A supporter may not yet: what a
supporter may add will follow the sharing the person chooses
(`people.sharing`), and until that is built they are told, kindly, to tell
the team instead. A supporter not taking part in the assessment is not added
from their own device either: who takes part is for the person and the team
to decide together (`assessments.services.add_participant`).
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from coassess.accesslog.models import Action
from coassess.accesslog.services import record_viewer_access
from coassess.assessments.models import Assessment, Participant, Status
from coassess.assessments.queries import viewers_participant
from coassess.people.viewer import Viewer

SUPPORTERS_NOT_YET = (
    "For now, only {name} can add to this record from their own phone or "
    "computer. If there is something you want to say, please tell the team. "
    "They will write it in with you."
)
NOT_TAKING_PART = (
    "You are not listed as taking part in this assessment, so you cannot add "
    "to it here. If you want to take part, please ask the team."
)
SIGNED = (
    "This plan has been signed, so nothing more can be added to it here. If "
    "something in it is wrong, you can still say you disagree with an entry, "
    "or ask the team to add a note to the plan."
)


@dataclass(frozen=True)
class Writer:
    """A viewer allowed to write into `assessment`, as `participant` (their
    own voice there)."""

    viewer: Viewer
    assessment: Assessment
    participant: Participant


def viewer_assessment(
    viewer: Viewer, assessment_id: UUID, request: HttpRequest | None = None
) -> Assessment:
    """The assessment `assessment_id` if it is in the viewer's record (their
    person, the code's team); Http404 otherwise. A GET `request` is logged as
    the viewer reading that page of their record (every page here shows some
    of it)."""
    assessment = get_object_or_404(
        Assessment.objects.select_related("person", "team", "referral"),
        pk=assessment_id,
        person=viewer.person,
        team=viewer.team,
    )
    if request is not None and request.method == "GET":
        match = request.resolver_match
        page = match.url_name if match else "writing page"
        with transaction.atomic():
            record_viewer_access(
                viewer.code,
                viewer.person,
                Action.VIEW,
                f"own view: {page}",
                assessment.pk,
            )
    return assessment


def writer(
    request: HttpRequest,
    viewer: Viewer,
    assessment_id: UUID,
    *,
    after_signing: bool = False,
) -> Writer | HttpResponse:
    """The viewer as a writer in the assessment, or the kind page saying why
    they cannot write there (403 for who they are; once signed, unless
    `after_signing`, a notice: 200 to a GET, 409 to a POST). Http404 for an
    assessment outside their record."""
    assessment = viewer_assessment(viewer, assessment_id, request)
    if not viewer.is_person:
        name = viewer.person.called
        return cannot(request, viewer, SUPPORTERS_NOT_YET.format(name=name), 403)
    participant = viewers_participant(assessment, viewer.code)
    if participant is None:
        return cannot(request, viewer, NOT_TAKING_PART, 403)
    if assessment.status == Status.SIGNED and not after_signing:
        return cannot(request, viewer, SIGNED, 200 if request.method == "GET" else 409)
    return Writer(viewer, assessment, participant)


def cannot(
    request: HttpRequest, viewer: Viewer, message: str, status: int
) -> HttpResponse:
    """The page that says, kindly, why this cannot be done here."""
    return render(
        request,
        "portal/writing/cannot.jinja",
        {"viewer": viewer, "message": message},
        status=status,
    )
