"""An assessment as a host of the dissensus engine (`decisions.hosts.Host`).

Its voices are the people taking part, in the order they joined; it takes no
changes once signed; every change is logged against the person; best-interests
outcomes rest on its current capacity records; its decision pages sit in the
assessment's own layout, under /assessments/<id>/decisions/, behind the
assessment's access policy (`decision_pages`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property, wraps
from typing import Any
from uuid import UUID

from django.http import HttpResponse
from django.urls import reverse

from coassess.accesslog.models import Action
from coassess.accounts.models import User
from coassess.accounts.types import StaffRequest
from coassess.assessments import queries
from coassess.assessments.access import assessment_record
from coassess.assessments.models import (
    Assessment,
    CapacityAssessment,
    CapacityOutcome,
    Participant,
    ParticipantKind,
)
from coassess.assessments.presenters import assessment_page
from coassess.assessments.services import check_author, require_open
from coassess.core.prepared import instances
from coassess.core.presenters import local_datetime
from coassess.decisions.hosts import CapacityRecord
from coassess.decisions.models import Decision
from coassess.decisions.voices import Voice
from coassess.people.authors import Author, record_by


def voice_of(participant: Participant) -> Voice:
    return Voice(
        key=participant.pk,
        name=participant.name,
        is_person=participant.kind == ParticipantKind.PERSON,
        expertise=participant.expertise,
        expertise_label=participant.expertise_label,
        user_id=participant.user_id,
    )


def capacity_record(record: CapacityAssessment) -> CapacityRecord:
    outcome = record.get_outcome_display().lower()
    return CapacityRecord(
        key=record.pk,
        label=f"{record.decision}: {outcome}, {local_datetime(record.assessed_at)}",
        lacks_capacity=record.outcome == CapacityOutcome.LACKS_CAPACITY,
    )


class AssessmentHost:
    """The decisions of one assessment. Participants and capacity records already
    read for a page can be passed in, so they are not read again."""

    context_type = "assessment"
    namespace = "assessments"
    layout = "assessments/_layout.jinja"
    option_word = "option"
    noun = "assessment"

    def __init__(
        self,
        assessment: Assessment,
        participants: list[Participant] | None = None,
        capacity: list[CapacityAssessment] | None = None,
    ) -> None:
        self.assessment = assessment
        self.context_id: UUID = assessment.pk
        if participants is not None:
            self.__dict__["participants"] = participants
        if capacity is not None:
            self.__dict__["capacity"] = capacity

    @cached_property
    def participants(self) -> list[Participant]:
        """In the order they joined (one compiled-once query)."""
        return instances(Participant, queries.PARTICIPANTS.rows(self.assessment.pk))

    @cached_property
    def capacity(self) -> list[CapacityAssessment]:
        """The current capacity records (one compiled-once query)."""
        return instances(CapacityAssessment, queries.CAPACITY.rows(self.assessment.pk))

    def voices(self) -> list[Voice]:
        return [voice_of(p) for p in self.participants]

    def own_voice(self, user: User) -> Voice | None:
        return next(
            (voice_of(p) for p in self.participants if p.user_id == user.pk), None
        )

    def require_open(self) -> None:
        require_open(self.assessment)

    def log(self, *, actor: Author, created: bool, what: str, object_id: UUID) -> None:
        record_by(
            actor,
            self.assessment.person,
            Action.CREATE if created else Action.UPDATE,
            what,
            object_id,
        )

    def check_author(self, actor: Author, voice: Voice) -> None:
        participant = next(p for p in self.participants if p.pk == voice.key)
        check_author(actor, self.assessment, participant)

    def capacity_records(self) -> list[CapacityRecord]:
        return [capacity_record(c) for c in self.capacity]

    def page_context(self) -> dict[str, Any]:
        return assessment_page(self.assessment)

    def url_kwargs(self) -> dict[str, Any]:
        return {"assessment_id": self.assessment.pk}

    def return_url(self, decision: Decision, anchor: str) -> str:
        url = reverse(
            "assessments:show_decision",
            kwargs={"assessment_id": self.assessment.pk, "decision_id": decision.pk},
        )
        return f"{url}#{anchor}"


View = Callable[..., HttpResponse]


def decision_pages(view: View) -> View:
    """The engine's `view`, behind the assessment's access policy, given the
    assessment as its host."""

    @assessment_record
    @wraps(view)
    def wrapper(
        request: StaffRequest, assessment: Assessment, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        return view(request, AssessmentHost(assessment), *args, **kwargs)

    return wrapper
