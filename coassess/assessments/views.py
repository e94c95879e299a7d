"""The assessment pages. Thin: the policy loads and logs, a form validates, a
service acts (`core.flow`); each section kind says how it is shown and saved
(`kinds`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from coassess.accounts.types import StaffRequest
from coassess.assessments import queries, services
from coassess.assessments.access import assessment_record
from coassess.assessments.forms import (
    ABILITY_LABELS,
    ConcernForm,
    ContributionForm,
    DisputeForm,
    EntryDraftForm,
    ParticipantDetailsForm,
    ParticipantForm,
    StartAssessmentForm,
    WithholdForm,
    participant_details_initial,
)
from coassess.assessments.hosts import AssessmentHost
from coassess.assessments.kinds import KINDS, save_entry
from coassess.assessments.marks import marks_for
from coassess.assessments.models import (
    Assessment,
    Contribution,
    Corroboration,
    ImmediateConcern,
    Participant,
)
from coassess.assessments.presenters import (
    assessment_page,
    concern_conflict,
    contribution_sections,
    entry_conflict,
    new_from_device,
    structured_words,
    when_seen,
    wording_prompts,
)
from coassess.assessments.sections import BY_SLUG, PROMPTS, Section
from coassess.core.exceptions import DomainError, VersionConflict
from coassess.core.flow import Done, form_page, posted
from coassess.core.http import safe_next
from coassess.core.text import TEXT_LIMIT
from coassess.decisions.presenters import decisions_shown
from coassess.referrals.access import referral_record
from coassess.referrals.models import Referral


def _context(assessment: Assessment, **extra: Any) -> dict[str, Any]:
    return assessment_page(assessment, kinds=KINDS, **extra)


def _section_url(
    assessment: Assessment, slug: str, anchor: str = "", saved: str = ""
) -> str:
    """The section page; `saved` tells the page's draft keeper the server has the text."""
    url = reverse(
        "assessments:show_section",
        kwargs={"assessment_id": assessment.pk, "section": slug},
    )
    if saved:
        url += f"?{urlencode({'saved': saved})}"
    return f"{url}#{anchor}" if anchor else url


def _whole(assessment: Assessment) -> dict[str, Any]:
    """Everything the whole-assessment and printable pages show."""
    view = queries.load_assessment_view(assessment)
    view.marks = marks_for(assessment)
    host = AssessmentHost(assessment, view.participants, view.capacity)
    return _context(
        assessment,
        view=view,
        by_section=contribution_sections(view),
        ability_labels=ABILITY_LABELS,
        decisions=decisions_shown(host),
        seen=when_seen(assessment),
    )


EntryView = Callable[[StaffRequest, Assessment, Contribution], HttpResponse]


def with_entry(view: EntryView) -> Callable[..., HttpResponse]:
    """Pass the view the entry (any version) named by `contribution_id`, if it
    is part of the assessment; 404 otherwise."""

    @wraps(view)
    def wrapper(
        request: StaffRequest, assessment: Assessment, contribution_id: UUID
    ) -> HttpResponse:
        entry = get_object_or_404(
            Contribution.objects.select_related("voice"),
            pk=contribution_id,
            assessment=assessment,
        )
        return view(request, assessment, entry)

    return wrapper


@referral_record
@require_http_methods(["GET", "POST"])
def start_assessment(request: StaffRequest, referral: Referral) -> HttpResponse:
    if hasattr(referral, "assessment"):
        return redirect(
            "assessments:show_assessment", assessment_id=referral.assessment.pk
        )

    def save(data: dict[str, Any]) -> Done:
        assessment = services.start_assessment(
            actor=request.user,
            referral=referral,
            first_seen_at=data["first_seen_at"],
            who_they_want_present=data["who_they_want_present"],
            role_in_meeting=data["role_in_meeting"],
        )
        return Done(
            "The assessment has started. Add who is taking part.",
            reverse("assessments:participant_list", args=[assessment.pk]),
        )

    return form_page(
        request,
        StartAssessmentForm(posted(request)),
        "assessments/start.jinja",
        save,
        context={"referral": referral, "person": referral.person},
        error_field="seen_time",
    )


@assessment_record
@require_safe
def show_assessment(request: StaffRequest, assessment: Assessment) -> HttpResponse:
    """Every section and decision, read from the database now, with what came
    from the person's (or a supporter's) own device since this member of
    staff last opened it."""
    page = _whole(assessment)
    page.update(new_from_device(request.user, assessment, page["view"]))
    return render(request, "assessments/show.jinja", page)


