"""The assessment pages. Thin: the policy loads and logs, a form validates, a service acts."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from coassess.accounts.models import User
from coassess.accounts.types import StaffRequest
from coassess.assessments import services
from coassess.assessments.access import assessment_record
from coassess.assessments.forms import (
    ABILITY_LABELS,
    CapacityForm,
    ConcernForm,
    ContributionForm,
    CorroborationForm,
    DisputeForm,
    KnownSourceForm,
    ParticipantForm,
    StartAssessmentForm,
)
from coassess.assessments.hosts import AssessmentHost
from coassess.assessments.models import Assessment, Contribution, ImmediateConcern
from coassess.assessments.presenters import contribution_sections
from coassess.assessments.queries import (
    AssessmentView,
    contribution_history,
    load_assessment_view,
)
from coassess.assessments.sections import BY_SLUG, PROMPTS, SECTIONS, Kind, Section
from coassess.core.exceptions import DomainError, VersionConflict
from coassess.core.http import safe_next
from coassess.decisions.presenters import DecisionShown, decisions_shown
from coassess.language.checker import check
from coassess.language.presenters import present_findings
from coassess.language.queries import team_ruleset
from coassess.language.rules import Audience
from coassess.referrals.access import referral_record
from coassess.referrals.models import Referral


def _context(assessment: Assessment, **extra: Any) -> dict[str, Any]:
    return {
        "assessment": assessment,
        "person": assessment.person,
        "sections": SECTIONS,
        **extra,
    }


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


@referral_record
@require_http_methods(["GET", "POST"])
def start_assessment(request: StaffRequest, referral: Referral) -> HttpResponse:
    if hasattr(referral, "assessment"):
        return redirect(
            "assessments:show_assessment", assessment_id=referral.assessment.pk
        )
    form = StartAssessmentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.start_assessment(
                actor=request.user,
                referral=referral,
                first_seen_at=form.cleaned_data["first_seen_at"],
                who_they_want_present=form.cleaned_data["who_they_want_present"],
            )
        except DomainError as exc:
            form.add_error("seen_time", str(exc))
        else:
            messages.success(
                request, "The assessment has started. Add who is taking part."
            )
            return redirect("assessments:participant_list", assessment_id=assessment.pk)
    return render(
        request,
        "assessments/start.jinja",
        {"form": form, "referral": referral, "person": referral.person},
    )


def _decided(view: AssessmentView) -> list[DecisionShown]:
    """The assessment's decisions with their outcomes and dissent (no positions hidden
    from a viewer are shown: only what sits beside an outcome)."""
    host = AssessmentHost(view.assessment, view.participants, view.capacity)
    return decisions_shown(host)


@assessment_record
def show_assessment(request: StaffRequest, assessment: Assessment) -> HttpResponse:
    """Every section and decision."""
    view = load_assessment_view(assessment)
    return render(
        request,
        "assessments/show.jinja",
        _context(
            assessment,
            view=view,
            by_section=contribution_sections(view),
            ability_labels=ABILITY_LABELS,
            decisions=_decided(view),
        ),
    )


@assessment_record
def print_assessment(request: StaffRequest, assessment: Assessment) -> HttpResponse:
    view = load_assessment_view(assessment)
    return render(
        request,
        "assessments/print.jinja",
        _context(
            assessment,
            view=view,
            by_section=contribution_sections(view),
            ability_labels=ABILITY_LABELS,
            decisions=_decided(view),
        ),
    )


def _contribution_conflict(
    exc: VersionConflict, form: ContributionForm
) -> dict[str, Any]:
    """Both versions, and the fields to carry if the writer keeps theirs or merges."""
    data = form.cleaned_data
    fields = [
        ("prompt", data["prompt"]),
        ("voice", data["voice"].pk),
        ("withheld_reason", data["withheld_reason"]),
    ]
    if data["own_words"]:
        fields.append(("own_words", "on"))
    return {
        "key": data["prompt"],
        "theirs": exc.current,
        "yours": data["text"],
        "fields": fields,
    }


def _concern_conflict(exc: VersionConflict, form: ConcernForm) -> dict[str, Any]:
    data = form.cleaned_data
    fields = [("raised_by", data["raised_by"].pk)] + [
        ("agreed_by", p.pk) for p in data["agreed_by"]
    ]
    return {"theirs": exc.current, "yours": data["text"], "fields": fields}


def _staff_of(assessment: Assessment) -> list[User]:
    return list(
        User.objects.filter(memberships__team=assessment.team, is_active=True).order_by(
            "first_name"
        )
    )


@assessment_record
@require_http_methods(["GET", "POST"])
def participant_list(request: StaffRequest, assessment: Assessment) -> HttpResponse:
    form = ParticipantForm(
        request.POST if request.method == "POST" else None,
        assessment=assessment,
        staff=_staff_of(assessment),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            participant = services.add_participant(
                actor=request.user,
                assessment=assessment,
                kind=data["kind"],
                expertise=data["expertise"],
                role_in_meeting=data["role_in_meeting"],
                supporter=data.get("supporter") or None,
                user=data.get("user") or None,
                name=data.get("name") or "",
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{participant.name} is taking part.")
            return redirect("assessments:participant_list", assessment_id=assessment.pk)
    view = load_assessment_view(assessment)
    return render(
        request,
        "assessments/participants.jinja",
        _context(assessment, view=view, form=form),
    )


ADD_FORMS = {
    Kind.CONCERNS: ConcernForm,
    Kind.KNOWN: KnownSourceForm,
    Kind.CORROBORATION: CorroborationForm,
    Kind.CAPACITY: CapacityForm,
}


def _blank_forms(assessment: Assessment, section: Section) -> dict[str, Any]:
    if section.kind == Kind.CONTRIBUTIONS:
        return {
            p.key: ContributionForm(
                assessment=assessment,
                auto_id=f"id_{p.key}_%s",
                initial={"prompt": p.key, "own_words": p.own_words_default},
            )
            for p in section.prompts
        }
    form_class = ADD_FORMS[section.kind]
    kwargs = {"assessment": assessment} if form_class is ConcernForm else {}
    return {"add": form_class(**kwargs)}


def _save_section_entry(
    request: StaffRequest, assessment: Assessment, section: Section, form: Any
) -> Any:
    """Call the service for this section's kind. Returns what was saved."""
    data = form.cleaned_data
    actor = request.user
    if section.kind == Kind.CONTRIBUTIONS:
        if data.get("base"):
            base = get_object_or_404(
                Contribution, pk=data["base"], assessment=assessment
            )
            return services.revise_contribution(
                actor=actor,
                base=base,
                text=data["text"],
                voice=data["voice"],
                own_words=data["own_words"],
                withheld_reason=data["withheld_reason"],
            )
        return services.add_contribution(
            actor=actor,
            assessment=assessment,
            section=data["prompt"],
            voice=data["voice"],
            text=data["text"],
            own_words=data["own_words"],
            withheld_reason=data["withheld_reason"],
        )
    if section.kind == Kind.CONCERNS:
        return services.add_concern(
            actor=actor,
            assessment=assessment,
            text=data["text"],
            raised_by=data["raised_by"],
            agreed_by=list(data["agreed_by"]),
        )
    if section.kind == Kind.KNOWN:
        return services.add_known_source(
            actor=actor,
            assessment=assessment,
            source_type=data["source_type"],
            detail=data["detail"],
            what_it_said=data["what_it_said"],
            checked_at=data["checked_at"],
            limited_access=data["limited_access"],
        )
    if section.kind == Kind.CORROBORATION:
        return services.add_corroboration(
            actor=actor,
            assessment=assessment,
            informant_type=data["informant_type"],
            informant_name=data["informant_name"],
            what_they_said=data["what_they_said"],
            basis=data["basis"],
            basis_reason=data["basis_reason"],
        )
    return services.record_capacity(
        actor=actor, assessment=assessment, data=form.record_data()
    )


