"""Forms for projects, members, meetings and the contribution log. Every
message says what is wrong and what to do; the services check the same rules
whatever the form (`projects.services`)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms

from coassess.accounts.models import User
from coassess.coproduction.projects.models import (
    MEMBER_EXPERTISE,
    OFFERS,
    Contribution,
    Member,
    Recognition,
)
from coassess.coproduction.projects.services import Logged
from coassess.core.forms import add_date_fields, choice_field, clean_date
from coassess.core.text import text_field

EXPERTISE_CHOICES = [(e.value, e.label) for e in MEMBER_EXPERTISE]
POUNDS = re.compile(r"^\s*£?\s*(\d{1,6})(?:\.(\d{1,2}))?\s*$")


def expertise_field(label: str) -> forms.ChoiceField:
    return choice_field(label, EXPERTISE_CHOICES, "Choose what they bring.")


class ProjectForm(forms.Form):
    title = text_field("Project name", limit=200, long=False)
    purpose = text_field(
        "What is it for?",
        required=False,
        help_text="For example: make the room where people wait in the "
        "emergency department calmer and safer.",
    )
    expertise = expertise_field("What do you bring to it?")


class MemberForm(forms.Form):
    """A member of the team's staff, or a named person without an account."""

    user = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Someone from the team",
        empty_label="Someone without an account",
        error_messages={"invalid_choice": "Choose someone from the list."},
    )
    name = text_field(
        "Their name, if they have no account",
        required=False,
        limit=200,
        long=False,
        help_text="For example, an expert by experience who joins the meetings.",
    )
    expertise = expertise_field("What do they bring?")

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("user") is None and not data.get("name"):
            self.add_error("name", "Choose someone from the team, or write a name.")
        if data.get("user") is not None and data.get("name"):
            self.add_error(
                "name", "Leave the name empty when you choose someone from the team."
            )
        return data


class LeavingForm(forms.Form):
    """The date a member left the project."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_date_fields(self, "left_on", earliest_year=2000)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["left_on"] = clean_date(self, "left_on", what="the date they left")
        return data


class MeetingForm(forms.Form):
    notes = text_field("What happened and what was agreed")
    came = forms.ModelMultipleChoiceField(
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Who came",
        error_messages={"invalid_choice": "Choose people from the list."},
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_date_fields(self, "held_on", earliest_year=2000)
        self.fields["came"].queryset = members  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["held_on"] = clean_date(self, "held_on", what="the date of the meeting")
        return data


def _minutes_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        error_messages={
            "invalid": f"Enter the {label.lower()} as a whole number, like 2.",
            "min_value": f"Enter the {label.lower()} as 0 or more.",
        },
    )


def pence(text: str) -> int | None:
    """'12.50', '£3', '0.5' -> pence (1250, 300, 50); '' -> 0; None if not money."""
    if not text.strip():
        return 0
    found = POUNDS.match(text)
    if found is None:
        return None
    pounds, pennies = found.group(1), (found.group(2) or "0").ljust(2, "0")
    return int(Decimal(pounds) * 100) + int(pennies)


class ContributionForm(forms.Form):
    """One contribution: who (for those who run the project), the date, hours
    and minutes, what they did, the recognition offered and what was taken."""

    member = forms.ModelChoiceField(
        queryset=Member.objects.none(),
        label="Whose time is this?",
        empty_label="Choose a member",
        error_messages={
            "required": "Choose whose time this is.",
            "invalid_choice": "Choose a member of this project.",
        },
    )
    hours = _minutes_field("Hours")
    minutes = _minutes_field("Minutes")
    activity = text_field(
        "What did they do?",
        limit=500,
        long=False,
        help_text="For example: planning meeting, reading the draft leaflet.",
    )
    offered = choice_field(
        "What was offered for this time?",
        [(r.value, r.label) for r in OFFERS],
        "Choose what was offered for this time.",
    )
    taken = choice_field(
        "What did they take?",
        Recognition.choices,
        "Choose what they took.",
        help_text="They can take what was offered, or decline it.",
    )
    expenses = forms.CharField(
        label="Expenses, in pounds (if they took expenses)",
        required=False,
        max_length=12,
        help_text="For example, 12.50",
    )

    def __init__(
        self, *args: Any, members: Any, chooses_member: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]
        if not chooses_member:
            del self.fields["member"]
        add_date_fields(self, "worked_on", earliest_year=2000)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["worked_on"] = clean_date(self, "worked_on", what="the date")
        if "hours" not in self.errors and "minutes" not in self.errors:
            data["total"] = (data.get("hours") or 0) * 60 + (data.get("minutes") or 0)
        amount = pence(data.get("expenses") or "")
        if amount is None:
            self.add_error("expenses", "Enter expenses in pounds, like 12.50.")
        data["expenses_pence"] = amount or 0
        return data

    def logged(self) -> Logged:
        data = self.cleaned_data
        return Logged(
            worked_on=data["worked_on"],
            minutes=data["total"],
            activity=data["activity"],
            offered=data["offered"],
            taken=data["taken"],
            expenses_pence=data["expenses_pence"],
        )


class CorrectionForm(ContributionForm):
    why = text_field(
        "Why are you correcting it?",
        limit=1000,
        long=False,
        help_text="The entry as it was is kept, with this reason.",
    )


def contribution_initial(entry: Contribution) -> dict[str, Any]:
    """A correction form filled with `entry` as it is now."""
    expenses = entry.expenses_pence
    return {
        "member": entry.member_id,
        "worked_on_day": entry.worked_on.day,
        "worked_on_month": entry.worked_on.month,
        "worked_on_year": entry.worked_on.year,
        "hours": entry.minutes // 60,
        "minutes": entry.minutes % 60,
        "activity": entry.activity,
        "offered": entry.offered,
        "taken": entry.taken,
        "expenses": f"{expenses // 100}.{expenses % 100:02d}" if expenses else "",
    }
