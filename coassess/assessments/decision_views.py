"""Decision pages in an assessment. Thin: the policy loads and logs, a form
validates, a service in `assessments.decisions` acts, and the page redirects."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from coassess.accounts.models import User
from coassess.accounts.types import StaffRequest
from coassess.assessments import decisions
from coassess.assessments.access import assessment_record
from coassess.assessments.decision_forms import (
    DecisionForm,
    OptionForm,
    OutcomeForm,
    PositionsForm,
    RewordForm,
    ViewAsForm,
    current_answers,
)
from coassess.assessments.decision_presenters import (
    DecisionShown,
    earlier_wordings,
    present_decision,
    present_decisions,
    present_history,
)
from coassess.assessments.models import (
    Assessment,
    CapacityAssessment,
    Participant,
    ParticipantKind,
)
from coassess.assessments.sections import SECTIONS
from coassess.core.exceptions import DomainError, VersionConflict
from coassess.decisions.models import (
    DecidingRule,
    Decision,
    Option,
    OptionWording,
    Position,
)
from coassess.decisions.queries import position_history


def _context(assessment: Assessment, **extra: Any) -> dict[str, Any]:
    return {
        "assessment": assessment,
        "person": assessment.person,
        "sections": SECTIONS,
        **extra,
    }


def _people(assessment: Assessment) -> list[Participant]:
    return list(Participant.objects.filter(assessment=assessment).order_by("joined_at"))


def _capacity(assessment: Assessment) -> list[CapacityAssessment]:
    return list(
        CapacityAssessment.objects.filter(assessment=assessment, is_current=True)
    )


def _own(user: User, people: list[Participant]) -> Participant | None:
    return next((p for p in people if p.user_id == user.pk), None)


def _decision(assessment: Assessment, decision_id: UUID) -> Decision:
    return get_object_or_404(
        Decision,
        pk=decision_id,
        context_type=decisions.CONTEXT_TYPE,
        context_id=assessment.pk,
    )


def _decision_url(assessment: Assessment, decision: Decision, anchor: str = "") -> str:
    url = reverse(
        "assessments:show_decision",
        kwargs={"assessment_id": assessment.pk, "decision_id": decision.pk},
    )
    return f"{url}#{anchor}" if anchor else url


def _shown(
    assessment: Assessment,
    decision: Decision,
    people: list[Participant],
    viewer: Participant | None,
    wordings: list[OptionWording] | None = None,
) -> DecisionShown:
    views = decisions.decisions_of(assessment, people, viewer.pk if viewer else None)
    view = next(v for v in views if v.decision.pk == decision.pk)
    return present_decision(
        view,
        people,
        _capacity(assessment),
        earlier_wordings(wordings or [], view.options),
    )


@assessment_record
def decision_list(request: StaffRequest, assessment: Assessment) -> HttpResponse:
    """Each decision's question, outcome, dissent and who has yet to answer.
    (Positions hidden until a viewer gives theirs are only on a decision's own page.)"""
    people = _people(assessment)
    views = decisions.decisions_of(assessment, people, viewer=None)
    return render(
        request,
        "assessments/decisions.jinja",
        _context(
            assessment,
            decisions=present_decisions(views, people, _capacity(assessment)),
            form=DecisionForm(),
        ),
    )


@assessment_record
@require_http_methods(["GET", "POST"])
def add_decision(request: StaffRequest, assessment: Assessment) -> HttpResponse:
    form = DecisionForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                decision = decisions.add_decision(
                    actor=request.user,
                    assessment=assessment,
                    question=form.cleaned_data["question"],
                )
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    "The question is added. Now add the options people suggest.",
                )
                return redirect(_decision_url(assessment, decision, "add-option"))
    return render(
        request,
        "assessments/add_decision.jinja",
        _context(assessment, form=form),
        status=status,
    )


@assessment_record
def show_decision(
    request: StaffRequest, assessment: Assessment, decision_id: UUID
) -> HttpResponse:
    decision = _decision(assessment, decision_id)
    people = _people(assessment)
    view_as = ViewAsForm(
        request.GET if "as" in request.GET else None, assessment=assessment
    )
    viewer = view_as.viewer() or _own(request.user, people)
    if not view_as.is_bound and viewer is not None:
        view_as.initial["as"] = viewer.pk
    wordings = list(OptionWording.objects.filter(option__decision=decision))
    shown = _shown(assessment, decision, people, viewer, wordings)
    history = position_history(decision)
    if shown.hiding:  # the history must not show what the grid hides
        history = [p for p in history if viewer and p.voice_key == viewer.pk]
    scribes = User.objects.in_bulk({p.recorded_by_id for p in history})
    return render(
        request,
        "assessments/decision.jinja",
        _context(
            assessment,
            shown=shown,
            viewer=viewer,
            view_as=view_as,
            history=present_history(history, wordings, scribes, people),
            option_form=OptionForm(assessment=assessment),
        ),
    )


@assessment_record
@require_http_methods(["GET", "POST"])
def add_option(
    request: StaffRequest, assessment: Assessment, decision_id: UUID
) -> HttpResponse:
    decision = _decision(assessment, decision_id)
    form = OptionForm(
        request.POST if request.method == "POST" else None, assessment=assessment
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                decisions.add_option(
                    actor=request.user,
                    assessment=assessment,
                    decision=decision,
                    text=form.cleaned_data["text"],
                    proposer=form.cleaned_data["proposer"],
                )
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "The option is added.")
                return redirect(_decision_url(assessment, decision, "options"))
    return render(
        request,
        "assessments/add_option.jinja",
        _context(assessment, decision=decision, form=form),
        status=status,
    )


