"""A co-production project as a host of the dissensus engine
(`decisions.hosts.Host`, docs/adr/0008-the-engine-and-its-hosts.md).

Its voices are the project's members, in the order they joined; no one of them
is "the person" (a project is about a service, not one person's care), so no
best-interests or capacity question arises and no capacity records are
offered. It always takes changes. Every change is logged without a person.
Its decision pages sit in the project's layout, under
/co-production/projects/<id>/decisions/, behind the project's policy
(`decision_pages`).
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
from coassess.coproduction.projects.access import Standing, project_record
from coassess.coproduction.projects.models import Member, Project
from coassess.core.exceptions import DomainError
from coassess.decisions.hosts import CapacityRecord
from coassess.decisions.models import Decision
from coassess.decisions.voices import Voice
from coassess.people.authors import NOT_YOUR_RECORD, Author, code_of, record_by

NAMESPACE = "coproduction:projects"


def voice_of(member: Member) -> Voice:
    return Voice(
        key=member.pk,
        name=member.name,
        expertise=member.expertise,
        expertise_label=member.expertise_label,
        user_id=member.user_id,
    )


class ProjectHost:
    """The decisions of one project, for a viewer with `standing` in it."""

    context_type = "project"
    namespace = NAMESPACE
    layout = "coproduction/projects/_layout.jinja"
    option_word = "option"
    noun = "project"

    def __init__(self, project: Project, standing: Standing) -> None:
        self.project = project
        self.standing = standing
        self.context_id: UUID = project.pk

    @cached_property
    def members(self) -> list[Member]:
        return list(Member.objects.filter(project=self.project).order_by("created_at"))

    def voices(self) -> list[Voice]:
        return [voice_of(m) for m in self.members]

    def own_voice(self, user: User) -> Voice | None:
        return next((voice_of(m) for m in self.members if m.user_id == user.pk), None)

    def require_open(self) -> None:
        return None

    def log(self, *, actor: Author, created: bool, what: str, object_id: UUID) -> None:
        action = Action.CREATE if created else Action.UPDATE
        record_by(actor, None, action, f"project {what}", object_id)

    def check_author(self, actor: Author, voice: Voice) -> None:
        """A project's members take part with their accounts; no access code
        opens a project."""
        if code_of(actor) is not None:
            raise DomainError(NOT_YOUR_RECORD)

    def capacity_records(self) -> list[CapacityRecord]:
        return []

    def page_context(self) -> dict[str, Any]:
        return {
            "project": self.project,
            "standing": self.standing,
            "host_subject": self.project.title,
            "current_slug": "decisions",
        }

    def url_kwargs(self) -> dict[str, Any]:
        return {"project_id": self.project.pk}

    def return_url(self, decision: Decision, anchor: str) -> str:
        url = reverse(
            f"{NAMESPACE}:show_decision",
            kwargs={"project_id": self.project.pk, "decision_id": decision.pk},
        )
        return f"{url}#{anchor}"


View = Callable[..., HttpResponse]


def decision_pages(view: View) -> View:
    """The engine's `view`, behind the project's policy, given the project as
    its host."""

    @project_record
    @wraps(view)
    def wrapper(
        request: StaffRequest,
        project: Project,
        standing: Standing,
        *args: Any,
        **kwargs: Any,
    ) -> HttpResponse:
        return view(request, ProjectHost(project, standing), *args, **kwargs)

    return wrapper