def _bound_form(
    request: StaffRequest, assessment: Assessment, section: Section
) -> tuple[str, Any]:
    if section.kind == Kind.CONTRIBUTIONS:
        key = request.POST.get("prompt", "")
        if key not in PROMPTS or PROMPTS[key][0] != section:
            raise Http404("No such part of this section.")
        return key, ContributionForm(
            request.POST, assessment=assessment, auto_id=f"id_{key}_%s"
        )
    form_class = ADD_FORMS[section.kind]
    kwargs = {"assessment": assessment} if form_class is ConcernForm else {}
    return "add", form_class(request.POST, **kwargs)


@assessment_record
@require_http_methods(["GET", "POST"])
def show_section(
    request: StaffRequest, assessment: Assessment, section: str
) -> HttpResponse:
    current = BY_SLUG.get(section)
    if current is None:
        raise Http404("No such section.")
    forms = _blank_forms(assessment, current)
    status = 200
    conflict = None
    if request.method == "POST":
        key, form = _bound_form(request, assessment, current)
        forms[key] = form
        if form.is_valid():
            try:
                saved = _save_section_entry(request, assessment, current, form)
            except VersionConflict as exc:
                conflict = _contribution_conflict(exc, form)
                status = 409
            except DomainError as exc:
                form.add_error(None, str(exc))
                status = 400
            else:
                if request.htmx:
                    return render(
                        request,
                        "assessments/_partials/saved.jinja",
                        {"key": key, "saved": saved},
                    )
                messages.success(request, "Saved.")
                return redirect(
                    _section_url(
                        assessment, current.slug, key.replace(".", "-"), saved=key
                    )
                )
        else:
            status = 400
        if request.htmx:
            partial = "conflict_status" if conflict else "not_saved"
            return render(
                request,
                f"assessments/_partials/{partial}.jinja",
                {"key": key, "form": form},
                status=status,
            )
    view = load_assessment_view(assessment)
    return render(
        request,
        "assessments/section.jinja",
        _context(
            assessment,
            view=view,
            section=current,
            forms=forms,
            conflict=conflict,
            by_section=contribution_sections(view),
            ability_labels=ABILITY_LABELS,
            wording=_wording_prompts(request, view, current),
            has_errors=status == 400,
        ),
        status=status,
    )