@assessment_record
@require_safe
def print_assessment(request: StaffRequest, assessment: Assessment) -> HttpResponse:
    return render(request, "assessments/print.jinja", _whole(assessment))


@assessment_record
@require_http_methods(["GET", "POST"])
def participant_list(request: StaffRequest, assessment: Assessment) -> HttpResponse:
    form = ParticipantForm(
        posted(request),
        assessment=assessment,
        staff=queries.staff_of(assessment.team),
    )

    def save(data: dict[str, Any]) -> Done:
        participant = services.add_participant(
            actor=request.user, assessment=assessment, **data
        )
        return Done(
            f"{participant.name} is taking part.",
            reverse("assessments:participant_list", args=[assessment.pk]),
        )

    return form_page(
        request,
        form,
        "assessments/participants.jinja",
        save,
        context=lambda: _context(
            assessment,
            view=queries.load_assessment_view(assessment),
            corrected=queries.corrected_participants(assessment),
        ),
    )


@assessment_record
@require_http_methods(["GET", "POST"])
def update_participant(
    request: StaffRequest, assessment: Assessment, participant_id: UUID
) -> HttpResponse:
    """Correct someone's part in the meeting, what they bring and how they join:
    a new version of their details, the earlier ones kept and listed."""
    participant = get_object_or_404(
        Participant, pk=participant_id, assessment=assessment
    )
    versions = queries.participant_versions(participant)
    initial = participant_details_initial(participant, versions[0].version_number)
    form = ParticipantDetailsForm(posted(request), initial=initial)

    def save(data: dict[str, Any]) -> Done:
        services.correct_participant(
            actor=request.user, participant=participant, **data
        )
        return Done(
            f"{participant.name}’s details are changed. The earlier ones are kept.",
            reverse("assessments:participant_list", args=[assessment.pk]),
        )

    return form_page(
        request,
        form,
        "assessments/update_participant.jinja",
        save,
        context=lambda: _context(
            assessment, participant=participant, versions=versions
        ),
        on_conflict=lambda exc: _details_conflict(request, exc),
    )


def _details_conflict(request: StaffRequest, exc: VersionConflict) -> dict[str, Any]:
    """Someone corrected the details first: their version beside what this
    writer typed, kept in a form now based on theirs, so saving again is a
    choice made having seen both."""
    data = request.POST.copy()
    data["based_on"] = str(exc.current.version_number)
    form = ParticipantDetailsForm(data)
    form.is_valid()
    return {"theirs": exc.current, "form": form}


@assessment_record
@require_http_methods(["GET", "POST"])
def show_section(
    request: StaffRequest, assessment: Assessment, section: str
) -> HttpResponse:
    """One section: its records and a form to add to it. The writer's own
    drafts are offered beside their forms (`?restore=<prompt>` puts one back
    in its box); autosave keeps drafts through `keep_entry_draft`, never here."""
    current = BY_SLUG.get(section)
    if current is None:
        raise Http404("No such section.")
    kind = KINDS[current.kind]
    forms = kind.blank_forms(assessment, current, request.user)
    key, form = "", next(iter(forms.values()))
    if request.method == "POST":
        key, form = kind.bound_form(request.POST, assessment, current)
        forms[key] = form

    def save(data: dict[str, Any]) -> Done:
        saved = kind.save(request.user, assessment, data)
        to = _section_url(assessment, current.slug, key.replace(".", "-"), key)
        return Done("Saved.", to, saved=saved)

    return form_page(
        request,
        form,
        "assessments/section.jinja",
        save,
        context=lambda: _section_page(request, assessment, current, forms),
        on_conflict=lambda exc: {"conflict": entry_conflict(exc, form)},
    )


def _offer_drafts(
    request: StaffRequest, assessment: Assessment, forms: dict[str, Any]
) -> dict[str, Any]:
    """The viewer's drafts of these entry forms, by prompt key; the one named by
    `?restore=` is put back in its (unbound) form's box."""
    entry_forms = [k for k, f in forms.items() if isinstance(f, ContributionForm)]
    if not entry_forms:
        return {}
    offered = queries.entry_drafts(request.user, assessment, entry_forms)
    restore = request.GET.get("restore", "")
    if restore in offered and not forms[restore].is_bound:
        forms[restore].initial["text"] = offered[restore].text
    return offered


