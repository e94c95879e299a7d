"""Adding and changing people and supporters. Each change is logged in the same transaction.

Changes carry the version the writer started from. If someone else saved in
the meantime, `VersionConflict` is raised with what they saved, so the writer
sees both and nothing is silently overwritten.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from coassess.accesslog.models import Action
from coassess.accesslog.services import record_access
from coassess.accounts.models import User
from coassess.core.exceptions import DomainError, VersionConflict
from coassess.people.models import DUPLICATE_NHS_NUMBER, Person, Supporter, name_key

PERSON_FIELDS = (
    "given_name",
    "family_name",
    "preferred_name",
    "pronouns",
    "date_of_birth",
    "nhs_number",
    "communication_needs",
    "preferred_language",
    "interpreter_needed",
)
SUPPORTER_FIELDS = ("name", "relationship", "phone", "email", "notes")


def _check_nhs_number_free(nhs_number: str, exclude: Person | None = None) -> None:
    if not nhs_number:
        return
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
    _check_nhs_number_free(data.get("nhs_number", ""))
    person = Person(
        **{f: data[f] for f in PERSON_FIELDS if f in data},
        registered_by_team=membership.team,
        registered_by=actor,
    )
    person.family_name_key = name_key(person.family_name)
    person.full_clean()
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
    _check_nhs_number_free(data.get("nhs_number", ""), exclude=person)
    changes = {f: data[f] for f in PERSON_FIELDS if f in data}
    if "family_name" in changes:
        changes["family_name_key"] = name_key(changes["family_name"])
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
