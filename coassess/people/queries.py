"""Finding people, and people who may already be recorded.

Names are matched by their keys (people.models.name_key), so "O’Brien",
"O'Brien", "OBRIEN" and "O Brien" are the same name. Births are matched by
the range of dates each could be (people.birth): a year, a month, a whole date
or an estimated age all find anyone whose birth could be the same.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from coassess.accounts.models import Team
from coassess.people.birth import Birth
from coassess.people.models import AccessCode, Person, name_key

SEARCH_LIMIT = 20
# Rows read before the first name is compared in Python: a name and a birth
# range pick out a handful through an index.
CANDIDATE_LIMIT = 200


def _named(family_key: str, given_key: str) -> Q:
    """Rows that could carry these names. With both, the last name must match,
    or be the one name of someone who has one; with one (in either box), any
    of the person's names may match it."""
    if family_key and given_key:
        return (
            Q(family_name_key=family_key)
            | Q(family_name_key="", given_name_key__in=[family_key, given_key])
            | Q(given_name_key="", family_name_key=given_key)
        )
    key = family_key or given_key
    return Q(family_name_key=key) | Q(given_name_key=key) | Q(preferred_name_key=key)


def _first_name_fits(person: Person, family_key: str, given_key: str) -> bool:
    """A first name typed with a last name narrows to first or preferred names
    that start with it ("Sam" finds "Samantha"); someone with one name fits."""
    if not (family_key and given_key) or not person.given_name_key:
        return True
    if person.family_name_key != family_key:
        return True  # matched as someone with one name
    return person.given_name_key.startswith(given_key) or (
        person.preferred_name_key.startswith(given_key)
    )


def _alike(family_name: str, given_name: str, birth: Birth) -> list[Person]:
    family_key, given_key = name_key(family_name), name_key(given_name)
    if not (family_key or given_key):
        return []
    rows = (
        Person.objects.select_related("registered_by_team")
        .filter(_named(family_key, given_key))
        .filter(born_from__lte=birth.latest, born_to__gte=birth.earliest)
    )
    return [
        p for p in rows[:CANDIDATE_LIMIT] if _first_name_fits(p, family_key, given_key)
    ]


def find_people(
    *,
    nhs_number: str = "",
    family_name: str = "",
    given_name: str = "",
    birth: Birth | None = None,
) -> list[Person]:
    """By NHS number (exact), or by a name and what is known of their birth.

    Either name box may hold someone's only name. With both, a last name and a
    first name that starts the person's first or preferred name. `birth` may
    be a whole date, a month and year, a year or an estimated age. At most
    SEARCH_LIMIT people; [] when there is not enough to search on.
    """
    if nhs_number:
        people = Person.objects.select_related("registered_by_team")
        return list(people.filter(nhs_number=nhs_number)[:SEARCH_LIMIT])
    if birth is None:
        return []
    return _alike(family_name, given_name, birth)[:SEARCH_LIMIT]


def possible_duplicates(person: Person) -> list[Person]:
    """People already recorded who may be `person` (not yet saved): the same
    names however typed and a birth that could be the same, leaving out anyone
    with a different NHS number when both are known."""
    alike = _alike(person.family_name, person.given_name, person.birth)
    return [
        p
        for p in alike
        if p.pk != person.pk
        and not (
            p.nhs_number and person.nhs_number and p.nhs_number != person.nhs_number
        )
    ][:SEARCH_LIMIT]


def registered_by(team: Team) -> QuerySet[Person, Any]:
    """The ids of everyone the team registered, as a subquery (accesslog.queries)."""
    return Person.objects.filter(registered_by_team=team).values("pk")


def codes_held(person: Person, team: Team) -> list[AccessCode]:
    """Every access code `team` issued for `person`'s record (theirs and their
    supporters'), newest first, with who issued and revoked each."""
    return list(
        AccessCode.objects.filter(person=person, team=team)
        .select_related("supporter", "issued_by", "revoked_by", "team")
        .order_by("-issued_at")
    )
