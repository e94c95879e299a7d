"""The engine's pages, for any host. Each takes the host its URL wrapper made
(`decisions.urls.patterns`), after the host's access policy let the request in.
Thin: a form validates, a service in `decisions.services` acts, and the page
redirects (`core.flow`)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from coassess.accounts.models import User
from coassess.accounts.types import StaffRequest
from coassess.core.flow import Done, form_page, posted
from coassess.decisions import services
from coassess.decisions.forms import (
    DecisionForm,
    OptionForm,
    OutcomeForm,
    PersonFirstForm,
    PositionsForm,
    RewordForm,
    ViewAsForm,
    current_answers,
    dissenting_voices,
    outcome_initial,
)
from coassess.decisions.hosts import Host, is_open, page_url
from coassess.decisions.models import DecidingRule, Decision, Option, OptionWording
from coassess.decisions.presenters import (
    DecisionShown,
    decisions_shown,
    decline_shown,
    earlier_wordings,
    present_decision,
    present_history,
    speaking_first,
)
from coassess.decisions.queries import (
    current_positions,
    decision_views,
    position_history,
)
from coassess.decisions.rules import OutcomeRefused


def _decision(host: Host, decision_id: UUID) -> Decision:
    return get_object_or_404(
        Decision,
        pk=decision_id,
        context_type=host.context_type,
        context_id=host.context_id,
    )


def _page(host: Host, **extra: Any) -> dict[str, Any]:
    """The page's context: the host's, the host, and `is_open` (no form to
    add or change is offered once the host takes no changes)."""
    return {**host.page_context(), "host": host, "is_open": is_open(host), **extra}


def _shown(
    host: Host,
    decision: Decision,
    viewer: UUID | None,
    wordings: list[OptionWording] | None = None,
    *,
    reveal: bool = False,
) -> DecisionShown:
    """The decision as `viewer` may see it (`reveal`: every position, for
    whoever records the outcome)."""
    (view,) = decision_views(
        host.context_type, host.context_id, host.voices(), viewer, only=decision
    )
    return present_decision(
        view,
        host.capacity_records(),
        earlier_wordings(wordings or [], view.options),
        reveal=reveal,
    )


def _own_key(host: Host, user: User) -> UUID | None:
    own = host.own_voice(user)
    return own.key if own else None


def decision_list(request: StaffRequest, host: Host) -> HttpResponse:
    """Each decision's question, outcome, dissent and who has yet to answer.
    (Positions hidden until a viewer gives theirs are only on a decision's page.)"""
    return render(
        request,
        "decisions/decisions.jinja",
        _page(host, decisions=decisions_shown(host), form=DecisionForm()),
    )


def add_decision(request: StaffRequest, host: Host) -> HttpResponse:
    def save(data: dict[str, Any]) -> Done:
        decision = services.add_decision(actor=request.user, host=host, **data)
        return Done(
            "The question is added. Now add the options people suggest.",
            page_url(host, "show_decision", "add-option", decision_id=decision.pk),
        )

    return form_page(
        request,
        DecisionForm(posted(request)),
        "decisions/add_decision.jinja",
        save,
        context=_page(host),
    )


def show_decision(request: StaffRequest, host: Host, decision_id: UUID) -> HttpResponse:
    """The options, everyone's positions (hidden from a viewer until they have
    given their own), the outcome and the history of positions."""
    decision = _decision(host, decision_id)
    voices = host.voices()
    view_as = ViewAsForm(request.GET if "as" in request.GET else None, voices=voices)
    viewer = view_as.viewer() or _own_key(host, request.user)
    if not view_as.is_bound and viewer is not None:
        view_as.initial["as"] = viewer
    wordings = list(OptionWording.objects.filter(option__decision=decision))
    shown = _shown(host, decision, viewer, wordings)
    history = position_history(decision)
    if shown.hiding:  # the history must not show what the grid hides
        history = [p for p in history if p.voice_key == viewer]
    scribes = User.objects.in_bulk({p.recorded_by_id for p in history})
    return render(
        request,
        "decisions/decision.jinja",
        _page(
            host,
            shown=shown,
            viewer=next((v for v in voices if v.key == viewer), None),
            view_as=view_as,
            history=present_history(history, wordings, scribes, voices),
            option_form=OptionForm(
                voices=voices, initial={"proposer": _own_key(host, request.user)}
            ),
            speaking_first=speaking_first(host, decision),
            declined=decline_shown(decision),
        ),
    )


def add_option(request: StaffRequest, host: Host, decision_id: UUID) -> HttpResponse:
    decision = _decision(host, decision_id)

    def save(data: dict[str, Any]) -> Done:
        services.add_option(actor=request.user, host=host, decision=decision, **data)
        return Done(
            "The option is added.",
            page_url(host, "show_decision", "options", decision_id=decision.pk),
        )

    return form_page(
        request,
        OptionForm(
            posted(request),
            voices=host.voices(),
            initial={"proposer": _own_key(host, request.user)},
        ),
        "decisions/add_option.jinja",
        save,
        context=_page(host, decision=decision),
    )


def update_option(
    request: StaffRequest, host: Host, decision_id: UUID, option_id: UUID
) -> HttpResponse:
    decision = _decision(host, decision_id)
    option = get_object_or_404(Option, pk=option_id, decision=decision)
    option.decision = decision
    initial = {"based_on_wording": option.wording, "text": option.text}

    def save(data: dict[str, Any]) -> Done:
        services.reword_option(actor=request.user, host=host, option=option, **data)
        return Done(
            "The option is reworded. Everyone who gave a position on it is asked "
            "again.",
            page_url(host, "show_decision", "options", decision_id=decision.pk),
        )

    return form_page(
        request,
        RewordForm(posted(request), initial=initial),
        "decisions/update_option.jinja",
        save,
        context=_page(host, decision=decision, option=option),
        on_conflict=lambda exc: {"theirs": exc.current},
    )


def give_positions(
    request: StaffRequest, host: Host, decision_id: UUID
) -> HttpResponse:
    """One voice's position on every option, or the person saying they do not
    want to give one: whose as `_chosen_voice` says, never the person's by
    default (H26). A POST with `person_first` sets whether the person speaks
    first instead."""
    decision = _decision(host, decision_id)
    if request.method == "POST" and "person_first_setting" in request.POST:
        return _set_person_first(request, host, decision)
    voices = host.voices()
    form = PositionsForm(
        posted(request),
        voices=voices,
        options=list(decision.options.all()),
        word=host.option_word,
        initial=_chosen_voice(request, host, decision, voices),
    )

    def save(data: dict[str, Any]) -> Done:
        return _save_positions(request, host, decision, form, data)

    return form_page(
        request,
        form,
        "decisions/give_positions.jinja",
        save,
        context=lambda: _page(host, decision=decision, **_turn(host, decision)),
    )


def _save_positions(
    request: StaffRequest,
    host: Host,
    decision: Decision,
    form: PositionsForm,
    data: dict[str, Any],
) -> Done:
    """The person declining, or one voice's positions (the rules' refusals put
    beside the options they are about)."""
    name = next(v.name for v in form.voices if v.key == data["voice"])
    if data["declines"]:
        services.person_declines(actor=request.user, host=host, decision=decision)
        said = f"Recorded: {name} does not want to give a position on this."
        return Done(said, host.return_url(decision, "voices"))
    try:
        saved = services.give_positions(
            actor=request.user,
            host=host,
            decision=decision,
            voice=data["voice"],
            answers=data["answers"],
        )
    except services.PositionsRefused as exc:
        form.show_refusals(exc.errors)
        raise
    said = f"{name}’s position is recorded."
    if not saved:
        said = f"Nothing changed: {name}’s position is as it was."
    return Done(said, host.return_url(decision, "voices"))


def _turn(host: Host, decision: Decision) -> dict[str, Any]:
    """What the positions page says about the person speaking first."""
    return {
        "speaking_first": speaking_first(host, decision),
        "person_first_form": PersonFirstForm(
            initial={"person_first": decision.person_first}
        ),
    }


def _set_person_first(
    request: StaffRequest, host: Host, decision: Decision
) -> HttpResponse:
    def save(data: dict[str, Any]) -> Done:
        services.set_person_first(
            actor=request.user, host=host, decision=decision, **data
        )
        said = (
            "The person speaks first on this."
            if data["person_first"]
            else ("Anyone can give their position first now.")
        )
        return Done(said, request.path)  # this page, under any host's address

    return form_page(
        request,
        PersonFirstForm(request.POST),
        "decisions/person_first.jinja",
        save,
        context=_page(host, decision=decision),
    )


def _chosen_voice(
    request: StaffRequest, host: Host, decision: Decision, voices: list[Any]
) -> dict[str, Any]:
    """Initial data: the voice named by `?voice=` (a link the writer followed
    for that voice) with what they said last time; else the writer's own voice
    if they take part, with what they said; else nobody chosen."""
    wanted = request.GET.get("voice", "")
    named = next((v for v in voices if str(v.key) == wanted), None)
    key = named.key if named is not None else _own_key(host, request.user)
    if key is None:
        return {}
    return {"voice": key, **current_answers(current_positions(decision, key))}


def _outcome_form(
    request: StaffRequest, host: Host, shown: DecisionShown
) -> OutcomeForm:
    """The outcome form, with a box for each voice who dissents from an option,
    filled in from the current outcome."""
    view = shown.view
    return OutcomeForm(
        posted(request),
        options=view.options,
        capacity=host.capacity_records(),
        about_a_person=any(v.is_person for v in view.voices),
        dissenting=dissenting_voices(
            view.voices, list(view.positions.values()), view.options, host.option_word
        ),
        initial=outcome_initial(shown.outcome.outcome if shown.outcome else None),
    )


def record_outcome(
    request: StaffRequest, host: Host, decision_id: UUID
) -> HttpResponse:
    """The balanced decision, beside every position (whoever records the
    outcome sees them all), with an answer for each voice who dissents."""
    decision = _decision(host, decision_id)
    shown = _shown(host, decision, _own_key(host, request.user), reveal=True)
    form = _outcome_form(request, host, shown)

    def save(data: dict[str, Any]) -> Done:
        try:
            services.record_outcome(
                actor=request.user, host=host, decision=decision, draft=form.draft()
            )
        except OutcomeRefused as exc:
            form.show_refusals(exc.errors)
            raise
        to = page_url(host, "show_decision", "outcome", decision_id=decision.pk)
        return Done("The outcome is recorded.", to)

    return form_page(
        request,
        form,
        "decisions/record_outcome.jinja",
        save,
        context=lambda: _page(
            host, decision=decision, shown=shown, rule_labels=dict(DecidingRule.choices)
        ),
        on_conflict=lambda exc: {
            "conflict": exc.current,
            "shown": _shown(host, decision, None, reveal=True),
        },
    )
