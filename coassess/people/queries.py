"""Finding people."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from coassess.accounts.models import Team
from coassess.people.models import Person, name_key

SEARCH_LIMIT = 20


def find_people(
    *,
    nhs_number: str = "",
    family_name: str = "",
    given_name: str = "",
    date_of_birth: dt.date | None = None,
) -> list[Person]:
    """By NHS number (exact), or by last name and date of birth (a first name narrows it).

    Names match whatever their case or accents ("Łukasz" finds "lukasz"). Last
    name and date of birth together pick out a handful of rows through an index,
    so the first name is compared in Python, against given and preferred names.
    """
    people = Person.objects.select_related("registered_by_team")
    if nhs_number:
        return list(people.filter(nhs_number=nhs_number)[:SEARCH_LIMIT])
    if not (family_name and date_of_birth):
        return []
    matches = list(
        people.filter(
            date_of_birth=date_of_birth, family_name_key=name_key(family_name)
        )[:200]
    )
    if given_name:
        key = name_key(given_name)
        matches = [
            p
            for p in matches
            if name_key(p.given_name).startswith(key)
            or name_key(p.preferred_name).startswith(key)
        ]
    return matches[:SEARCH_LIMIT]


def registered_by(team: Team) -> QuerySet[Person, Any]:
    """The ids of everyone the team registered, as a subquery (accesslog.queries)."""
    return Person.objects.filter(registered_by_team=team).values("pk")
