"""What sharing choices, disclosures and holds say, to staff and to the person.

`disclosures_for_person` gives the words the person's own view shows about
information shared without asking them (DOMAIN.md §11: sharing without
consent is recorded with its lawful basis and shown to the person).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from coassess.core.presenters import local_date, local_datetime
from coassess.people.models import Person, Supporter
from coassess.people.sharing import CATEGORIES, Scope
from coassess.people.sharing_models import (
    Category,
    Disclosure,
    LawfulBasis,
    SharingChoice,
)

# What each category is, in the person's words ("shared ... with Jo").
FOR_PERSON = {
    Category.PLAN: "your plan",
    Category.DECISIONS: "the decisions made with you, and what people thought",
    Category.ASSESSMENT: "your whole assessment",
}
# When the law allows each basis, in plain words.
LAW_ALLOWS = {
    LawfulBasis.RISK_TO_OTHERS: "there is a serious risk that someone else could "
    "be harmed, and sharing can help keep them safe",
    LawfulBasis.BEST_INTERESTS: "someone cannot decide about sharing at the "
    "time, and sharing is in their best interests",
}


def _day(at: dt.datetime) -> str:
    return local_date(timezone.localtime(at).date())


@dataclass(frozen=True)
class CategoryState:
    """One category's line for staff: `label` ("The plan and contingency
    plan") and `state` ("Shared until 3 March 2026 at 21:00")."""

    category: str
    label: str
    state: str
    allowed: bool


def _consent_words(scope: Scope, category: str) -> str:
    if category in scope.consented:
        until = scope.consented[category]
        return f"Shared until {local_datetime(until)}" if until else "Shared"
    return "Not shared"


def category_states(scope: Scope) -> list[CategoryState]:
    """How each category stands for one supporter, for staff."""
    states = []
    for category in CATEGORIES:
        words = _consent_words(scope, category)
        if category in scope.disclosed:
            ends = local_datetime(scope.disclosed[category])
            words += f"; shared without consent until {ends}"
        if scope.held:
            words = f"Paused by a safeguarding hold ({words.lower()} when lifted)"
        states.append(
            CategoryState(category, category.label, words, scope.allows(category))
        )
    return states


def set_by_words(choice: SharingChoice, person: Person) -> str:
    """Who made a choice: "Sam, on their own device" or "Ada Shah, for Sam"."""
    if choice.by_person:
        return f"{person.called}, on {person.pronoun_words.their} own device"
    assert choice.set_by is not None  # the database requires one
    return f"{choice.set_by.display_name}, for {person.called}"


def choice_words(choice: SharingChoice) -> str:
    """What a choice said: "Shared", "Not shared", "Shared until ..."."""
    if not choice.granted:
        return "Not shared"
    return f"Shared until {local_datetime(choice.until)}" if choice.until else "Shared"


@dataclass(frozen=True)
class DisclosureNotice:
    """One disclosure without consent, told to the person: `words` to show,
    when it was made (`at`), when it ends (`until`) and whether it still
    applies (`in_force`)."""

    at: dt.datetime
    until: dt.datetime
    in_force: bool
    words: str


def _to_whom(disclosure: Disclosure) -> str:
    if disclosure.supporter is None:
        return "everyone you named to support you"
    return disclosure.supporter.name


def disclosure_words(disclosure: Disclosure, now: dt.datetime) -> str:
    """ "On 3 March 2026, Ada Shah shared your plan with Jo without asking
    you, because: .... The law allows this when .... This ends on ...."""
    ends = "ends" if disclosure.until > now else "ended"
    return (
        f"On {_day(disclosure.created_at)}, {disclosure.made_by.display_name} "
        f"shared {FOR_PERSON[Category(disclosure.category)]} with "
        f"{_to_whom(disclosure)} without asking you, because: "
        f"{disclosure.reason.rstrip('.')}. The law allows this when "
        f"{LAW_ALLOWS[LawfulBasis(disclosure.basis)]}. This {ends} on "
        f"{_day(disclosure.until)}."
    )


def disclosures_for_person(person: Person) -> list[DisclosureNotice]:
    """Every disclosure without consent about `person`, newest first, in words
    the person reads in their own view. One query."""
    now = timezone.now()
    rows = (
        Disclosure.objects.filter(person=person)
        .select_related("made_by", "supporter")
        .order_by("-created_at")
    )
    return [
        DisclosureNotice(
            at=d.created_at,
            until=d.until,
            in_force=d.created_at <= now < d.until,
            words=disclosure_words(d, now),
        )
        for d in rows
    ]


def disclosure_staff_words(disclosure: Disclosure) -> str:
    """For staff: "Ada Shah shared the plan and contingency plan with Jo
    Reid on 3 March 2026 at 09:00, until ...: a serious risk to other people"."""
    who = disclosure.supporter.name if disclosure.supporter else "all supporters"
    return (
        f"{disclosure.made_by.display_name} shared "
        f"{Category(disclosure.category).label.lower()} with {who} on "
        f"{local_datetime(disclosure.created_at)}, until "
        f"{local_datetime(disclosure.until)}. Lawful reason: "
        f"{LawfulBasis(disclosure.basis).label.lower()}."
    )


def supporter_heading(supporter: Supporter) -> str:
    return f"{supporter.name} ({supporter.relationship})"
