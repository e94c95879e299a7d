"""The host protocol: what a place that holds decisions tells the engine.

The engine's rules, services, forms, presenters, pages and templates live in
this app; a host (an assessment, its plan, a co-production project) supplies
only what is its own (docs/adr/0008-the-engine-and-its-hosts.md):

- where its decisions belong (`context_type`, `context_id`);
- its voices, in order, and which one is the signed-in member's own;
- what it is called in messages (`noun`: "assessment", "project");
- whether it still takes changes (`require_open`: a signed assessment does not);
- where a change is logged (`log`, inside the engine's transaction);
- the capacity records a best-interests outcome may rest on;
- how its pages look and are addressed (`layout`, `page_context`,
  `namespace`, `url_kwargs`), and where to go after giving positions.

Who may act is the host's access policy: its URL patterns wrap the engine's
views in it (`decisions.urls.patterns`), and the wrapper hands the view a host.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from django.urls import reverse

from coassess.accounts.models import User
from coassess.core.exceptions import DomainError
from coassess.decisions.models import Decision
from coassess.decisions.voices import Voice
from coassess.people.authors import Author


@dataclass(frozen=True)
class CapacityRecord:
    """A capacity assessment a best-interests outcome may rest on (MCA 2005:
    one decision, at one time): its id, how to show it, and whether it found
    that the person lacked capacity for that decision."""

    key: UUID
    label: str
    lacks_capacity: bool


class Host(Protocol):
    context_type: str
    context_id: UUID
    namespace: str  # the URL namespace the host routes the engine's pages in
    layout: str  # the template the engine's pages extend
    option_word: str  # what its options are called: "option", "action"
    noun: str  # what the host is called in messages: "assessment", "project"

    def voices(self) -> list[Voice]:
        """Everyone who may give a position, in the order they joined."""
        ...

    def own_voice(self, user: User) -> Voice | None:
        """The signed-in member's own voice, when they are taking part."""
        ...

    def require_open(self) -> None:
        """Raise DomainError, saying why, when the host takes no more changes."""
        ...

    def log(self, *, actor: Author, created: bool, what: str, object_id: UUID) -> None:
        """Record the change in the access log (called inside the transaction):
        `actor` is staff, or a viewer's code where the host takes positions
        from the person's or a supporter's own device."""
        ...

    def check_author(self, actor: Author, voice: Voice) -> None:
        """Raise DomainError unless `actor` may give `voice`'s position: a
        viewer's code only for its own voice in its own record; staff for any."""
        ...

    def capacity_records(self) -> list[CapacityRecord]: ...

    def page_context(self) -> dict[str, Any]:
        """What `layout` needs besides the engine's own page."""
        ...

    def url_kwargs(self) -> dict[str, Any]:
        """The host's own URL arguments (for example the assessment's id)."""
        ...

    def return_url(self, decision: Decision, anchor: str) -> str:
        """Where to go once positions are given on `decision`."""
        ...


def page_url(host: Host, name: str, anchor: str = "", **kwargs: Any) -> str:
    """The engine's page `name` under this host, with its own arguments."""
    url = reverse(f"{host.namespace}:{name}", kwargs={**host.url_kwargs(), **kwargs})
    return f"{url}#{anchor}" if anchor else url


def is_open(host: Host) -> bool:
    """Whether the host still takes changes (pages offer their forms only then)."""
    try:
        host.require_open()
    except DomainError:
        return False
    return True


def belongs_to(decision: Decision, host: Host) -> bool:
    return (
        decision.context_type == host.context_type
        and decision.context_id == host.context_id
    )
