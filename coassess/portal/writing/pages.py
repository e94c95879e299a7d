"""What the writing pages show, and the positions page both kinds of decision
share (the assessment's decisions and the plan's actions go through the same
engine form and service)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from coassess.assessments.hosts import AssessmentHost
from coassess.assessments.models import (
    Assessment,
    CapacityAssessment,
    Contribution,
    Corroboration,
    ImmediateConcern,
    KnownSource,
)
from coassess.assessments.queries import (
    Structured,
    load_assessment_view,
    structured_in,
    viewers_participant,
    visible_to_person,
)
from coassess.assessments.sections import SECTIONS
from coassess.assessments.services import offered_by_supporter
from coassess.core.exceptions import DomainError, VersionConflict
from coassess.core.flow import Done, form_page, posted
from coassess.decisions import services as decision_services
from coassess.decisions.forms import current_answers
from coassess.decisions.models import Decision, Option, PersonDeclined
from coassess.decisions.presenters import speaking_first
from coassess.decisions.queries import current_positions
from coassess.people.sharing import supporter_scope
from coassess.people.viewer import Viewer
from coassess.plans import queries as plan_queries
from coassess.plans.hosts import PlanHost
from coassess.plans.models import Action, Confirmation, Plan
from coassess.portal.presenters import OUTCOME, corroboration_words, known_words
from coassess.portal.writing.forms import ChangeToldForm, OwnPositionsForm
from coassess.portal.writing.writers import Writer, cannot

SAVED_WORDS = "Thank you. Your words are now part of your record."
SAVED_DISPUTE = (
    "Thank you. Your disagreement is now kept beside that entry. The team will see it."
)
SAVED_POSITION = "Thank you. Your view is saved. You can change it at any time."
SAVED_DECLINE = (
    "Thank you. The team will know you chose not to say what you think about "
    "this. You can still say later, if you want to."
)
ALREADY_DECLINED = (
    "You had already said you don’t want to say what you think about this, so "
    "nothing has changed. You can still say later, if you want to."
)
SAVED_CONTINGENCY = "Thank you. Your plan for if things get worse is saved."
SAVED_INFORMATION = "Thank you. The team will read what you told us."
SAVED_CONFIRMATION = "Thank you. Your answer about the plan is saved."
NO_PLAN = (
    "There is no plan to look at yet. The team will start it with you. Come "
    "back to this page later."
)


def your_say_url(assessment: Assessment) -> str:
    return reverse("portal:your_say", kwargs={"assessment_id": assessment.pk})


def tell_us_url(assessment: Assessment) -> str:
    return reverse("portal:tell_us", kwargs={"assessment_id": assessment.pk})


def told_by(w: Writer) -> list[Corroboration]:
    """What the writer offered from their own device in this assessment, as it
    stands now (changed, or taken back), in the order they first told it:
    only what a code of this supporter first wrote (never anything anyone
    else told us, whatever its voice), and never one withheld from the
    person."""
    supporter = w.viewer.supporter
    if supporter is None:
        return []
    mine = Corroboration.objects.filter(
        assessment=w.assessment, version_number=1, via_code__supporter=supporter
    )
    firsts = dict(mine.values_list("lineage", "created_at"))
    found = Corroboration.objects.filter(
        lineage__in=list(firsts), is_current=True, withheld_reason=""
    )
    return sorted(found, key=lambda c: firsts[c.lineage])


def told_context(w: Writer) -> dict[str, Any]:
    return {
        "viewer": w.viewer,
        "assessment": w.assessment,
        "called": w.viewer.person.called,
        "told": told_by(w),
    }


SAVED_CHANGE = (
    "Thank you. Your change is saved. The team will see it, and what you wrote before."
)
SAVED_TAKE_BACK = (
    "You have taken this back. The team will see that you did. It is no longer "
    "used as current information."
)
TAKEN_BACK_ALREADY = (
    "You have already taken this back, so you cannot change it here. If there "
    "is something you want to say, please tell the team."
)


def own_told(w: Writer, lineage: UUID) -> Corroboration:
    """The current version of what the writer told us from their own device
    (`lineage`), in their assessment; Http404 for anything else: what
    another supporter told us, what staff typed (whatever its voice), or one
    the team keeps from the person (not listed back to them either)."""
    supporter = w.viewer.supporter
    item = Corroboration.objects.filter(
        assessment=w.assessment, lineage=lineage, is_current=True, withheld_reason=""
    ).first()
    if (
        item is None
        or supporter is None
        or not offered_by_supporter(lineage, supporter.pk)
    ):
        raise Http404("No such information")
    return item


def version_seen(item: Corroboration, based_on: UUID) -> Corroboration:
    """The version of `item`'s lineage the writer's form was made from (an
    older one makes the service say someone changed it since)."""
    if based_on == item.pk:
        return item
    seen = Corroboration.objects.filter(lineage=item.lineage, pk=based_on).first()
    if seen is None:
        raise DomainError(OUT_OF_DATE)
    return seen


OUT_OF_DATE = "This page is out of date. Please go back and open it again."


def your_say(viewer: Viewer, assessment: Assessment) -> dict[str, Any]:
    """What the viewer can add to `assessment`. The person: their own words
    in every section, decisions, plan actions, the crisis plan, agreeing, and
    the entries of every kind they may disagree with (never one withheld
    from them). A supporter: only the
    decisions and the plan, and only while the person shares them (nothing
    else of the record is read for them)."""
    shared = _shared(viewer)
    person = viewer.is_person
    plan = plan_queries.plan_of(assessment) if "plan" in shared else None
    decisions = Decision.objects.filter(
        context_type="assessment", context_id=assessment.pk
    )
    return {
        "viewer": viewer,
        "assessment": assessment,
        "is_open": assessment.status != "signed",
        "sections": list(SECTIONS) if person else [],
        "view": visible_to_person(load_assessment_view(assessment)) if person else None,
        "decisions": list(decisions) if "decisions" in shared else [],
        "declined": set(
            PersonDeclined.objects.filter(decision__in=decisions).values_list(
                "decision_id", flat=True
            )
        )
        if person and "decisions" in shared
        else set(),
        "plan": plan,
        "actions": list(Action.objects.filter(plan=plan)) if plan else [],
        "can_tell": _can_tell(viewer, assessment),
    }


def _can_tell(viewer: Viewer, assessment: Assessment) -> bool:
    """Whether to offer a supporter the page to tell us what they know (it
    says why not, if not): they take part here and no hold is on them."""
    supporter = viewer.supporter
    if supporter is None or supporter_scope(supporter).held:
        return False
    return viewers_participant(assessment, viewer.code) is not None


def _shared(viewer: Viewer) -> frozenset[str]:
    """The parts the viewer may answer here: all for the person; for a
    supporter, what the person shares with them now."""
    if viewer.supporter is None:
        return frozenset({"decisions", "plan"})
    return supporter_scope(viewer.supporter).allowed


def entry_shown_to(w: Writer, entry_id: UUID) -> Contribution:
    """The current entry `entry_id` of the writer's assessment, as the person
    sees it; Http404 for anything else (an older version, or one withheld
    from the person, whose existence is not given away)."""
    entry = (
        Contribution.objects.select_related("voice")
        .filter(
            pk=entry_id, assessment=w.assessment, is_current=True, withheld_reason=""
        )
        .first()
    )
    if entry is None:
        raise Http404("No such entry")
    return entry


def item_shown_to(w: Writer, kind: str, entry_id: UUID) -> Structured:
    """The current structured entry `entry_id` of kind `kind` ("concern",
    "known", "corroboration", "capacity") in the writer's assessment;
    Http404 for anything else (another record's, an older version, an
    unknown kind, or what someone told us withheld from the person or taken
    back by the supporter who told it)."""
    item = structured_in(w.assessment, kind, entry_id, current=True)
    if item is None or getattr(item, "withheld", False):
        # One withheld from the person is not given away either.
        raise Http404("No such entry")
    if getattr(item, "withdrawn", False):
        # Taken back by the supporter: its words are no longer shown.
        raise Http404("No such entry")
    return item


def item_context(w: Writer, item: Structured) -> dict[str, Any]:
    """The dispute page's words for a structured entry: who said or did it,
    in the viewer's terms (`lead`), and what it says (`words`)."""
    lead, words = _item_words(w, item)
    return {
        "viewer": w.viewer,
        "assessment": w.assessment,
        "lead": lead,
        "words": words,
    }


