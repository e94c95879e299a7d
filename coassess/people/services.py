"""Adding and changing people and supporters. Each change is logged in the same transaction.

Changes carry the version the writer started from. If someone else saved in
the meantime, `VersionConflict` is raised with what they saved, so the writer
sees both and nothing is silently overwritten.

A person's data is a dict of PERSON_FIELDS plus `birth` (a people.birth.Birth;
`date_of_birth`, a whole date, is taken instead for convenience). Adding a
person who may already have a record (the same names, however typed, and a
birth that could be the same) raises `PossibleDuplicate` listing them, unless
`different_person` is true: the writer has looked and says it is someone else.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from coassess.accesslog.models import Action
from coassess.accesslog.services import record_access
from coassess.accounts.models import User
from coassess.core.exceptions import DomainError, VersionConflict
from coassess.people import nhs_number as nhs
from coassess.people.birth import Birth
from coassess.people.models import (
    DUPLICATE_NHS_NUMBER,
    Person,
    Supporter,
    birth_columns,
    name_keys,
)
from coassess.people.queries import possible_duplicates

PERSON_FIELDS = (
    "given_name",
    "family_name",
    "preferred_name",
    "pronouns",
    "nhs_number",
    "communication_needs",
    "preferred_language",
    "interpreter_needed",
)
SUPPORTER_FIELDS = ("name", "relationship", "phone", "email", "notes")


POSSIBLE_DUPLICATE = (
    "There may already be a record for this person: check the people listed. "
    "If none of them is this person, tick the box to say so and save again."
)


class PossibleDuplicate(DomainError):
    """Someone with the same names and a birth that could be the same is already
    recorded: `people` lists them (to show with what tells them apart)."""

    field = "different_person"

    def __init__(self, people: list[Person]) -> None:
        super().__init__(POSSIBLE_DUPLICATE)
        self.people = people


def _birth(data: dict[str, Any]) -> Birth | None:
    birth, born = data.get("birth"), data.get("date_of_birth")
    if isinstance(birth, Birth):
        return birth
    if isinstance(born, dt.date):
        return Birth.on(born)
    return None


def _columns(data: dict[str, Any], person: Person | None = None) -> dict[str, Any]:
    """The columns `data` sets: its fields, birth and the names' keys."""
    changes = {f: data[f] for f in PERSON_FIELDS if f in data}
    birth = _birth(data)
    if birth is not None:
        changes.update(birth_columns(birth))
    names = ("given_name", "family_name", "preferred_name")
    if any(f in changes for f in names):
        current = {f: changes.get(f, getattr(person, f, "")) for f in names}
        changes.update(name_keys(**current))
    return changes


def _check_nhs_number(nhs_number: str, exclude: Person | None = None) -> None:
    """Refuse a malformed or placeholder number, and one someone else has."""
    if not nhs_number:
        return
    try:
        nhs.validate_nhs_number(nhs_number)
    except ValidationError as exc:
        raise DomainError(exc.messages[0]) from exc
    others = Person.objects.filter(nhs_number=nhs_number)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise DomainError(DUPLICATE_NHS_NUMBER)


@transaction.atomic
def register_person(*, actor: User, data: dict[str, Any]) -> Person:
    membership = actor.membership
    if membership is None:
        raise DomainError("You need to be in a team to add a person.")
    _check_nhs_number(data.get("nhs_number", ""))
    if _birth(data) is None:
        raise DomainError("Enter their date of birth, or their age if nobody knows it.")
    person = Person(
        **_columns(data), registered_by_team=membership.team, registered_by=actor
    )
    if not data.get("different_person"):
        alike = possible_duplicates(person)
        if alike:
            raise PossibleDuplicate(alike)
    try:
        person.full_clean()
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from exc
    try:
        person.save()
    except IntegrityError as exc:  # two people adding the same NHS number at once
        raise DomainError(DUPLICATE_NHS_NUMBER) from exc
    record_access(actor, person, Action.CREATE, "person record", person.pk)
    return person


@transaction.atomic
def update_person(
    *, actor: User, person: Person, data: dict[str, Any], version: int
) -> Person:
    _check_nhs_number(data.get("nhs_number", ""), exclude=person)
    changes = _columns(data, person)
    if "given_name" in changes or "family_name" in changes:
        given = changes.get("given_name", person.given_name)
        if not (given or changes.get("family_name", person.family_name)):
            raise DomainError("Enter their first name or last name.")
    updated = Person.objects.filter(pk=person.pk, version=version).update(
        **changes, version=F("version") + 1
    )
    if not updated:
        raise VersionConflict(Person.objects.get(pk=person.pk))
    record_access(actor, person, Action.UPDATE, "person details", person.pk)
    return Person.objects.get(pk=person.pk)


@transaction.atomic
def add_supporter(*, actor: User, person: Person, data: dict[str, Any]) -> Supporter:
    supporter = Supporter(
        person=person, **{f: data[f] for f in SUPPORTER_FIELDS if f in data}
    )
    supporter.full_clean()
    supporter.save()
    record_access(actor, person, Action.CREATE, "supporter", supporter.pk)
    return supporter


@transaction.atomic
def update_supporter(
    *, actor: User, supporter: Supporter, data: dict[str, Any], version: int
) -> Supporter:
    changes = {f: data[f] for f in SUPPORTER_FIELDS if f in data}
    updated = Supporter.objects.filter(pk=supporter.pk, version=version).update(
        **changes, version=F("version") + 1
    )
    if not updated:
        raise VersionConflict(Supporter.objects.get(pk=supporter.pk))
    record_access(actor, supporter.person, Action.UPDATE, "supporter", supporter.pk)
    return Supporter.objects.get(pk=supporter.pk)