def _wording_prompts(
    request: StaffRequest, view: Any, section: Section
) -> dict[Any, Any]:
    """Language prompts for this section's saved entries (what no-JavaScript users see)."""
    ruleset = team_ruleset(
        request.user.membership.team if request.user.membership else None
    )
    prompts = {}
    for prompt in section.prompts:
        for entry in view.entries(prompt.key):
            found = check(entry.text, Audience.STAFF_RECORD, ruleset)
            if found:
                prompts[entry.pk] = present_findings(found, f"entry-{entry.pk}")
    return prompts


@assessment_record
@require_http_methods(["GET", "POST"])
def update_contribution(
    request: StaffRequest, assessment: Assessment, contribution_id: UUID
) -> HttpResponse:
    entry = get_object_or_404(
        Contribution.objects.select_related("voice"),
        pk=contribution_id,
        assessment=assessment,
    )
    section = PROMPTS[entry.section][0]
    if request.method == "GET" and not entry.is_current:
        # Opening an old version goes to the newest; saving over one is a conflict below.
        latest = Contribution.objects.get(lineage=entry.lineage, is_current=True)
        return redirect(
            "assessments:update_contribution",
            assessment_id=assessment.pk,
            contribution_id=latest.pk,
        )
    form = ContributionForm(
        request.POST if request.method == "POST" else None,
        assessment=assessment,
        initial={
            "prompt": entry.section,
            "base": entry.pk,
            "voice": entry.voice_id,
            "text": entry.text,
            "own_words": entry.own_words,
            "withheld_reason": entry.withheld_reason,
        },
    )
    conflict = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.revise_contribution(
                actor=request.user,
                base=entry,
                text=form.cleaned_data["text"],
                voice=form.cleaned_data["voice"],
                own_words=form.cleaned_data["own_words"],
                withheld_reason=form.cleaned_data["withheld_reason"],
            )
        except VersionConflict as exc:
            conflict = _contribution_conflict(exc, form)
            status = 409
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, "Saved as a new version. The earlier one is kept."
            )
            return redirect(
                _section_url(assessment, section.slug, entry.section.replace(".", "-"))
            )
    return render(
        request,
        "assessments/update_contribution.jinja",
        _context(
            assessment,
            entry=entry,
            section=section,
            prompt=PROMPTS[entry.section][1],
            form=form,
            conflict=conflict,
        ),
        status=status,
    )


@assessment_record
@require_http_methods(["GET", "POST"])
def dispute_contribution(
    request: StaffRequest, assessment: Assessment, contribution_id: UUID
) -> HttpResponse:
    entry = get_object_or_404(
        Contribution.objects.select_related("voice"),
        pk=contribution_id,
        assessment=assessment,
    )
    form = DisputeForm(
        request.POST if request.method == "POST" else None, assessment=assessment
    )
    if request.method == "POST" and form.is_valid():
        services.dispute_contribution(
            actor=request.user,
            contribution=entry,
            disputer=form.cleaned_data["disputer"],
            account=form.cleaned_data["account"],
        )
        messages.success(request, "Their disagreement is recorded beside the entry.")
        return redirect(
            _section_url(
                assessment,
                PROMPTS[entry.section][0].slug,
                entry.section.replace(".", "-"),
            )
        )
    return render(
        request,
        "assessments/dispute.jinja",
        _context(assessment, entry=entry, form=form),
    )


@assessment_record
def show_history(
    request: StaffRequest, assessment: Assessment, lineage: UUID
) -> HttpResponse:
    versions = contribution_history(assessment, lineage)
    if not versions:
        raise Http404("No such entry.")
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
        request.POST if request.method == "POST" else None,
        assessment=assessment,
        initial={
            "base": concern.pk,
            "text": concern.text,
            "raised_by": concern.raised_by_id,
            "agreed_by": list(concern.agreed_by.all()),
        },
    )
    conflict = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.revise_concern(
                actor=request.user,
                base=concern,
                text=form.cleaned_data["text"],
                agreed_by=list(form.cleaned_data["agreed_by"]),
            )
        except VersionConflict as exc:
            conflict = _concern_conflict(exc, form)
            status = 409
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, "The concern is updated. The earlier version is kept."
            )
            return redirect(_section_url(assessment, "concerns"))
    return render(
        request,
        "assessments/update_concern.jinja",
        _context(assessment, concern=concern, form=form, conflict=conflict),
        status=status,
    )


@assessment_record
@require_POST
def keep_theirs(request: StaffRequest, assessment: Assessment) -> HttpResponse:
    """After a conflict, the writer chose the other version: nothing to save."""
    messages.info(request, "You kept the other version. Your text was not saved.")
    return redirect(
        safe_next(request, "back")
        or reverse(
            "assessments:show_assessment", kwargs={"assessment_id": assessment.pk}
        )
    )
