"""What a generated year holds, in meaning: every row of every table the
generator writes, with generated ids replaced by the assessment's place in
the year (earliest referral first) and times by the minutes between them, so
two runs with the same seed give the same fingerprint whatever the ids, the
clock or the database."""

from __future__ import annotations

import hashlib
from typing import Any
from uuid import UUID

from coassess.accounts.models import Team
from coassess.assessments.models import (
    Assessment,
    Contribution,
    ImmediateConcern,
    Participant,
)
from coassess.coproduction.models import MeasureSummary
from coassess.coproduction.summary import INDICATORS, month_of
from coassess.decisions.models import Decision
from coassess.plans.models import Confirmation, Contact, ContingencyPlan, Plan


def _minutes(later: Any, earlier: Any) -> int:
    return int((later - earlier).total_seconds() // 60)


def fingerprint(team: Team) -> dict[str, Any]:
    """Each table's rows as sorted tuples of what they mean, and their counts."""
    assessments = list(
        Assessment.objects.filter(team=team)
        .select_related("referral", "person", "started_by")
        .order_by("referral__received_at")
    )
    place = {a.pk: n for n, a in enumerate(assessments)}
    people = {
        p.pk: (place[p.assessment_id], p.kind, p.expertise, p.name)
        for p in Participant.objects.filter(assessment__team=team)
    }
    plans = {
        p.pk: place[p.assessment_id] for p in Plan.objects.filter(assessment__team=team)
    }
    contingencies = {
        c.pk: plans[c.plan_id]
        for c in ContingencyPlan.objects.filter(plan_id__in=plans)
    }
    rows: dict[str, list[tuple[Any, ...]]] = {}
    rows["assessment"] = []
    for a in assessments:
        r = a.referral
        rows["assessment"].append(
            (
                place[a.pk],
                a.status,
                a.started_at == r.first_seen_at,
                a.started_by.username,
                a.who_they_want_present,
                a.person_id == r.person_id,
                a.person.family_name,
                a.person.given_name,
                str(a.person.date_of_birth),
                r.source,
                r.department,
                r.ward,
                r.bed,
                r.referrer_name,
                r.referrer_contact,
                r.reason,
                r.urgency,
                r.response_minutes,
                _minutes(r.first_seen_at, r.received_at),
                _minutes(r.closed_at, r.first_seen_at),
                r.outcome,
                r.recorded_by.username,
                r.version,
            )
        )
    rows["participant"] = sorted(
        (
            *people[p.pk],
            p.user.username if p.user else None,
            p.supporter_id,
            p.role_in_meeting,
            p.joins_by,
            p.joined_at == p.assessment.started_at,
        )
        for p in Participant.objects.filter(assessment__team=team).select_related(
            "user", "assessment"
        )
    )
    rows["contribution"] = sorted(
        (
            place[c.assessment_id],
            c.section,
            people[c.voice_id],
            c.text,
            c.own_words,
            c.is_current,
            c.version_number,
            c.supersedes_id,
            c.withheld_reason,
            c.scribe.username,
            isinstance(c.lineage, UUID),
        )
        for c in Contribution.objects.filter(assessment__team=team).select_related(
            "scribe"
        )
    )
    rows["concern"] = sorted(
        (
            place[c.assessment_id],
            c.text,
            people[c.raised_by_id],
            c.agreed,
            c.is_current,
            c.version_number,
            c.supersedes_id,
            c.scribe.username,
            c.agreed_by.count(),
        )
        for c in ImmediateConcern.objects.filter(assessment__team=team).select_related(
            "scribe"
        )
    )
    decisions = Decision.objects.filter(context_id__in=place).select_related(
        "created_by"
    )
    rows["decision"] = sorted(
        (
            place[d.context_id],
            d.context_type,
            d.question,
            d.hide_until_given,
            d.person_first,
            d.created_by.username,
            Plan.objects.filter(actions_decision=d).count(),
        )
        for d in decisions
    )
    rows["plan"] = sorted(
        (
            plans[p.pk],
            p.rationale,
            p.person_not_able_reason,
            p.revisit_with_person_at,
            p.signed_at,
            p.signed_by_id,
            p.signed_declaration,
            p.version,
            p.actions_decision.context_id == p.assessment_id,
        )
        for p in Plan.objects.filter(assessment__team=team).select_related(
            "actions_decision"
        )
    )
    rows["contingency"] = sorted(
        (
            contingencies[c.pk],
            c.in_own_words,
            c.warning_signs,
            c.what_i_can_do,
            c.people_and_places,
            c.making_safer,
            c.keeps_me_going,
            c.care_preferences,
            c.treatments_i_would_refuse,
            c.if_engagement_difficult,
            c.likelihood_of_use,
            c.what_might_get_in_the_way,
            c.version,
        )
        for c in ContingencyPlan.objects.filter(plan_id__in=plans)
    )
    rows["contact"] = sorted(
        (contingencies[c.contingency_id], c.name, c.role, c.how, c.when)
        for c in Contact.objects.filter(contingency_id__in=contingencies)
    )
    rows["confirmation"] = sorted(
        (
            plans[c.plan_id],
            people[c.participant_id],
            c.meaning,
            c.reason,
            c.plan_version,
            c.recorded_by.username,
        )
        for c in Confirmation.objects.filter(plan_id__in=plans).select_related(
            "recorded_by"
        )
    )
    names = [
        "source",
        "own_words_band",
        "wait_band",
        "minutes_to_first_contact",
        "standard_minutes",
    ] + [i.name for i in INDICATORS]
    rows["summary"] = sorted(
        (
            place[s.assessment_id],
            s.person_id == s.assessment.person_id,
            s.month == month_of(s.assessment.referral.received_at),
            *(getattr(s, n) for n in names),
        )
        for s in MeasureSummary.objects.filter(team=team).select_related(
            "assessment__referral"
        )
    )
    digest = hashlib.sha256(repr(sorted(rows.items())).encode()).hexdigest()
    return {
        "counts": {k: len(v) for k, v in rows.items()},
        "digest": digest,
        "rows": rows,
    }
