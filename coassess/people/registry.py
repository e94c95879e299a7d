"""What other apps add to a person's record, registered from their
`AppConfig.ready()`: people is below them and names none of them.

- A *relationship test* says whether a team has a relationship with a person
  for another reason than having registered them (referrals: the team holds a
  recent referral for them). `people.access` asks every test.
- A *panel* is a part of the person's page another app owns (referrals: their
  referrals and assessments). Each gives a template, included with `panel` set
  to what its `context` returns.
- A *sharing panel* is the same, on each supporter's sharing page (the
  portal: the entries the person keeps from every supporter).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

if TYPE_CHECKING:
    from coassess.accounts.models import Team
    from coassess.people.models import Person

RelationshipTest = Callable[["Team", "Person"], bool]

_RELATIONSHIPS: list[RelationshipTest] = []


def register_relationship(test: RelationshipTest) -> None:
    if test not in _RELATIONSHIPS:
        _RELATIONSHIPS.append(test)


def relationship_tests() -> list[RelationshipTest]:
    return list(_RELATIONSHIPS)


@dataclass(frozen=True)
class Panel:
    """A part of the person's page: `template`, included with `panel` set to
    `context(request, person)`."""

    template: str
    context: Callable[[HttpRequest, Person], dict[str, Any]]


_PANELS: list[Panel] = []
_SHARING_PANELS: list[Panel] = []


def _add(panels: list[Panel], panel: Panel) -> None:
    if panel not in panels:
        panels.append(panel)


def _made(
    panels: list[Panel], request: HttpRequest, person: Person
) -> list[tuple[str, dict[str, Any]]]:
    return [(p.template, p.context(request, person)) for p in panels]


def register_panel(panel: Panel) -> None:
    _add(_PANELS, panel)


def panels_for(
    request: HttpRequest, person: Person
) -> list[tuple[str, dict[str, Any]]]:
    """(template, its context) for each registered panel, in registration order."""
    return _made(_PANELS, request, person)


def register_sharing_panel(panel: Panel) -> None:
    _add(_SHARING_PANELS, panel)


def sharing_panels_for(
    request: HttpRequest, person: Person
) -> list[tuple[str, dict[str, Any]]]:
    """(template, its context) for each registered sharing panel, in
    registration order."""
    return _made(_SHARING_PANELS, request, person)
