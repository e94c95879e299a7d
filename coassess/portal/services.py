"""Changes the person makes from their own view (or a clinician for them)
that the portal itself keeps: which entries are private from supporters.
Each is logged in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from django.db import transaction
from django.db.models import UUIDField

from coassess.accesslog.models import Action
from coassess.accesslog.services import record_access, record_viewer_access
from coassess.accounts.models import Team, User
from coassess.assessments.models import (
    CapacityAssessment,
    Contribution,
    Corroboration,
    ImmediateConcern,
    KnownSource,
    Versioned,
)
from coassess.core.exceptions import DomainError, VersionConflict
from coassess.core.prepared import Prepared
from coassess.people.models import AccessCode, Person
from coassess.portal.models import PrivateFromSupporters


@transaction.atomic
def keep_private(
    *,
    person: Person,
    lineage: UUID,
    private: bool,
    code: AccessCode | None = None,
    actor: User | None = None,
    seen: int | None = None,
) -> PrivateFromSupporters:
    """Record that the entry `lineage` of `person`'s record is kept from all
    their supporters (`private` True) or no longer is, by the person with
    their own `code` or by a clinician `actor` for them (kept as
    `by_staff`: on the person's behalf). Takes effect at each supporter's
    next request. Raises DomainError when neither or both are given, when a
    supporter's code is given, or when no entry of this person's has that
    lineage. `seen`: how many choices about this entry the chooser saw; if
    another has been made since, VersionConflict carries the newest."""
    if (code is None) == (actor is None):
        raise DomainError("Say who made this choice: the person, or staff for them.")
    if code is not None and (code.supporter_id or code.person_id != person.pk):
        raise DomainError("Only the person can keep their own entries private.")
    if entry_assessment(person, lineage, withheld_too=True) is None:
        raise DomainError("That entry is not in this person's record.")
    if seen is not None:
        _check_seen(person, lineage, seen)
    mark = PrivateFromSupporters.objects.create(
        person=person, lineage=lineage, private=private, by_code=code, by_staff=actor
    )
    what = "private from supporters" if private else "shared again with supporters"
    if code is not None:
        record_viewer_access(code, person, Action.UPDATE, what, lineage)
    else:
        record_access(actor, person, Action.UPDATE, what, lineage)
    return mark


# Every kind of entry the person can keep from their supporters, and those of
# them that may be withheld from the person for a lawful reason.
KEEPABLE: tuple[type[Versioned], ...] = (
    Contribution,
    ImmediateConcern,
    KnownSource,
    Corroboration,
    CapacityAssessment,
)
WITHHOLDABLE: tuple[type[Versioned], ...] = (Contribution, Corroboration)


# What a staff page needs to name each kind's voice (`entry_words`), read with
# the entry in the same query.
_NAMED_BY: dict[type[Versioned], tuple[str, ...]] = {
    Contribution: ("voice",),
    ImmediateConcern: ("raised_by",),
    CapacityAssessment: ("assessed_by",),
}


def current_entries(
    person: Person,
    lineages: Iterable[UUID],
    *,
    team: Team | None = None,
    withheld_too: bool = False,
) -> dict[UUID, Versioned]:
    """{lineage: entry} for `person`'s current entries, of any kind in
    KEEPABLE, whose lineage is in `lineages` (with `team`, only those in an
    assessment by that team), with the participant who voiced each read too.
    A lineage is missing when no such entry is found: another person's entry,
    or (unless `withheld_too`: staff, and the service, whose mark on one shows
    no one anything) one withheld from the person. The one lookup of an entry
    by lineage, for the person's switch and for staff; at most one query per
    kind, none once every lineage is found."""
    wanted = set(lineages)
    found: dict[UUID, Versioned] = {}
    for model in KEEPABLE:
        if not wanted:
            break
        rows = model._default_manager.filter(
            lineage__in=wanted, is_current=True, assessment__person=person
        ).select_related(*_NAMED_BY.get(model, ()))
        if team is not None:
            rows = rows.filter(assessment__team=team)
        if model in WITHHOLDABLE and not withheld_too:
            # Only the withholdable kinds have the field (checked by name).
            rows = rows.filter(**{"withheld_reason": ""})
        for row in rows:
            found[row.lineage] = row
            wanted.discard(row.lineage)
    return found


def find_entry(
    person: Person,
    lineage: UUID,
    *,
    team: Team | None = None,
    withheld_too: bool = False,
) -> Versioned | None:
    """`person`'s current entry of any kind whose lineage is `lineage`, or
    None (`current_entries` says when)."""
    return current_entries(
        person, (lineage,), team=team, withheld_too=withheld_too
    ).get(lineage)


def entry_assessment(
    person: Person,
    lineage: UUID,
    *,
    team: Team | None = None,
    withheld_too: bool = False,
) -> UUID | None:
    """The id of the assessment holding `find_entry`'s entry, or None."""
    entry = find_entry(person, lineage, team=team, withheld_too=withheld_too)
    return None if entry is None else entry.assessment_id


def _check_seen(person: Person, lineage: UUID, seen: int) -> None:
    """Raise VersionConflict(the newest choice) if the entry has had a choice
    made since the chooser saw `seen` of them. Takes the person's row first,
    so two choices about one person queue."""
    Person.objects.select_for_update().filter(pk=person.pk).first()
    marks = PrivateFromSupporters.objects.filter(person=person, lineage=lineage)
    if marks.count() != seen:
        raise VersionConflict(
            marks.order_by("-created_at", "-pk").first(),
            "This changed after you opened the page, so your choice was not "
            "saved. Here is how it is now.",
        )


# Read on every page a supporter or the person opens (core.prepared).
_PRIVATE = Prepared(
    lambda person: (
        PrivateFromSupporters.objects.filter(person_id=person)
        .order_by("created_at", "pk")
        .values_list("lineage", "private")
    ),
    UUIDField(),
)


def private_lineages(person: Person) -> frozenset[UUID]:
    """The lineages of `person`'s entries kept private from every supporter
    now: for each, the newest choice (one query)."""
    newest: dict[UUID, bool] = {}
    for lineage, private in _PRIVATE.rows(person.pk):
        newest[lineage] = private
    return frozenset(lineage for lineage, private in newest.items() if private)
