"""How people and their details are shown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from coassess.accesslog.services import record_listing
from coassess.accounts.models import User
from coassess.core.presenters import local_date
from coassess.people import nhs_number
from coassess.people.access import grounds_for_access
from coassess.people.birth import Birth
from coassess.people.forms import FindPersonForm
from coassess.people.models import Person, Supporter
from coassess.people.queries import find_people

LABELS = {
    "given_name": "First name",
    "family_name": "Last name",
    "preferred_name": "Preferred name",
    "pronouns": "Pronouns",
    "birth": "Date of birth",
    "nhs_number": "NHS number",
    "communication_needs": "Communication needs",
    "preferred_language": "Language",
    "interpreter_needed": "Interpreter",
    "name": "Name",
    "relationship": "Relationship",
    "phone": "Phone",
    "email": "Email",
    "notes": "Notes",
}


def show_value(value: Any) -> str:
    if isinstance(value, Birth):
        return value.summary(timezone.localdate())
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return local_date(value)
    return str(value) if value not in (None, "") else "Not given"


@dataclass
class PersonPresenter:
    person: Person
    viewer: User

    @property
    def pk(self) -> Any:
        return self.person.pk

    @property
    def name(self) -> str:
        return self.person.name

    @property
    def legal_name(self) -> str:
        return self.person.legal_name

    @property
    def date_of_birth(self) -> str:
        """'12 April 1991 (age 34)', 'April 1991, day not known (age 33 or 34)',
        'Not known: about 34, estimated on 3 March 2026'."""
        return self.person.birth.summary(timezone.localdate())

    @property
    def born(self) -> str:
        """For lists: 'Born 12 April 1991 (age 34).', 'Date of birth not known
        (about 34).'"""
        return self.person.birth.sentence(timezone.localdate())

    @property
    def identity(self) -> str:
        return self.person.identity

    @property
    def nhs_number(self) -> str:
        return nhs_number.formatted(self.person.nhs_number) or "Not known"

    @property
    def can_open(self) -> bool:
        return grounds_for_access(self.viewer, self.person) is not None

    @property
    def team_name(self) -> str:
        return self.person.registered_by_team.name

    def details(self) -> list[tuple[str, str]]:
        p = self.person
        return [
            ("Name they like to be called", p.called),
            ("Full name", p.legal_name),
            ("Pronouns", p.pronouns or "Not given"),
            ("Date of birth", self.date_of_birth),
            ("NHS number", self.nhs_number),
            ("Language", p.preferred_language or "Not given"),
            (
                "Interpreter",
                f"Yes, {p.pronoun_words.they} would like one"
                if p.interpreter_needed
                else "No",
            ),
            ("Communication needs", p.communication_needs or "None given"),
        ]


def changed_fields(
    current: Person | Supporter, submitted: dict[str, Any]
) -> list[dict[str, str]]:
    """What the other person saved beside what this writer typed, field by field."""
    rows = []
    for field, label in LABELS.items():
        if field in submitted and hasattr(current, field):
            theirs, yours = getattr(current, field), submitted[field]
            if show_value(theirs) != show_value(yours):
                rows.append(
                    {
                        "label": label,
                        "theirs": show_value(theirs),
                        "yours": show_value(yours),
                    }
                )
    return rows


def search_results(viewer: User, form: FindPersonForm) -> list[PersonPresenter] | None:
    """The people a valid search finds, each listing logged; None before a search."""
    if not (form.is_bound and form.is_valid()):
        return None
    data = form.cleaned_data
    people = find_people(
        nhs_number=data.get("nhs_number", ""),
        family_name=data.get("family_name", ""),
        given_name=data.get("given_name", ""),
        birth=data.get("birth"),
    )
    return listed(viewer, people, what="search result")


def listed(viewer: User, people: list[Person], *, what: str) -> list[PersonPresenter]:
    """People shown in a list for `viewer` to choose from, each logged as `what`."""
    record_listing(actor=viewer, people=people, what=what)
    return [PersonPresenter(p, viewer=viewer) for p in people]
