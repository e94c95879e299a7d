"""The places the service offers each member of staff: the header's menu and the
home page's cards. Each app registers its own from `AppConfig.ready()`, so the
shell names no app; what a member sees follows their role in their team.

Roles are plain strings here (`accounts.models.Role` values): `core` does not
know what they mean, only which destinations name them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Destination:
    """One place: its URL name, what it is called, who may go there.

    `order` places it among the others (lower first); `in_menu` puts it in the
    header's menu and `on_home` on the home page, with `description`.
    """

    url_name: str
    heading: str
    roles: frozenset[str]
    order: int
    description: str = ""
    in_menu: bool = True
    on_home: bool = True


_REGISTERED: dict[str, Destination] = {}


def register(*destinations: Destination) -> None:
    """Offer these destinations (call from `AppConfig.ready()`; again is harmless)."""
    for destination in destinations:
        _REGISTERED[destination.url_name] = destination


def destinations_for(role: str | None) -> list[Destination]:
    """Every destination open to `role`, in order; none without a role."""
    if role is None:
        return []
    found = [d for d in _REGISTERED.values() if role in d.roles]
    return sorted(found, key=lambda d: d.order)
