"""What the person writes into their own record from their own device: their
own words, disagreements, positions on decisions and plan actions, their
crisis plan, and agreeing (or not) with the plan.

Every page is for a viewer signed in with a code (`viewer_page`), works
without JavaScript, and goes through `core.flow.form_page`: each save is one
service of the app that owns the record, called with the viewer's code as
the author, which logs it (`record_viewer_access`) in its transaction.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods, require_safe

from coassess.assessments import services as assessment_services
from coassess.assessments.hosts import AssessmentHost
from coassess.assessments.models import Contribution, Corroboration, WithheldReason
from coassess.assessments.queries import Structured
from coassess.assessments.sections import BY_SLUG
from coassess.core.flow import Done, form_page, posted
from coassess.decisions.models import Decision
from coassess.people.viewer import Viewer, viewer_page
from coassess.plans import services as plan_services
from coassess.plans.forms import contingency_initial
from coassess.plans.models import Action
from coassess.plans.presenters import contingency_conflict, rebased
from coassess.portal.writing import pages
from coassess.portal.writing.forms import (
    ChangeToldForm,
    ConfirmForm,
    DisputeForm,
    OwnContingencyForm,
    OwnWordsForm,
    TakeBackForm,
    TellUsForm,
)
from coassess.portal.writing.writers import (
    Writer,
    cannot,
    informant,
    viewer_assessment,
    writer,
)

GET_POST = require_http_methods(["GET", "POST"])


@require_safe
@viewer_page
def your_say(request: HttpRequest, viewer: Viewer, assessment_id: UUID) -> HttpResponse:
    """Everything the viewer can add to this assessment, and what they have."""
    assessment = viewer_assessment(viewer, assessment_id, request)
    return render(
        request,
        "portal/writing/your_say.jinja",
        pages.your_say(viewer, assessment),
    )


@GET_POST
@viewer_page
def add_own_words(
    request: HttpRequest, viewer: Viewer, assessment_id: UUID, section: str
) -> HttpResponse:
    """The viewer's own account, in their own words, in one section (any
    section: a structured one has one part, its own-words prompt)."""
    found = BY_SLUG.get(section)
    if found is None:
        raise Http404("No such part")
    w = writer(request, viewer, assessment_id)
    if isinstance(w, HttpResponse):
        return w
    form = OwnWordsForm(posted(request), section=found)

    def save(data: dict[str, Any]) -> Done:
        assessment_services.add_contribution(
            actor=viewer.code,
            assessment=w.assessment,
            section=data["prompt"],
            voice=w.participant,
            text=data["text"],
            own_words=True,
        )
        return Done(pages.SAVED_WORDS, pages.your_say_url(w.assessment))

    context = {"viewer": viewer, "assessment": w.assessment, "section": found}
    return form_page(
        request, form, "portal/writing/own_words.jinja", save, context=context
    )


@GET_POST
@viewer_page
def dispute_entry(
    request: HttpRequest, viewer: Viewer, assessment_id: UUID, entry_id: UUID
) -> HttpResponse:
    """Say the viewer disagrees with an entry: it stays, with this beside it.
    Still taken once the assessment is signed."""
    w = writer(request, viewer, assessment_id, after_signing=True)
    if isinstance(w, HttpResponse):
        return w
    entry = pages.entry_shown_to(w, entry_id)
    return _dispute_page(request, w, entry, pages.entry_context(w, entry))


@GET_POST
@viewer_page
def dispute_item(
    request: HttpRequest, viewer: Viewer, assessment_id: UUID, kind: str, entry_id: UUID
) -> HttpResponse:
    """Say the viewer disagrees with a structured entry (a concern, a source
    checked, what someone else told us, a capacity record): it stays, with
    this beside it. Still taken once the assessment is signed."""
    w = writer(request, viewer, assessment_id, after_signing=True)
    if isinstance(w, HttpResponse):
        return w
    item = pages.item_shown_to(w, kind, entry_id)
    return _dispute_page(request, w, item, pages.item_context(w, item))


def _dispute_page(
    request: HttpRequest,
    w: Writer,
    entry: Contribution | Structured,
    context: dict[str, Any],
) -> HttpResponse:
    """The one form and save behind both dispute pages: the writer's
    disagreement with `entry`, from their own device."""

    def save(data: dict[str, Any]) -> Done:
        assessment_services.dispute_entry(
            actor=w.viewer.code,
            entry=entry,
            disputer=w.participant,
            account=data["account"],
        )
        return Done(pages.SAVED_DISPUTE, pages.your_say_url(w.assessment))

    return form_page(
        request,
        DisputeForm(posted(request)),
        "portal/writing/dispute.jinja",
        save,
        context=context,
    )


@GET_POST
@viewer_page
def give_position(
    request: HttpRequest, viewer: Viewer, assessment_id: UUID, decision_id: UUID
) -> HttpResponse:
    """The viewer's position, and what matters to them, on each option of one
    of the assessment's decisions, through the engine's form and service."""
    w = writer(request, viewer, assessment_id, supporters="decisions")
    if isinstance(w, HttpResponse):
        return w
    host = AssessmentHost(w.assessment)
    decision = get_object_or_404(
        Decision,
        pk=decision_id,
        context_type=host.context_type,
        context_id=host.context_id,
    )
    return pages.positions_page(
        request, w, host, decision, list(decision.options.all()), may_decline=True
    )


@GET_POST
@viewer_page
def plan_position(
    request: HttpRequest, viewer: Viewer, assessment_id: UUID, action_id: UUID
) -> HttpResponse:
    """The viewer's position on one action of the plan, through the engine."""
    w = writer(request, viewer, assessment_id, supporters="plan")
    if isinstance(w, HttpResponse):
        return w
    action = get_object_or_404(
        Action.objects.select_related("plan", "option"),
        pk=action_id,
        plan__assessment=w.assessment,
    )
    host = pages.plan_host(w, action.plan)
    decision = action.plan.actions_decision
    return pages.positions_page(request, w, host, decision, [action.option])


