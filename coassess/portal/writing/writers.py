"""Who may write what from their own device, and the kind page when they may not.

A viewer writes only into their own record (the assessment must be the
person's, held by the team that issued the code: anything else is 404, so no
other record is given away), only in their own voice (their own participant,
never one they choose), and only while the assessment takes changes (a
disagreement with an entry is the one thing still taken after signing).

The person may write everything here. A supporter may give their own view on
the decisions, and on the plan's actions and the plan as a whole, only while
the person shares that part with them (`people.sharing.supporter_scope`:
"decisions", "plan"; a safeguarding hold shares nothing), since they must see
it to answer it. Their own words, disagreements with entries and the crisis
plan are the person's alone from a device: a supporter is told, kindly, to
tell the team instead (the team can always write down what they say).

A supporter may always tell the team what they know (corroborative
information: `informant`), whatever the person shares, since adding it
shows them nothing of the record (listening to a carer never breaches the
person's confidentiality, DOMAIN.md §11); but never while a safeguarding hold
is on them, and only while they take part. The person has their own words
for this instead. A
supporter not taking part in the assessment is not added from their own
device either: who takes part is for the person and the team to decide
together (`assessments.services.add_participant`).
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
from coassess.people.sharing import supporter_scope
from coassess.people.viewer import Viewer

PERSON_ONLY = (
    "Only {name} can add this from their own phone or computer. If there is "
    "something you want to say, please tell the team. They will write it in "
    "with you."
)
NOT_SHARED = (
    "{name} has chosen not to share this part with you, so you cannot add to "
    "it here. If there is something you want to say, please tell the team."
)
NOT_TAKING_PART = (
    "You are not listed as taking part in this assessment, so you cannot add "
    "to it here. If you want to take part, please ask the team."
)
FOR_SUPPORTERS = (
    "This page is for the people who support you. To add to your record, "
    "use Add your own words."
)
HELD = (
    "You cannot add to {name}’s record at the moment. This can happen for a "
    "number of reasons. If you are worried about {name}, call the team."
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
    supporters: str | None = None,
) -> Writer | HttpResponse:
    """The viewer as a writer in the assessment, or the kind page saying why
    they cannot write there (403 for who they are; once signed, unless
    `after_signing`, a notice: 200 to a GET, 409 to a POST). Http404 for an
    assessment outside their record. A supporter may write only where
    `supporters` names a sharing category the person shares with them now."""
    assessment = viewer_assessment(viewer, assessment_id, request)
    refusal = supporter_refusal(viewer, supporters)
    if refusal:
        return cannot(request, viewer, refusal, 403)
    participant = viewers_participant(assessment, viewer.code)
    if participant is None:
        return cannot(request, viewer, NOT_TAKING_PART, 403)
    if assessment.status == Status.SIGNED and not after_signing:
        return cannot(request, viewer, SIGNED, 200 if request.method == "GET" else 409)
    return Writer(viewer, assessment, participant)


def informant(
    request: HttpRequest, viewer: Viewer, assessment_id: UUID
) -> Writer | HttpResponse:
    """A supporter who may tell the team what they know in this assessment,
    or the kind page saying why not: the person has their own words instead
    (403), a safeguarding hold is on (403, never saying so), the supporter is
    not taking part (403), or it is signed (200 to a GET, 409 to a POST).
    Http404 for an assessment outside their record. What the person shares
    does not matter: adding what they know shows them nothing."""
    assessment = viewer_assessment(viewer, assessment_id, request)
    supporter = viewer.supporter
    if supporter is None:
        return cannot(request, viewer, FOR_SUPPORTERS, 403)
    if supporter_scope(supporter).held:
        return cannot(request, viewer, HELD.format(name=viewer.person.called), 403)
    participant = viewers_participant(assessment, viewer.code)
    if participant is None:
        return cannot(request, viewer, NOT_TAKING_PART, 403)
    if assessment.status == Status.SIGNED:
        return cannot(request, viewer, SIGNED, 200 if request.method == "GET" else 409)
    return Writer(viewer, assessment, participant)


def supporter_refusal(viewer: Viewer, category: str | None) -> str:
    """Why this viewer may not write here as a supporter ("" for the person,
    or a supporter the person shares `category` with now)."""
    supporter = viewer.supporter
    if supporter is None:
        return ""
    name = viewer.person.called
    if category is None:
        return PERSON_ONLY.format(name=name)
    if not supporter_scope(supporter).allows(category):
        return NOT_SHARED.format(name=name)
    return ""


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
