"""Changing what supporters may see. Each change is a new row, logged in the
same transaction (`accesslog.services.record_access`); nothing is updated or
deleted (`people.sharing_models`, `people.sharing_triggers`).

Who may do what (on top of the page's access policy, `people.access`):

- a sharing choice: the person themselves (`by_person=True`, no staff
  member: the person's own view calls this), or any clinical member of staff
  on their behalf (recorded as such, with who);
- sharing without consent and lifting a hold: a clinician or the team lead;
- placing a hold: any clinical member of staff, at once;
- reviewing a hold: the lead of the team whose member placed it.

Every refusal is a DomainError with a plain message; a choice changed by
someone else since the writer saw it is a VersionConflict.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from coassess.accesslog.models import Action
from coassess.accesslog.services import record_access, record_viewer_access
from coassess.accounts.models import CLINICAL_ROLES, Role, User
from coassess.core.exceptions import DomainError, VersionConflict
from coassess.core.text import clean_reason
from coassess.people.models import AccessCode, Person, Supporter
from coassess.people.sharing_models import (
    Category,
    Disclosure,
    HoldLift,
    HoldReview,
    LawfulBasis,
    SafeguardingHold,
    SharingChoice,
)

PAST_LIMIT = "The time limit must be in the future."
NOT_THEIR_SUPPORTER = "This supporter is not one of {name}’s supporters."
DECIDERS = frozenset({Role.CLINICIAN, Role.TEAM_LEAD})
REASON_LIMIT = 2000


def _role(actor: User | None) -> str:
    membership = actor.membership if actor is not None else None
    return membership.role if membership is not None else ""


def may_decide(actor: User | None) -> bool:
    """Whether `actor` may share without consent and lift holds."""
    return _role(actor) in DECIDERS


def _require(actor: User | None, roles: frozenset[Role], refusal: str) -> None:
    if _role(actor) not in roles:
        raise DomainError(refusal)


def _future(until: dt.datetime | None) -> None:
    if until is not None and until <= timezone.now():
        raise DomainError(PAST_LIMIT)


def _current(supporter: Supporter, category: str) -> SharingChoice | None:
    return (
        SharingChoice.objects.filter(supporter=supporter, category=category)
        .order_by("-number")
        .first()
    )


def _check_chooser(
    supporter: Supporter,
    by_person: bool,
    actor: User | None,
    via_code: AccessCode | None,
) -> None:
    """Refuse a choice that is neither the person's own nor recorded by
    clinical staff for them, or made with any code but the person's own."""
    if by_person and actor is not None:
        raise DomainError(
            "A choice is the person’s own or recorded by staff, not both."
        )
    if not by_person:
        _require(actor, CLINICAL_ROLES, "Only clinical staff can record this.")
    if via_code is not None and (
        not by_person
        or via_code.supporter_id is not None
        or via_code.person_id != supporter.person_id
    ):
        raise DomainError("Only the person can choose this with their own code.")


@transaction.atomic
def set_sharing(
    *,
    supporter: Supporter,
    category: str,
    granted: bool,
    seen: int,
    by_person: bool,
    actor: User | None = None,
    until: dt.datetime | None = None,
    reason: str = "",
    via_code: AccessCode | None = None,
) -> SharingChoice:
    """Record a choice: `supporter` may (`granted`) or may not see `category`
    (a Category value), until `until` (aware, in the future; only with
    `granted`; None: no limit).

    `seen` is the number of the current choice the writer saw (0: none;
    `sharing.current_numbers`). `by_person`: the person chose on their own
    device, and `actor` must be None; otherwise `actor` is the clinical member
    of staff recording it on their behalf. `via_code` is the person's own
    access code when they chose on their own device (people.viewer): the
    choice is then logged as theirs, with the code. `reason` is optional words.

    Raises DomainError for an unknown category, a limit in the past or on a
    withheld choice, a reason that is not words, or a missing or non-clinical
    actor; VersionConflict (its `current`, the choice saved since) when
    `seen` is not the current number.
    """
    if category not in Category.values:
        raise DomainError(
            "Choose what this is about: the plan, decisions or the assessment."
        )
    if until is not None and not granted:
        raise DomainError("A time limit goes only with sharing.")
    _future(until)
    _check_chooser(supporter, by_person, actor, via_code)
    reason = clean_reason(reason, what="why", limit=REASON_LIMIT, required=False)
    current = _current(supporter, category)
    if (current.number if current else 0) != seen:
        raise VersionConflict(current)
    try:
        with transaction.atomic():
            choice = SharingChoice.objects.create(
                supporter=supporter,
                category=category,
                granted=granted,
                until=until,
                by_person=by_person,
                set_by=None if by_person else actor,
                reason=reason,
                number=seen + 1,
            )
    except IntegrityError as exc:  # someone saved the same number just now
        raise VersionConflict(_current(supporter, category)) from exc
    what = "sharing choice" + (" (by the person)" if by_person else "")
    if via_code is not None:
        record_viewer_access(via_code, supporter.person, Action.CREATE, what, choice.pk)
    else:
        record_access(actor, supporter.person, Action.CREATE, what, choice.pk)
    return choice