@GET_POST
@viewer_page
def contingency(
    request: HttpRequest, viewer: Viewer, assessment_id: UUID
) -> HttpResponse:
    """The person's crisis plan ("if things get worse"), in their own words.
    A change saved meanwhile by someone else is shown beside theirs."""
    w = writer(request, viewer, assessment_id)
    if isinstance(w, HttpResponse):
        return w
    plan = pages.plan_of(request, w)
    if isinstance(plan, HttpResponse):
        return plan
    form = OwnContingencyForm(posted(request), initial=contingency_initial(plan))

    def save(data: dict[str, Any]) -> Done:
        plan_services.update_contingency(
            actor=viewer.code, plan=plan, data=data, based_on_version=data["based_on"]
        )
        return Done(pages.SAVED_CONTINGENCY, pages.your_say_url(w.assessment))

    return form_page(
        request,
        form,
        "portal/writing/contingency.jinja",
        save,
        context={"viewer": viewer, "assessment": w.assessment},
        on_conflict=lambda exc: {
            "conflict": contingency_conflict(exc.current, form),
            "form": rebased(OwnContingencyForm, request.POST, exc.current.version),
        },
    )


@GET_POST
@viewer_page
def confirm_plan(
    request: HttpRequest, viewer: Viewer, assessment_id: UUID
) -> HttpResponse:
    """Say whether the viewer agrees with the plan as it is now, or which part
    they do not agree with, and why."""
    w = writer(request, viewer, assessment_id, supporters="plan")
    if isinstance(w, HttpResponse):
        return w
    plan = pages.plan_of(request, w)
    if isinstance(plan, HttpResponse):
        return plan

    def save(data: dict[str, Any]) -> Done:
        plan_services.confirm_plan(
            actor=viewer.code,
            plan=plan,
            participant=w.participant,
            meaning=data["meaning"],
            reason=data["reason"],
        )
        return Done(pages.SAVED_CONFIRMATION, pages.your_say_url(w.assessment))

    return form_page(
        request,
        ConfirmForm(posted(request)),
        "portal/writing/confirm_plan.jinja",
        save,
        context=lambda: pages.confirm_context(w, plan),
    )