@assessment_record
@require_http_methods(["GET", "POST"])
def update_option(
    request: StaffRequest, assessment: Assessment, decision_id: UUID, option_id: UUID
) -> HttpResponse:
    decision = _decision(assessment, decision_id)
    option = get_object_or_404(Option, pk=option_id, decision=decision)
    option.decision = decision
    form = RewordForm(
        request.POST if request.method == "POST" else None,
        initial={"wording": option.wording, "text": option.text},
    )
    status, theirs = 200, None
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                decisions.reword_option(
                    actor=request.user,
                    assessment=assessment,
                    option=option,
                    text=form.cleaned_data["text"],
                    based_on_wording=form.cleaned_data["wording"],
                )
            except VersionConflict as exc:
                theirs, status = exc.current, 409
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    "The option is reworded. Everyone who gave a position on it "
                    "is asked again.",
                )
                return redirect(_decision_url(assessment, decision, "options"))
    return render(
        request,
        "assessments/update_option.jinja",
        _context(
            assessment, decision=decision, option=option, form=form, theirs=theirs
        ),
        status=status,
    )


def _chosen_voice(
    request: StaffRequest, people: list[Participant]
) -> tuple[Participant | None, bool]:
    """The voice named by `?voice=`, else the person (they speak first); and whether named."""
    wanted = request.GET.get("voice", "")
    named = next((p for p in people if str(p.pk) == wanted), None)
    if named is not None:
        return named, True
    return next((p for p in people if p.kind == ParticipantKind.PERSON), None), False


@assessment_record
@require_http_methods(["GET", "POST"])
def give_positions(
    request: StaffRequest, assessment: Assessment, decision_id: UUID
) -> HttpResponse:
    decision = _decision(assessment, decision_id)
    options = list(decision.options.all())
    people = _people(assessment)
    status = 200
    if request.method == "POST":
        form = PositionsForm(request.POST, assessment=assessment, options=options)
        status = 400
        if form.is_valid():
            voice = form.cleaned_data["voice"]
            try:
                saved = decisions.give_positions(
                    actor=request.user,
                    assessment=assessment,
                    decision=decision,
                    voice=voice,
                    answers=form.cleaned_data["answers"],
                )
            except decisions.PositionsRefused as exc:
                form.show_refusals(exc.errors)
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    f"{voice.name}’s position is recorded."
                    if saved
                    else f"Nothing changed: {voice.name}’s position is as it was.",
                )
                return redirect(_decision_url(assessment, decision, "voices"))
    else:
        voice, named = _chosen_voice(request, people)
        initial: dict[str, Any] = {"voice": voice.pk if voice else None}
        if named and voice is not None:
            initial.update(
                current_answers(
                    list(
                        Position.objects.filter(
                            decision=decision, voice_key=voice.pk, is_current=True
                        )
                    )
                )
            )
        form = PositionsForm(assessment=assessment, options=options, initial=initial)
    return render(
        request,
        "assessments/give_positions.jinja",
        _context(assessment, decision=decision, form=form),
        status=status,
    )


def _outcome_initial(shown: DecisionShown) -> dict[str, Any]:
    if shown.outcome is None:
        return {"based_on": None}
    o = shown.outcome.outcome
    return {
        "based_on": o.pk,
        "chosen": str(o.chosen_id),
        "deciding_rule": o.deciding_rule,
        "rationale": o.rationale,
        "values_weighed": o.values_weighed,
        "remaining_disagreements": o.remaining_disagreements,
        "how_respected": o.how_respected,
        "why_person_not_followed": o.why_person_not_followed,
        "capacity_record": str(o.capacity_record or ""),
    }


@assessment_record
@require_http_methods(["GET", "POST"])
def record_outcome(
    request: StaffRequest, assessment: Assessment, decision_id: UUID
) -> HttpResponse:
    decision = _decision(assessment, decision_id)
    people = _people(assessment)
    shown = _shown(assessment, decision, people, _own(request.user, people))
    capacity = _capacity(assessment)
    options = shown.view.options
    form = OutcomeForm(
        request.POST if request.method == "POST" else None,
        options=options,
        capacity=capacity,
        initial=_outcome_initial(shown),
    )
    status, conflict = 200, None
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                decisions.record_outcome(
                    actor=request.user,
                    assessment=assessment,
                    decision=decision,
                    chosen=data["chosen"],
                    deciding_rule=data["deciding_rule"],
                    rationale=data["rationale"],
                    values_weighed=data["values_weighed"],
                    based_on=data["based_on"],
                    remaining_disagreements=data["remaining_disagreements"],
                    how_respected=data["how_respected"],
                    review_at=data["review_at"],
                    why_person_not_followed=data["why_person_not_followed"],
                    capacity_record=data["capacity_record"],
                )
            except VersionConflict as exc:
                # Someone recorded an outcome since this form was opened: show theirs.
                shown = _shown(assessment, decision, people, _own(request.user, people))
                conflict, status = exc.current, 409
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "The outcome is recorded.")
                return redirect(_decision_url(assessment, decision, "outcome"))
    return render(
        request,
        "assessments/record_outcome.jinja",
        _context(
            assessment,
            decision=decision,
            shown=shown,
            form=form,
            conflict=conflict,
            rule_labels=dict(DecidingRule.choices),
        ),
        status=status,
    )