def _item_words(w: Writer, item: Structured) -> tuple[str, str]:
    if isinstance(item, ImmediateConcern):
        you = item.raised_by_id == w.participant.pk
        who = "You" if you else item.raised_by.name
        return f"{who} raised this concern:", item.text
    if isinstance(item, KnownSource):
        what, said = known_words(item)
        return f"Before meeting you, the team looked at this: {what}. It said:", said
    if isinstance(item, Corroboration):
        who, said, _ = corroboration_words(item)
        return f"{who} told the team:", said
    assert isinstance(item, CapacityAssessment)
    outcome = OUTCOME.get(item.outcome, "")
    return (
        f"The team looked at whether you could make this decision: {item.decision}",
        f"They wrote: {outcome}.",
    )


def entry_context(w: Writer, entry: Contribution) -> dict[str, Any]:
    you = entry.voice_id == w.participant.pk
    return {
        "viewer": w.viewer,
        "assessment": w.assessment,
        "entry": entry,
        "said_by": "You" if you else entry.voice.name,
    }


def plan_of(request: HttpRequest, w: Writer) -> Plan | HttpResponse:
    """The assessment's plan, or the page saying there is none yet."""
    plan = plan_queries.plan_of(w.assessment)
    if plan is None:
        return cannot(request, w.viewer, NO_PLAN, 200)
    return plan