@GET_POST
@viewer_page
def tell_us(request: HttpRequest, viewer: Viewer, assessment_id: UUID) -> HttpResponse:
    """A supporter tells the team what they know, in their own words (saved as
    corroborative information from their own device), and sees what they
    have told us so far."""
    w = informant(request, viewer, assessment_id)
    if isinstance(w, HttpResponse):
        return w
    form = TellUsForm(posted(request), called=viewer.person.called)

    def save(data: dict[str, Any]) -> Done:
        assessment_services.add_corroboration(
            actor=viewer.code,
            assessment=w.assessment,
            topic=data["topic"],
            what_they_said=data["text"],
            withheld_reason=WithheldReason.THIRD_PARTY if data["in_confidence"] else "",
        )
        return Done(pages.SAVED_INFORMATION, pages.tell_us_url(w.assessment))

    return form_page(
        request,
        form,
        "portal/writing/tell_us.jinja",
        save,
        context=lambda: pages.told_context(w),
    )


def _own_told(
    request: HttpRequest, viewer: Viewer, assessment_id: UUID, lineage: UUID
) -> tuple[Writer, Corroboration] | HttpResponse:
    """The supporter writing and what they told us (`lineage`), or the page
    saying why not: refused as `tell_us` is (`informant`), not found for what
    anyone else told us (`pages.own_told`), and, to a GET, the kind page for
    what they have already taken back (the service refuses a POST)."""
    w = informant(request, viewer, assessment_id)
    if isinstance(w, HttpResponse):
        return w
    item = pages.own_told(w, lineage)
    if item.withdrawn and request.method == "GET":
        return cannot(request, viewer, pages.TAKEN_BACK_ALREADY, 200)
    return w, item


@GET_POST
@viewer_page
def change_told(
    request: HttpRequest, viewer: Viewer, assessment_id: UUID, lineage: UUID
) -> HttpResponse:
    """A supporter changes what they told the team from their own device: a
    new version (the team keeps the earlier). Refused as `tell_us` is; what
    anyone else told us is not found. A form made from an older version gets
    the newest beside what was typed (409)."""
    found = _own_told(request, viewer, assessment_id, lineage)
    if isinstance(found, HttpResponse):
        return found
    w, item = found
    called = viewer.person.called
    start = {"topic": item.topic, "text": item.what_they_said, "based_on": item.pk}
    form = ChangeToldForm(posted(request), called=called, initial=start)

    def save(data: dict[str, Any]) -> Done:
        assessment_services.change_offered(
            actor=viewer.code,
            base=pages.version_seen(item, data["based_on"]),
            topic=data["topic"],
            what_they_said=data["text"],
        )
        return Done(pages.SAVED_CHANGE, pages.tell_us_url(w.assessment))

    return form_page(
        request,
        form,
        "portal/writing/change_told.jinja",
        save,
        context={"viewer": viewer, "assessment": w.assessment, "called": called},
        on_conflict=lambda exc: pages.told_conflict(exc, request, called),
    )


@GET_POST
@viewer_page
def take_back_told(
    request: HttpRequest, viewer: Viewer, assessment_id: UUID, lineage: UUID
) -> HttpResponse:
    """A supporter takes back what they told the team from their own device:
    never deleted, a new version marked as taken back (staff still read it;
    the person is told only that it was taken back). Refused as `tell_us`
    is; what anyone else told us is not found; a form made from an older
    version gets the newest (409)."""
    found = _own_told(request, viewer, assessment_id, lineage)
    if isinstance(found, HttpResponse):
        return found
    w, item = found

    def save(data: dict[str, Any]) -> Done:
        assessment_services.withdraw_offered(
            actor=viewer.code, base=pages.version_seen(item, data["based_on"])
        )
        return Done(pages.SAVED_TAKE_BACK, pages.tell_us_url(w.assessment))

    context = {"viewer": viewer, "assessment": w.assessment, "item": item}
    return form_page(
        request,
        TakeBackForm(posted(request), initial={"based_on": item.pk}),
        "portal/writing/take_back.jinja",
        save,
        context={**context, "called": viewer.person.called},
        on_conflict=lambda exc: {"conflict": exc.current},
    )
