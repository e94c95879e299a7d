"""What a supporter may see: the one rule, and the reads around it.

`supporter_scope` is the single source of truth. The supporter's pages, the
PDF, every fragment and any export ask it, and nothing else, what a supporter
sees. Its rules, in order:

1. A safeguarding hold in force (placed, not lifted) allows nothing, whatever
   the person chose and whatever was shared without consent.
2. Otherwise a category is allowed when the person's current choice grants it
   (with no time limit, or a limit still to come at `at`), or when a
   disclosure without consent covers it (for this supporter or all of the
   person's supporters) from when it was made until its end.
3. Anything else is withheld: with no choice recorded, nothing is shared.

Choices, holds, lifts and disclosures count from when they were recorded; a
withdrawal or a hold takes effect at the supporter's next request.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import DateTimeField, Exists, OuterRef, Q, QuerySet, UUIDField
from django.utils import timezone

from coassess.accounts.models import Team
from coassess.core.prepared import Prepared, columns, instances
from coassess.people.models import Person, Supporter
from coassess.people.sharing_models import (
    Category,
    Disclosure,
    HoldReview,
    SafeguardingHold,
    SharingChoice,
)

CATEGORIES: tuple[Category, ...] = tuple(Category)


@dataclass(frozen=True)
class Scope:
    """What one supporter may see at the instant `at`.

    `consented`: each category the person's current choice grants at `at`,
    with the end of its time limit (None: no end). `disclosed`: each category
    shared without consent at `at`, with when that ends (the latest end when
    several disclosures cover it). `held`: a safeguarding hold is in force.
    `allowed` says what may be shown: nothing while held, else the union.
    """

    supporter_id: uuid.UUID
    at: dt.datetime
    held: bool
    consented: Mapping[str, dt.datetime | None]
    disclosed: Mapping[str, dt.datetime]

    @property
    def allowed(self) -> frozenset[str]:
        """The categories (Category values) the supporter may see now."""
        if self.held:
            return frozenset()
        return frozenset(self.consented) | frozenset(self.disclosed)

    def allows(self, category: str) -> bool:
        """Whether `category` (a Category value) may be shown to the supporter."""
        return category in self.allowed


# The newest choice of one supporter in one category: its number, whether it
# grants, and the end of its time limit (None: no end).
Choice = tuple[int, bool, dt.datetime | None]
# A disclosure in force: to whom (None: all the person's supporters), whose
# record, which category, and when it ends.
InForce = tuple[uuid.UUID | None, uuid.UUID, str, dt.datetime]


CHOICE_COLUMNS = ("supporter_id", "category", "number", "granted", "until")
IN_FORCE_COLUMNS = ("supporter_id", "person_id", "category", "until")


def _newest_choices(
    ids: list[uuid.UUID], at: dt.datetime
) -> dict[tuple[uuid.UUID, str], Choice]:
    """Per (supporter id, category) the choice with the highest number made by
    `at`, in one query of plain rows (choices are few: one a change)."""
    return _newest(
        SharingChoice.objects.filter(
            supporter_id__in=ids, created_at__lte=at
        ).values_list(*CHOICE_COLUMNS)
    )


def _newest(rows: Iterable[Sequence[Any]]) -> dict[tuple[uuid.UUID, str], Choice]:
    """Per (supporter id, category), of choice rows (CHOICE_COLUMNS), the one
    with the highest number."""
    newest: dict[tuple[uuid.UUID, str], Choice] = {}
    for supporter_id, category, number, granted, until in rows:
        key = (supporter_id, category)
        if key not in newest or number > newest[key][0]:
            newest[key] = (number, granted, until)
    return newest


def _held(ids: list[uuid.UUID], at: dt.datetime) -> set[uuid.UUID]:
    """The supporters among `ids` with a hold in force at `at` (placed by
    then, and not lifted by then), in one query."""
    return set(
        _hold_in_force(
            SafeguardingHold.objects.filter(supporter_id__in=ids), at
        ).values_list("supporter_id", flat=True)
    )


def _in_force(people: set[uuid.UUID], at: dt.datetime) -> list[InForce]:
    """The disclosures about `people` in force at `at`, in one query."""
    return list(
        Disclosure.objects.filter(
            person_id__in=people, created_at__lte=at, until__gt=at
        ).values_list(*IN_FORCE_COLUMNS)
    )


def _hold_in_force(supporters: QuerySet[SafeguardingHold], at: dt.datetime) -> Any:
    """Of `supporters`' holds, those in force at `at` (placed by then, and not
    lifted by then)."""
    return supporters.filter(created_at__lte=at).exclude(
        Q(lift__isnull=False) & Q(lift__created_at__lte=at)
    )


# One supporter's scope, read on every page of their session: the same reads
# as `with_scopes`, for one supporter, compiled once per connection.
_SUPPORTER = Prepared(
    lambda pk: Supporter.objects.filter(pk=pk).values_list(*columns(Supporter)),
    UUIDField(),
)
_CHOICES_OF = Prepared(
    lambda pk, at: SharingChoice.objects.filter(
        supporter_id=pk, created_at__lte=at
    ).values_list(*CHOICE_COLUMNS),
    UUIDField(),
    DateTimeField(),
)
_HELD = Prepared(
    lambda pk, at: _hold_in_force(
        SafeguardingHold.objects.filter(supporter_id=pk), at
    ).values_list("supporter_id"),
    UUIDField(),
    DateTimeField(),
)
_IN_FORCE_FOR = Prepared(
    lambda person, at: Disclosure.objects.filter(
        person_id=person, created_at__lte=at, until__gt=at
    ).values_list(*IN_FORCE_COLUMNS),
    UUIDField(),
    DateTimeField(),
)


def _scope(
    row: Supporter,
    at: dt.datetime,
    newest: dict[tuple[uuid.UUID, str], Choice],
    held: set[uuid.UUID],
    in_force: list[InForce],
) -> Scope:
    consented: dict[str, dt.datetime | None] = {}
    disclosed: dict[str, dt.datetime] = {}
    for category in CATEGORIES:
        choice = newest.get((row.pk, category))
        if choice is not None and choice[1] and (choice[2] is None or choice[2] > at):
            consented[category] = choice[2]
        ends = [
            until
            for to, person_id, about, until in in_force
            if about == category
            and person_id == row.person_id
            and (to is None or to == row.pk)
        ]
        if ends:
            disclosed[category] = max(ends)
    return Scope(
        supporter_id=row.pk,
        at=at,
        held=row.pk in held,
        consented=consented,
        disclosed=disclosed,
    )


def with_scopes(
    supporters: QuerySet[Supporter], at: dt.datetime | None = None
) -> list[tuple[Supporter, Scope]]:
    """Each supporter of `supporters` with their Scope at `at` (default now),
    in four queries of plain rows however many supporters and choices there
    are (the supporters; their choices; their holds in force; the
    disclosures in force about their people)."""
    when = at or timezone.now()
    rows = list(supporters)
    if not rows:
        return []
    ids = [row.pk for row in rows]
    newest = _newest_choices(ids, when)
    held = _held(ids, when)
    in_force = _in_force({row.person_id for row in rows}, when)
    return [(row, _scope(row, when, newest, held, in_force)) for row in rows]


def supporter_scope(supporter: Supporter, at: dt.datetime | None = None) -> Scope:
    """What `supporter` may see at `at` (an aware datetime; default now), by
    the rules in this module's docstring. Four small queries, each compiled
    once per connection: `with_scopes`'s reads, for one supporter.

    Raises Supporter.DoesNotExist if the supporter is not (or no longer) in
    the database. Never raises for lack of choices: no choice means withheld.
    """
    when = at or timezone.now()
    found = instances(Supporter, _SUPPORTER.rows(supporter.pk))
    if not found:
        raise Supporter.DoesNotExist(f"No supporter {supporter.pk}.")
    (row,) = found
    return _scope(
        row,
        when,
        _newest(_CHOICES_OF.rows(row.pk, when)),
        {pk for (pk,) in _HELD.rows(row.pk, when)},
        [
            (to, person, about, until)
            for to, person, about, until in _IN_FORCE_FOR.rows(row.person_id, when)
        ],
    )


def scopes_for_person(
    person: Person, at: dt.datetime | None = None
) -> list[tuple[Supporter, Scope]]:
    """Every supporter of `person` with their Scope, in four queries."""
    return with_scopes(person.supporters.order_by("name"), at)


def current_numbers(supporter: Supporter) -> dict[str, int]:
    """The number of the current choice for each category (0: none yet): what a
    form must send back to change it (`set_sharing`'s `seen`)."""
    numbers: dict[str, int] = {str(c): 0 for c in CATEGORIES}
    for category, number in SharingChoice.objects.filter(
        supporter=supporter
    ).values_list("category", "number"):
        numbers[category] = max(numbers[category], number)
    return numbers


def choice_history(supporter: Supporter) -> QuerySet[SharingChoice]:
    """Every choice ever made for `supporter`, newest first, with who set it."""
    return (
        SharingChoice.objects.filter(supporter=supporter)
        .select_related("set_by")
        .order_by("-created_at", "-number")
    )


def holds_of(supporter: Supporter) -> QuerySet[SafeguardingHold]:
    """Every hold on `supporter`, newest first, with its lift and reviews."""
    return (
        SafeguardingHold.objects.filter(supporter=supporter)
        .select_related("placed_by", "lift__lifted_by")
        .prefetch_related("reviews__reviewed_by")
        .order_by("-created_at")
    )


def hold_in_force(supporter: Supporter) -> SafeguardingHold | None:
    """The hold on `supporter` not yet lifted, if any."""
    return (
        SafeguardingHold.objects.filter(supporter=supporter, lift__isnull=True)
        .order_by("-created_at")
        .first()
    )


def disclosures_about(supporter: Supporter) -> QuerySet[Disclosure]:
    """Disclosures without consent that reach `supporter` (to them, or to all
    of the person's supporters), newest first."""
    return (
        Disclosure.objects.filter(
            Q(supporter=supporter) | Q(supporter__isnull=True),
            person_id=supporter.person_id,
        )
        .select_related("made_by", "supporter")
        .order_by("-created_at")
    )


def team_holds(team: Team) -> QuerySet[SafeguardingHold]:
    """Holds placed by members of `team` (its lead reviews them), newest first,
    with the supporter, the person, who placed it, any lift and the reviews."""
    return (
        SafeguardingHold.objects.filter(team=team)
        .select_related("supporter__person", "placed_by", "lift__lifted_by")
        .prefetch_related("reviews__reviewed_by")
        .order_by("-created_at")
    )


def waiting_holds(team: Team) -> QuerySet[SafeguardingHold]:
    """The team's holds no lead has reviewed yet, newest first."""
    return team_holds(team).exclude(
        Exists(HoldReview.objects.filter(hold=OuterRef("pk")))
    )


def reviewed_holds(team: Team) -> QuerySet[SafeguardingHold]:
    """The team's holds with at least one review, newest first."""
    return team_holds(team).filter(
        Exists(HoldReview.objects.filter(hold=OuterRef("pk")))
    )