def plan_host(w: Writer, plan: Plan) -> PlanHost:
    return PlanHost(w.assessment, plan)


def positions_page(
    request: HttpRequest,
    w: Writer,
    host: AssessmentHost,
    decision: Decision,
    options: list[Option],
    *,
    may_decline: bool = False,
) -> HttpResponse:
    """The engine's positions form for the writer's own voice on `options`
    of `decision`, saved through the engine's service (all or none). Where
    `may_decline`, the person may instead say they do not want to say what
    they think, through the engine's `person_declines`."""
    own = next(v for v in host.voices() if v.key == w.participant.pk)
    form = OwnPositionsForm(
        posted(request),
        own=own,
        may_decline=may_decline,
        options=options,
        word=host.option_word,
        initial=current_answers(current_positions(decision, own.key)),
    )

    def save(data: dict[str, Any]) -> Done:
        if data["declines"]:
            return _decline(w, host, decision)
        try:
            decision_services.give_positions(
                actor=w.viewer.code,
                host=host,
                decision=decision,
                voice=own.key,
                answers=data["answers"],
            )
        except decision_services.PositionsRefused as exc:
            form.show_refusals({k: _kindly(v, w) for k, v in exc.errors.items()})
            raise
        return Done(SAVED_POSITION, your_say_url(w.assessment))

    return form_page(
        request,
        form,
        "portal/writing/positions.jinja",
        save,
        context=lambda: {
            "viewer": w.viewer,
            "assessment": w.assessment,
            "decision": decision,
            "plan_action": host.option_word == "action",
            "speaking_first": speaking_first(host, decision),
            "declined": form.may_decline and has_declined(decision),
        },
    )


def has_declined(decision: Decision) -> bool:
    """Whether the person has said they do not want to say what they think
    about `decision` (kept, even after a position given later)."""
    return PersonDeclined.objects.filter(decision=decision).exists()


def _decline(w: Writer, host: AssessmentHost, decision: Decision) -> Done:
    """The person says, from their own device, that they do not want to say
    what they think: the engine records it once, with their code."""
    already = has_declined(decision)
    decision_services.person_declines(actor=w.viewer.code, host=host, decision=decision)
    return Done(
        ALREADY_DECLINED if already else SAVED_DECLINE, your_say_url(w.assessment)
    )


def _kindly(message: str, w: Writer) -> str:
    """The engine's refusal as the viewer reads it: where the person speaks
    first and has not yet (only ever said to a supporter), in plain words."""
    if "speaks first" in message:
        name = w.assessment.person.called
        return f"{name} gives their view on this first. You can give yours after that."
    return message


def confirm_context(w: Writer, plan: Plan) -> dict[str, Any]:
    """The plan's actions and the viewer's own latest answer about it (and
    whether that answer was about the plan as it is now)."""
    latest = (
        Confirmation.objects.filter(plan=plan, participant=w.participant)
        .order_by("-created_at")
        .first()
    )
    return {
        "viewer": w.viewer,
        "assessment": w.assessment,
        "plan": plan,
        "actions": list(Action.objects.filter(plan=plan)),
        "latest": latest,
        "latest_is_current": latest is not None and latest.plan_version == plan.version,
    }


def told_conflict(
    exc: VersionConflict, request: HttpRequest, called: str
) -> dict[str, Any]:
    """A change made on an older version: the newest (`conflict`: changed,
    or taken back) beside what was typed, kept in a form now on top of it."""
    current: Corroboration = exc.current
    moved = request.POST.copy()
    moved["based_on"] = str(current.pk)
    form = ChangeToldForm(moved, called=called)
    form.is_valid()
    return {"conflict": current, "form": form}