def _section_page(
    request: StaffRequest,
    assessment: Assessment,
    section: Section,
    forms: dict[str, Any],
) -> dict[str, Any]:
    view = queries.load_assessment_view(assessment)
    view.marks = marks_for(assessment)
    return _context(
        assessment,
        view=view,
        section=section,
        kind=KINDS[section.kind],
        drafts=_offer_drafts(request, assessment, forms),
        restored=request.GET.get("restore", ""),
        forms=forms,
        by_section=contribution_sections(view),
        ability_labels=ABILITY_LABELS,
        wording=wording_prompts(request.user, view, section),
    )


@assessment_record
@require_http_methods(["GET", "POST"])
@with_entry
def update_contribution(
    request: StaffRequest, assessment: Assessment, entry: Contribution
) -> HttpResponse:
    if request.method == "GET" and not entry.is_current:
        # Opening an old version goes to the newest; saving over one is a conflict.
        latest = queries.current_version(entry).pk
        return redirect("assessments:update_contribution", assessment.pk, latest)
    section = PROMPTS[entry.section][0]
    form = ContributionForm(
        posted(request), assessment=assessment, initial=_entry_initial(entry)
    )

    def save(data: dict[str, Any]) -> Done:
        save_entry(request.user, assessment, {**data, "base": entry.pk})
        anchor = entry.section.replace(".", "-")
        return Done(
            "Saved as a new version. The earlier one is kept.",
            _section_url(assessment, section.slug, anchor),
        )

    return form_page(
        request,
        form,
        "assessments/update_contribution.jinja",
        save,
        context=lambda: _context(
            assessment,
            entry=entry,
            section=section,
            prompt=PROMPTS[entry.section][1],
            **_revision_draft(request, assessment, entry, form),
        ),
        on_conflict=lambda exc: {"conflict": entry_conflict(exc, form)},
    )


def _revision_draft(
    request: StaffRequest, assessment: Assessment, entry: Contribution, form: Any
) -> dict[str, Any]:
    """The viewer's own draft of a new version of `entry`, offered; with
    `?restore=1` it is put back in the (unbound) form's box."""
    offered = queries.entry_drafts(
        request.user, assessment, [entry.section], entry.pk
    ).get(entry.section)
    restored = offered is not None and request.GET.get("restore") == "1"
    if restored and offered is not None and not form.is_bound:
        form.initial["text"] = offered.text
    return {"offered": offered, "restored": restored}


def _entry_initial(entry: Contribution) -> dict[str, Any]:
    return {
        "prompt": entry.section,
        "base": entry.pk,
        "voice": entry.voice_id,
        "text": entry.text,
        "own_words": entry.own_words,
        "withheld_reason": entry.withheld_reason,
    }


@assessment_record
@require_http_methods(["GET", "POST"])
@with_entry
def dispute_contribution(
    request: StaffRequest, assessment: Assessment, entry: Contribution
) -> HttpResponse:

    def save(data: dict[str, Any]) -> Done:
        services.dispute_entry(actor=request.user, entry=entry, **data)
        slug = PROMPTS[entry.section][0].slug
        return Done(
            "Their disagreement is recorded beside the entry.",
            _section_url(assessment, slug, entry.section.replace(".", "-")),
        )

    return form_page(
        request,
        DisputeForm(posted(request), assessment=assessment, writer=request.user),
        "assessments/dispute.jinja",
        save,
        context=_context(assessment, entry=entry),
    )


@assessment_record
@require_http_methods(["GET", "POST"])
def dispute_item(
    request: StaffRequest, assessment: Assessment, kind: str, entry_id: UUID
) -> HttpResponse:
    """Record someone's disagreement with a structured entry (a concern, a
    source checked, what someone else told us, a capacity assessment), kept
    beside it; taken after signing too."""
    item = queries.structured_in(assessment, kind, entry_id)
    if item is None:
        raise Http404("No such entry.")
    what, words, slug = structured_words(item)

    def save(data: dict[str, Any]) -> Done:
        services.dispute_entry(actor=request.user, entry=item, **data)
        return Done(
            "Their disagreement is recorded beside the entry.",
            _section_url(assessment, slug, f"{kind}-{item.pk}"),
        )

    return form_page(
        request,
        DisputeForm(posted(request), assessment=assessment, writer=request.user),
        "assessments/dispute.jinja",
        save,
        context=_context(assessment, what=what, words=words),
    )


@assessment_record
@require_safe
def show_history(
    request: StaffRequest, assessment: Assessment, lineage: UUID
) -> HttpResponse:
    versions = queries.contribution_history(assessment, lineage)
    if not versions:
        told = queries.corroboration_history(assessment, lineage)
        if not told:
            raise Http404("No such entry.")
        return render(
            request,
            "assessments/history_told.jinja",
            _context(assessment, versions=list(reversed(told))),
        )
    return render(
        request,
        "assessments/history.jinja",
        _context(
            assessment,
            versions=list(reversed(versions)),
            prompt=PROMPTS[versions[0].section][1],
        ),
    )