def _their_supporter(person: Person, supporter: Supporter | None) -> None:
    if supporter is not None and supporter.person_id != person.pk:
        raise DomainError(NOT_THEIR_SUPPORTER.format(name=person.called))


@transaction.atomic
def record_disclosure(
    *,
    actor: User,
    person: Person,
    supporter: Supporter | None,
    category: str,
    basis: str,
    reason: str,
    until: dt.datetime,
) -> Disclosure:
    """Share `category` with `supporter` (None: all the person's supporters)
    without the person's consent, on the lawful `basis` (a LawfulBasis value)
    for `reason` (words), from now until `until` (aware, in the future).

    Raises DomainError when `actor` is not a clinician or team lead, the
    supporter is someone else's, the basis or category is unknown, the reason
    is not words, or `until` is not in the future.
    """
    _require(
        actor, DECIDERS, "Only a clinician or the team lead can share without consent."
    )
    _their_supporter(person, supporter)
    if basis not in LawfulBasis.values or category not in Category.values:
        raise DomainError("Choose what to share and the lawful reason.")
    _future(until)
    reason = clean_reason(reason, what="why this must be shared", limit=REASON_LIMIT)
    disclosure = Disclosure.objects.create(
        person=person,
        supporter=supporter,
        category=category,
        basis=basis,
        reason=reason,
        until=until,
        made_by=actor,
    )
    record_access(
        actor,
        person,
        Action.CREATE,
        "disclosure without consent",
        disclosure.pk,
        reason=reason,
    )
    return disclosure


@transaction.atomic
def place_hold(
    *, actor: User, person: Person, supporter: Supporter, reason: str
) -> SafeguardingHold:
    """Suspend `supporter`'s access at once, for `reason` (words); the lead of
    `actor`'s team reviews it.

    Raises DomainError when `actor` is not clinical staff, `supporter` is not
    `person`'s, a hold is already in force, or the reason is not words.
    """
    _require(
        actor, CLINICAL_ROLES, "Only clinical staff can pause a supporter’s access."
    )
    _their_supporter(person, supporter)
    reason = clean_reason(reason, what="why their access is paused", limit=REASON_LIMIT)
    # Holds are placed one at a time for a supporter: lock the supporter row.
    Supporter.objects.select_for_update().filter(pk=supporter.pk).first()
    if SafeguardingHold.objects.filter(supporter=supporter, lift__isnull=True).exists():
        raise DomainError(f"{supporter.name}’s access is already paused.")
    membership = actor.membership
    assert membership is not None  # checked by _require
    hold = SafeguardingHold.objects.create(
        supporter=supporter, reason=reason, placed_by=actor, team=membership.team
    )
    record_access(actor, person, Action.CREATE, "safeguarding hold", hold.pk)
    return hold


@transaction.atomic
def review_hold(*, reviewer: User, hold: SafeguardingHold, note: str) -> HoldReview:
    """The team lead's review of `hold`, with an optional `note`. Raises
    DomainError unless `reviewer` leads the team whose member placed it."""
    membership = reviewer.membership
    if (
        membership is None
        or membership.role != Role.TEAM_LEAD
        or membership.team_id != hold.team_id
    ):
        raise DomainError("Only the lead of the team that paused access can review it.")
    note = clean_reason(
        note, what="your review note", limit=REASON_LIMIT, required=False
    )
    review = HoldReview.objects.create(hold=hold, note=note, reviewed_by=reviewer)
    record_access(
        reviewer, hold.supporter.person, Action.REVIEW, "safeguarding hold", hold.pk
    )
    return review


@transaction.atomic
def lift_hold(*, actor: User, hold: SafeguardingHold, reason: str) -> HoldLift:
    """End `hold`, for `reason` (words). Raises DomainError when `actor` is not a
    clinician or team lead, the reason is not words, or it is already lifted."""
    _require(actor, DECIDERS, "Only a clinician or the team lead can lift a hold.")
    reason = clean_reason(reason, what="why the hold can end", limit=REASON_LIMIT)
    try:
        with transaction.atomic():
            lift = HoldLift.objects.create(hold=hold, reason=reason, lifted_by=actor)
    except IntegrityError as exc:
        raise DomainError("This hold has already been lifted.") from exc
    record_access(
        actor, hold.supporter.person, Action.UPDATE, "safeguarding hold", hold.pk
    )
    return lift
