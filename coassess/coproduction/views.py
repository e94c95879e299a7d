"""The co-production audit's pages. Thin: the assessment's own policy loads,
authorises and logs; the measures are read; a presenter words them."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from coassess.accesslog.services import record_listing
from coassess.accounts.access import staff
from coassess.accounts.models import Role, Team
from coassess.accounts.types import StaffRequest
from coassess.assessments.access import assessment_record
from coassess.assessments.models import Assessment
from coassess.assessments.presenters import assessment_page
from coassess.coproduction import dashboard as counts
from coassess.coproduction import export, queries, services
from coassess.coproduction.forms import (
    DASHBOARD_ROLES,
    InstrumentForm,
    LadderForm,
    PeriodForm,
    ReflectionForm,
    ScopeForm,
    SelfAssessmentForm,
    month_param,
)
from coassess.coproduction.instruments import (
    LADDERS,
    SELF_ASSESSMENT_SCALE,
    SHIPPED,
    Kind,
)
from coassess.coproduction.measures import measure
from coassess.coproduction.models import (
    InstrumentVersion,
    Reflection,
    SubjectKind,
    Voice,
)
from coassess.coproduction.panels import (
    linker,
    panels,
    period_words,
    reflection_panels,
)
from coassess.coproduction.presenters import (
    figure_words,
    ladder_name,
    measure_groups,
    rung_count,
    value_rows,
)
from coassess.core.flow import Done, form_page, posted


@assessment_record
@require_safe
def show_measures(request: StaffRequest, assessment: Assessment) -> HttpResponse:
    """How co-produced one assessment was: each measure, read from the record."""
    return render(
        request,
        "coproduction/measures.jinja",
        assessment_page(assessment, groups=measure_groups(measure(assessment))),
    )


# Reflections, the team self-assessment and the instruments.

VIEWERS = (Role.CLINICIAN, Role.PEER_WORKER, Role.TEAM_LEAD, Role.COPRODUCTION)
EDITORS = (Role.TEAM_LEAD, Role.COPRODUCTION)


def _team(request: StaffRequest) -> Team:
    return request.user.membership.team  # type: ignore[union-attr]


def _role(request: StaffRequest) -> str:
    membership = request.user.membership
    return membership.role if membership else ""


def _version(
    request: HttpRequest, team: Team, kind: str, name: str, *also: str
) -> InstrumentVersion:
    """The version a posted form answered, of `kind` or any of `also` (kept
    when the words, or the team's ladder, changed since), else the team's
    current version of `kind`."""
    posted_id = request.POST.get(name) if request.method == "POST" else None
    for each in (kind, *also) if posted_id else ():
        found = queries.version_by_id(team, each, posted_id)
        if found is not None:
            return found
    return services.current_instrument(team, kind)


def _saved_reflection(reflection: Reflection, new: bool) -> str:
    if not new:
        return "These answers were saved already. Nothing was saved twice."
    if reflection.on_behalf:
        return (
            "Their answers are saved. Nobody will see them on their own, not "
            f"even you: they are only counted with at least {queries.MIN_RESPONSES - 1} others."
        )
    return "Thank you. Your answers are saved. Only you can see them on their own."


def _reflection_form(request: StaffRequest, team: Team) -> ReflectionForm:
    """The form on the versions it was given on (POST) or the current ones,
    starting on the writer's usual voice."""
    values = _version(request, team, Kind.VALUES, "values_version")
    ladder = _version(
        request, team, queries.chosen_ladder(team), "ladder_version", *LADDERS
    )
    voice = Voice.EXPERT if _role(request) == Role.PEER_WORKER else Voice.STAFF
    return ReflectionForm(
        posted(request),
        values=values,
        ladder=ladder,
        initial={"token": uuid.uuid4(), "voice": voice},
    )


def reflection_page(
    request: StaffRequest,
    subject: services.Subject,
    here: str,
    page: Callable[..., dict[str, Any]],
) -> HttpResponse:
    """The private reflection form on `subject` (an assessment or a project),
    answered back to `here` (its URL) once saved. `page(**context)` builds the
    rest of the page around the writer's own earlier reflection (`own`), the
    ladder's name and the least number of answers that is ever shown."""
    form = _reflection_form(request, subject.team)

    def save(data: dict[str, Any]) -> Done:
        reflection, new = services.record_reflection(
            actor=request.user,
            subject=subject,
            answers=form.answers(data),
            token=data["token"],
        )
        return Done(_saved_reflection(reflection, new), here)

    return form_page(
        request,
        form,
        "coproduction/reflect.jinja",
        save,
        context=lambda: page(
            own=queries.own_reflection(request.user, subject.kind, subject.id),
            ladder_name=ladder_name(form.ladder_version.kind),
            min_responses=queries.MIN_RESPONSES,
        ),
    )


@assessment_record
@require_http_methods(["GET", "POST"])
def reflect_on_assessment(
    request: StaffRequest, assessment: Assessment
) -> HttpResponse:
    """A private reflection on one assessment: the values and the ladder."""
    subject = services.Subject(
        SubjectKind.ASSESSMENT, assessment.pk, assessment.team, assessment.person
    )
    here = reverse("coproduction:reflect_on_assessment", args=[assessment.pk])
    return reflection_page(
        request, subject, here, lambda **page: assessment_page(assessment, **page)
    )


@staff(*VIEWERS)
@require_safe
def reflection_summary(request: StaffRequest) -> HttpResponse:
    """What reflections on the team's work say, counted, never one by one,
    over a chosen period (`?period=`: months, or "all")."""
    period = PeriodForm(request.GET or None)
    since = period.since(timezone.now())
    summary = queries.summarise_reflections(_team(request), since=since)
    return render(
        request,
        "coproduction/reflection_summary.jinja",
        {
            "period": period,
            "summary": summary,
            "rows": value_rows(summary),
            "ladder_name": ladder_name(summary.ladder),
            "rung_count": rung_count,
            "can_edit": _role(request) in EDITORS,
        },
    )


@staff(*EDITORS)
@require_safe
def instrument_list(request: StaffRequest) -> HttpResponse:
    """The team's questions, ladders and self-assessment statements, and
    which ladder it uses."""
    team = _team(request)
    return render(
        request,
        "coproduction/instrument_list.jinja",
        {
            "instruments": [
                (kind, queries.latest_version(team, kind)) for kind in Kind
            ],
            "ladder_name": ladder_name(queries.chosen_ladder(team)),
            "ladder_history": queries.ladder_history(team),
        },
    )


@staff(*EDITORS)
@require_http_methods(["GET", "POST"])
def revise_instrument(request: StaffRequest, instrument: str) -> HttpResponse:
    """New words for one instrument: a new version; answers keep theirs."""
    if instrument not in Kind.values:
        raise Http404("No such set of questions.")
    team = _team(request)
    version = services.current_instrument(team, instrument)
    form = InstrumentForm(posted(request), version=version)

    def save(data: dict[str, Any]) -> Done:
        new = services.revise_instrument(
            actor=request.user,
            team=team,
            kind=instrument,
            based_on=data["based_on"],
            texts=form.texts(data),
            reason=data["reason"],
        )
        return Done(
            f"Saved as version {new.number}. Answers already given keep the words they were given on.",
            reverse("coproduction:instrument_list"),
        )

    return form_page(
        request,
        form,
        "coproduction/revise_instrument.jinja",
        save,
        context=lambda: {
            "kind": Kind(instrument),
            "version": version,
            "history": queries.version_history(team, instrument),
        },
        on_conflict=lambda exc: {"conflict": exc.current},
    )


@staff(*EDITORS)
@require_http_methods(["GET", "POST"])
def choose_ladder(request: StaffRequest) -> HttpResponse:
    """Which ladder of participation the team places its work on."""
    team = _team(request)
    form = LadderForm(posted(request), initial={"ladder": queries.chosen_ladder(team)})

    def save(data: dict[str, Any]) -> Done:
        services.choose_ladder(actor=request.user, team=team, ladder=data["ladder"])
        return Done(
            f"Your team now uses {ladder_name(data['ladder'])}.",
            reverse("coproduction:instrument_list"),
        )

    return form_page(
        request,
        form,
        "coproduction/choose_ladder.jinja",
        save,
        context=lambda: {"ladders": [(k, SHIPPED[k]) for k in LADDERS]},
    )


@staff(*VIEWERS)
@require_safe
def self_assessment_list(request: StaffRequest) -> HttpResponse:
    """The team's self-assessments over time."""
    return render(
        request,
        "coproduction/self_assessment_list.jinja",
        {"sittings": queries.team_self_assessments(_team(request))},
    )


@staff(*VIEWERS)
@require_http_methods(["GET", "POST"])
def add_self_assessment(request: StaffRequest) -> HttpResponse:
    """One sitting of the team's self-assessment, with its action plan."""
    team = _team(request)
    version = _version(request, team, Kind.SELF_ASSESSMENT, "version")
    form = SelfAssessmentForm(
        posted(request), version=version, initial={"token": uuid.uuid4()}
    )

    def save(data: dict[str, Any]) -> Done:
        sitting, new = services.record_self_assessment(
            actor=request.user,
            team=team,
            answers=form.answers(data),
            token=data["token"],
        )
        message = (
            "The self-assessment and its action plan are saved."
            if new
            else "This self-assessment was saved already, so it was not saved twice. Here it is."
        )
        to = reverse("coproduction:show_self_assessment", args=[sitting.pk])
        return Done(message, to, level=messages.SUCCESS if new else messages.INFO)

    return form_page(
        request,
        form,
        "coproduction/add_self_assessment.jinja",
        save,
        context={"version": version, "scale": SELF_ASSESSMENT_SCALE},
    )


@staff(*VIEWERS)
@require_safe
def show_self_assessment(
    request: StaffRequest, self_assessment_id: uuid.UUID
) -> HttpResponse:
    """One self-assessment: scores, evidence and the action plan."""
    found = queries.self_assessment_view(_team(request), self_assessment_id)
    if found is None:
        raise Http404("No such self-assessment in your team.")
    return render(request, "coproduction/show_self_assessment.jinja", {"found": found})


PER_PAGE = 100


def _reflections(scope: counts.Scope) -> queries.ReflectionSummary:
    """Reflections on the team's work given in the scope's months."""
    since, until = counts.period_bounds(scope)
    return queries.summarise_reflections(scope.team, since=since, until=until)


@staff(*DASHBOARD_ROLES)
@require_safe
def dashboard(request: StaffRequest) -> HttpResponse:
    """A team's co-production measures and response times over a period, each
    as a chart, a summary and a table (400 with messages for a wrong choice)."""
    form = ScopeForm(request.GET, user=request.user)
    if not form.is_valid():
        return render(
            request, "coproduction/dashboard.jinja", {"form": form}, status=400
        )
    scope = form.scope()
    period = period_words(scope.start, scope.end)
    link = linker(reverse("coproduction:assessments_behind"), form.query(), form.leads)
    figures = counts.figures(scope)
    return render(
        request,
        "coproduction/dashboard.jinja",
        {
            "form": form,
            "team": scope.team,
            "period": period,
            "assessments": figures.total.assessments,
            "all_link": link("all", None, None),
            "panels": panels(figures, period, form.followed, link),
            "reflections": reflection_panels(_reflections(scope), period),
            "leads": form.leads,
        },
    )


@staff(Role.TEAM_LEAD)
@require_safe
def assessments_behind(request: StaffRequest) -> HttpResponse:
    """The assessments behind one dashboard figure, 100 a page, each linked to
    its record; each person listed is logged. Only the lead of that team."""
    form = ScopeForm(request.GET, user=request.user)
    month = month_param(request.GET.get("month"))
    figure = request.GET.get("figure", "")
    valid = form.is_valid()
    if valid and not form.leads:
        raise PermissionDenied("Only the team's lead can open its assessments.")
    rows = counts.behind(form.scope(), figure, month) if valid else None
    if rows is None or (request.GET.get("month") and month is None):
        return render(request, "coproduction/behind.jinja", {"form": form}, status=400)
    page = Paginator(counts.assessments_behind(rows), PER_PAGE).get_page(
        request.GET.get("page")
    )
    record_listing(
        actor=request.user, people=[a.person for a in page], what="co-production figure"
    )
    return render(
        request,
        "coproduction/behind.jinja",
        {
            "form": form,
            "page": page,
            "words": figure_words(figure, month, form.scope()),
            "query": urlencode([(k, v) for k, v in request.GET.items() if k != "page"]),
            "back": f"{reverse('coproduction:dashboard')}?{request.GET.urlencode()}",
        },
    )


def _export_scope(request: StaffRequest) -> tuple[ScopeForm, counts.Figures | None]:
    """The export's form and, when valid, its figures."""
    form = ScopeForm(request.GET, user=request.user)
    return form, counts.figures(form.scope()) if form.is_valid() else None


def _export_context(form: ScopeForm, figures: counts.Figures) -> dict[str, Any]:
    scope = form.scope()
    return {
        "form": form,
        "team": scope.team,
        "period": period_words(scope.start, scope.end),
        "assessments": figures.total.assessments,
        "query": urlencode(form.query()),
        "threshold": settings.EXPORT_MIN_COUNT,
    }


@staff(*DASHBOARD_ROLES)
@require_safe
def export_page(request: StaffRequest) -> HttpResponse:
    """Choose a period for the research export; the two downloads, or why there
    is nothing to download."""
    form, figures = _export_scope(request)
    if figures is None:
        return render(request, "coproduction/export.jinja", {"form": form}, status=400)
    return render(request, "coproduction/export.jinja", _export_context(form, figures))


@staff(*DASHBOARD_ROLES)
@require_safe
def export_csv(request: StaffRequest) -> HttpResponse:
    """The de-identified export as CSV, streamed; logged. 400 for a wrong
    choice or an empty period."""
    form, figures = _export_scope(request)
    if figures is None or not figures.total.assessments:
        context = {"form": form} if figures is None else _export_context(form, figures)
        return render(request, "coproduction/export.jinja", context, status=400)
    scope = form.scope()
    services.record_export(request.user, scope)
    response = StreamingHttpResponse(
        export.csv_lines(export.rows(figures, settings.EXPORT_MIN_COUNT)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{export.CSV_NAME}"'
    # Streamed, which core.access.View (typed for HttpResponse) does not name.
    return cast(HttpResponse, response)


@staff(*DASHBOARD_ROLES)
@require_safe
def export_descriptor(request: StaffRequest) -> HttpResponse:
    """The export's data dictionary, datapackage.json."""
    form = ScopeForm(request.GET, user=request.user)
    if not form.is_valid():
        return render(request, "coproduction/export.jinja", {"form": form}, status=400)
    scope = form.scope()
    body = export.descriptor(
        settings.EXPORT_MIN_COUNT, period_words(scope.start, scope.end)
    )
    response = JsonResponse(body, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="datapackage.json"'
    return response