@assessment_record
@require_http_methods(["GET", "POST"])
def update_concern(
    request: StaffRequest, assessment: Assessment, concern_id: UUID
) -> HttpResponse:
    concern = get_object_or_404(ImmediateConcern, pk=concern_id, assessment=assessment)
    form = ConcernForm(
        posted(request),
        assessment=assessment,
        initial={
            "base": concern.pk,
            "text": concern.text,
            "raised_by": concern.raised_by_id,
            "agreed_by": list(concern.agreed_by.all()),
        },
    )

    def save(data: dict[str, Any]) -> Done:
        services.revise_concern(
            actor=request.user,
            base=concern,
            text=data["text"],
            agreed_by=list(data["agreed_by"]),
        )
        return Done(
            "The concern is updated. The earlier version is kept.",
            _section_url(assessment, "concerns"),
        )

    return form_page(
        request,
        form,
        "assessments/update_concern.jinja",
        save,
        context=_context(assessment, concern=concern),
        on_conflict=lambda exc: {"conflict": concern_conflict(exc, form)},
    )


@assessment_record
@require_http_methods(["GET", "POST"])
def who_sees_corroboration(
    request: StaffRequest, assessment: Assessment, corroboration_id: UUID
) -> HttpResponse:
    """Whether the person can see one corroboration, or the lawful reason it is
    kept from them (the same field as an entry's), saved as a new version."""
    item = get_object_or_404(Corroboration, pk=corroboration_id, assessment=assessment)
    form = WithholdForm(
        posted(request),
        initial={"withheld_reason": item.withheld_reason, "based_on": item.pk},
    )

    def save(data: dict[str, Any]) -> Done:
        services.withhold_corroboration(
            actor=request.user,
            base=item,
            withheld_reason=data["withheld_reason"],
        )
        return Done(
            "Saved. The earlier version is kept.",
            _section_url(assessment, "corroboration"),
        )

    return form_page(
        request,
        form,
        "assessments/who_sees_corroboration.jinja",
        save,
        context=_context(assessment, item=item),
    )


@assessment_record
@require_POST
def keep_entry_draft(request: StaffRequest, assessment: Assessment) -> HttpResponse:
    """Autosave (htmx, on leaving an entry box): keep the words as the writer's
    own draft, never as an entry, and answer with a status line saying so."""
    form = EntryDraftForm(request.POST)
    if not form.is_valid():
        return HttpResponse("Not kept: this form is not one we know.", status=400)
    data = form.cleaned_data
    try:
        draft = services.keep_entry_draft(
            actor=request.user,
            assessment=assessment,
            prompt=data["prompt"],
            base=data["base"],
            text=data["text"],
        )
    except DomainError as exc:
        return render(
            request,
            "assessments/_partials/draft_kept.jinja",
            {"key": data["prompt"], "base": data["base"], "refused": str(exc)},
            status=400,
        )
    return render(
        request,
        "assessments/_partials/draft_kept.jinja",
        {
            "key": data["prompt"],
            "base": data["base"],
            "draft": draft,
            "text_limit": TEXT_LIMIT,
        },
    )


@assessment_record
@require_POST
def discard_entry_draft(request: StaffRequest, assessment: Assessment) -> HttpResponse:
    """Throw away the writer's own draft of an entry form, then go back to it."""
    form = EntryDraftForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        services.discard_entry_draft(
            actor=request.user,
            assessment=assessment,
            prompt=data["prompt"],
            base=data["base"],
        )
        messages.info(request, "Your unsaved words are thrown away.")
    return redirect(
        safe_next(request, "back")
        or reverse("assessments:show_assessment", args=[assessment.pk])
    )


@assessment_record
@require_POST
def keep_theirs(request: StaffRequest, assessment: Assessment) -> HttpResponse:
    """After a conflict, the writer chose the other version: nothing to save."""
    messages.info(request, "You kept the other version. Your text was not saved.")
    return redirect(
        safe_next(request, "back")
        or reverse("assessments:show_assessment", args=[assessment.pk])
    )


@assessment_record
@require_safe
def moved_person_copy(
    request: StaffRequest, assessment: Assessment, pdf: bool = False
) -> HttpResponse:
    """The person's copy's earlier address: it belongs to the plan now."""
    name = "plans:person_copy_pdf" if pdf else "plans:person_copy"
    return redirect(name, assessment.pk, permanent=True)
