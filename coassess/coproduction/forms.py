"""Forms for reflections, self-assessments and the instruments. Each is built
from the instrument version it answers, so its questions are data."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone

from coassess.accounts.models import Membership, Role, Team, User
from coassess.coproduction.dashboard import Scope
from coassess.coproduction.instruments import (
    DONT_KNOW,
    LADDERS,
    SELF_ASSESSMENT_SCALE,
    VALUE_SCALE,
    Item,
)
from coassess.coproduction.models import InstrumentVersion, Voice
from coassess.coproduction.services import ReflectionAnswers, SelfAssessmentAnswers
from coassess.coproduction.summary import INDICATORS, month_of
from coassess.core.forms import add_date_fields, choice_field, clean_date
from coassess.core.text import reason_field, text_field
from coassess.referrals.models import Source

# Reflections and self-assessments are about the team's practice, not written
# about a person, and co-production members fill them in: their boxes get no
# wording prompts (core.text: wording=None).

RELOAD = "This page is out of date. Open it again; what you typed is below."
VOICES = [
    (Voice.STAFF.value, "Me, as a member of staff"),
    (
        Voice.EXPERT.value,
        "Me, as an expert by experience (I bring my own lived experience)",
    ),
    (Voice.PERSON.value, "The person, who asked me to record their answers"),
    (Voice.SUPPORTER.value, "A supporter, who asked me to record their answers"),
]
VALUE_ANSWERS = [(str(n), words) for n, words in VALUE_SCALE] + [
    (DONT_KNOW, "Don't know")
]


def _hidden_token() -> forms.UUIDField:
    return forms.UUIDField(
        widget=forms.HiddenInput, error_messages={"required": RELOAD, "invalid": RELOAD}
    )


def _unknown_posted(form: forms.Form, prefix: str) -> str | None:
    """The first posted `prefix…` name the form has no field for, if any."""
    for name in form.data:
        if name.startswith(prefix) and name not in form.fields:
            return name[len(prefix) :]
    return None


class ReflectionForm(forms.Form):
    """A reflection: whose it is, an optional answer and comment per value,
    and an optional step on the team's ladder."""

    token = _hidden_token()
    voice = choice_field(
        "Whose answers are these?", VOICES, "Choose whose answers these are."
    )
    voice.error_messages["invalid_choice"] = "Choose whose answers these are."
    asked = forms.BooleanField(
        label="They asked me to record their answers for them", required=False
    )
    rung = forms.ChoiceField(
        label="Where was this work on the ladder?",
        required=False,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": "That step is not on the ladder. Choose one of the steps shown."
        },
    )
    ladder_comment = text_field(
        "Anything to add about the ladder? (optional)",
        required=False,
        limit=2000,
        wording=None,
    )

    def __init__(
        self,
        data: Any,
        *,
        values: InstrumentVersion,
        ladder: InstrumentVersion,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self.values_version, self.ladder_version = values, ladder
        for item in values.items:
            self.fields[f"value_{item['id']}"] = forms.ChoiceField(
                label=item["text"],
                choices=VALUE_ANSWERS,
                required=False,
                widget=forms.RadioSelect,
                help_text=item["name"],
                error_messages={
                    "invalid_choice": f"Choose an answer from “Not at all” to "
                    f"“Completely”, or “Don't know”, for {item['name']}."
                },
            )
            self.fields[f"comment_{item['id']}"] = text_field(
                f"Anything to add about {item['name'].lower()}? (optional)",
                required=False,
                limit=2000,
                wording=None,
            )
        rung: Any = self.fields["rung"]
        rung.choices = [(i["id"], i["name"]) for i in ladder.items]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        unknown = _unknown_posted(self, "value_")
        if unknown:
            raise forms.ValidationError(
                f"“{unknown}” is not one of the questions in version "
                f"{self.values_version.number}. Open the page again to see them."
            )
        return data

    def value_items(self) -> list[tuple[Item, forms.BoundField, forms.BoundField]]:
        """Each value with its answer and comment fields, for the template."""
        return [
            (item, self[f"value_{item['id']}"], self[f"comment_{item['id']}"])
            for item in self.values_version.items
        ]

    def answers(self, data: dict[str, Any]) -> ReflectionAnswers:
        """The cleaned data as the service takes it; unanswered values left out."""
        ratings: dict[str, tuple[int | None, str]] = {}
        for item in self.values_version.items:
            answer = data.get(f"value_{item['id']}") or ""
            comment = data.get(f"comment_{item['id']}") or ""
            if answer:
                ratings[item["id"]] = (
                    None if answer == DONT_KNOW else int(answer),
                    comment,
                )
            elif comment:
                ratings[item["id"]] = (None, comment)
        return ReflectionAnswers(
            voice=data["voice"],
            asked=bool(data.get("asked")),
            values_version=self.values_version,
            ratings=ratings,
            ladder_version=self.ladder_version,
            rung=data.get("rung") or "",
            ladder_comment=data.get("ladder_comment") or "",
        )


PERIODS = [
    ("3", "The last 3 months"),
    ("12", "The last 12 months"),
    ("all", "All time"),
]
DEFAULT_PERIOD = "12"


class PeriodForm(forms.Form):
    """Which reflections to count: those given in the last months, or all."""

    period = forms.ChoiceField(
        label="Reflections given in",
        choices=PERIODS,
        initial=DEFAULT_PERIOD,
        required=False,
        error_messages={"invalid_choice": "Choose one of the periods."},
    )

    def since(self, now: dt.datetime) -> dt.datetime | None:
        """The start of the period chosen (a bad or missing choice: the
        default), or None for all time. Months count as 30.44 days."""
        chosen = DEFAULT_PERIOD
        if self.is_bound and self.is_valid():
            chosen = self.cleaned_data["period"] or DEFAULT_PERIOD
        if chosen == "all":
            return None
        return now - dt.timedelta(days=round(30.44 * int(chosen)))


class LadderForm(forms.Form):
    ladder = choice_field(
        "Which ladder does your team use?",
        [(k.value, k.label) for k in LADDERS],
        "Choose one of the two ladders.",
    )
    ladder.error_messages["invalid_choice"] = "Choose one of the two ladders."


class InstrumentForm(forms.Form):
    """New words for each item of one instrument version, and why."""

    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = reason_field(
        "Why are you changing the words?",
        what="why you are changing the words",
        message="Say why you are changing the words.",
        limit=2000,
        wording=None,
    )

    def __init__(self, data: Any, *, version: InstrumentVersion, **kwargs: Any) -> None:
        super().__init__(data, initial={"based_on": version.number}, **kwargs)
        self.version = version
        for item in version.items:
            self.fields[f"text_{item['id']}"] = text_field(
                item["name"],
                message=f"Write the words for “{item['name']}”.",
                limit=300,
                wording=None,
            )
            self.fields[f"text_{item['id']}"].initial = item["text"]

    def item_fields(self) -> list[forms.BoundField]:
        return [self[f"text_{item['id']}"] for item in self.version.items]

    def texts(self, data: dict[str, Any]) -> dict[str, str]:
        return {item["id"]: data[f"text_{item['id']}"] for item in self.version.items}


SCORES = [(str(n), f"{n}: {words}") for n, words in SELF_ASSESSMENT_SCALE]


class SelfAssessmentForm(forms.Form):
    """One sitting of the team self-assessment: who took part, a score and
    evidence for each statement, and an action (owner and due date) where the
    group agreed one."""

    token = _hidden_token()
    staff_count = forms.IntegerField(
        label="How many staff took part?",
        min_value=1,
        max_value=200,
        error_messages={
            "required": "Say how many staff took part.",
            "min_value": "At least one member of staff takes part.",
            "invalid": "Enter the number of staff as a number, like 3.",
        },
    )
    expert_count = forms.IntegerField(
        label="How many experts by experience took part?",
        min_value=1,
        max_value=200,
        error_messages={
            "required": "Say how many experts by experience took part.",
            "min_value": "At least one expert by experience takes part. "
            "A self-assessment is done by a mixed group.",
            "invalid": "Enter the number as a number, like 3.",
        },
    )
    who_took_part = text_field(
        "Who took part? (optional)", required=False, limit=2000, wording=None
    )

    def __init__(self, data: Any, *, version: InstrumentVersion, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.version = version
        add_date_fields(self, "taken_on", earliest_year=2000)
        for item in version.items:
            key, name = item["id"], item["name"]
            self.fields[f"score_{key}"] = choice_field(
                item["text"], SCORES, f"Choose a score from 1 to 5 for “{name}”."
            )
            self.fields[f"score_{key}"].error_messages["invalid_choice"] = (
                f"Choose a score from 1 to 5 for “{name}”."
            )
            self.fields[f"evidence_{key}"] = text_field(
                f"{name}: what shows this? (optional)",
                required=False,
                limit=2000,
                wording=None,
            )
            self.fields[f"action_{key}"] = text_field(
                f"{name}: what will you do next? (optional)",
                required=False,
                limit=2000,
                wording=None,
            )
            self.fields[f"owner_{key}"] = text_field(
                f"{name}: who will do it?", required=False, limit=200, long=False
            )
            add_date_fields(self, f"due_{key}", earliest_year=2000)

    def statements(self) -> list[dict[str, Any]]:
        """Each statement with its bound fields, for the template."""
        return [
            {
                "item": item,
                "score": self[f"score_{item['id']}"],
                "evidence": self[f"evidence_{item['id']}"],
                "action": self[f"action_{item['id']}"],
                "owner": self[f"owner_{item['id']}"],
                "due": f"due_{item['id']}",
            }
            for item in self.version.items
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        unknown = _unknown_posted(self, "score_")
        if unknown:
            raise forms.ValidationError(
                f"“{unknown}” is not one of the statements in version "
                f"{self.version.number}. Open the page again to see them."
            )
        data["taken_on"] = clean_date(
            self,
            "taken_on",
            what="the date the group met",
            example="15 3 2026",
            past_message="The date the group met cannot be in the future.",
        )
        data["actions"] = {
            item["id"]: action
            for item in self.version.items
            if (action := self._action(data, item)) is not None
        }
        return data

    def _action(
        self, data: dict[str, Any], item: Item
    ) -> tuple[str, str, dt.date] | None:
        key, name = item["id"], item["name"]
        text, owner = data.get(f"action_{key}") or "", data.get(f"owner_{key}") or ""
        due = clean_date(
            self,
            f"due_{key}",
            what=f"when the action for “{name}” is due",
            required=bool(text),
            example="15 3 2027",
        )
        if not text:
            if owner or due:
                self.add_error(
                    f"action_{key}",
                    f"Write the action for “{name}”, or leave who and when empty.",
                )
            return None
        if not owner:
            self.add_error(f"owner_{key}", f"Say who will do the action for “{name}”.")
        return (text, owner, due) if owner and due else None

    def answers(self, data: dict[str, Any]) -> SelfAssessmentAnswers:
        return SelfAssessmentAnswers(
            version=self.version,
            taken_on=data["taken_on"],
            staff_count=data["staff_count"],
            expert_count=data["expert_count"],
            who_took_part=data.get("who_took_part") or "",
            scores={
                item["id"]: (
                    int(data[f"score_{item['id']}"]),
                    data.get(f"evidence_{item['id']}") or "",
                )
                for item in self.version.items
            },
            actions=data["actions"],
        )


DASHBOARD_ROLES = (Role.TEAM_LEAD, Role.COPRODUCTION)
MONTHS_BACK = 36
SOURCES = [("", "Every source"), *Source.choices]


def month_label(month: dt.date) -> str:
    """'March 2026'."""
    return month.strftime("%B %Y")


def month_choices(today: dt.date) -> list[tuple[str, str]]:
    """The last MONTHS_BACK months up to `today`'s, newest first: ('2026-03', 'March 2026')."""
    month = today.replace(day=1)
    choices = []
    for _ in range(MONTHS_BACK):
        choices.append((month.isoformat()[:7], month_label(month)))
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return choices


def memberships(user: User) -> list[Membership]:
    """The user's teams where they lead or co-produce, oldest membership first."""
    return list(
        Membership.objects.select_related("team")
        .filter(user=user, role__in=DASHBOARD_ROLES)
        .order_by("created_at")
    )


class ScopeForm(forms.Form):
    """Which team's figures, over which months, from which source."""

    site = forms.ChoiceField(
        label="Site",
        error_messages={"invalid_choice": "Choose one of your teams' sites."},
    )
    start = forms.ChoiceField(
        label="From",
        error_messages={"invalid_choice": "Choose a month from the list for 'From'."},
    )
    end = forms.ChoiceField(
        label="To",
        error_messages={"invalid_choice": "Choose a month from the list for 'To'."},
    )
    source = forms.ChoiceField(
        label="Where the referral came from",
        choices=SOURCES,
        required=False,
        error_messages={"invalid_choice": "Choose a source from the list."},
    )
    measure = forms.ChoiceField(
        label="Measure to follow month by month",
        choices=[(i.name, i.label) for i in INDICATORS],
        required=False,
        error_messages={"invalid_choice": "Choose a measure from the list."},
    )

    def __init__(self, data: Any, *, user: User) -> None:
        self.teams = {str(m.team.pk): m for m in memberships(user)}
        this_month = month_of(timezone.now())
        months = month_choices(this_month)
        if not data or "site" not in data:
            first = next(iter(self.teams), "")
            data = {
                "site": first,
                "start": months[11][0],
                "end": months[0][0],
                "source": "",
            } | {k: v for k, v in (data or {}).items() if k in ("source", "measure")}
        super().__init__(data)
        choice_fields = {k: cast(forms.ChoiceField, f) for k, f in self.fields.items()}
        choice_fields["site"].choices = [
            (pk, f"{m.team.site} ({m.team.name})") for pk, m in self.teams.items()
        ]
        choice_fields["start"].choices = months
        choice_fields["end"].choices = months

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "'To' must be the same month as 'From' or later.")
        return data

    @property
    def team(self) -> Team:
        return self.teams[self.cleaned_data["site"]].team

    @property
    def leads(self) -> bool:
        """Whether the member leads the chosen team (and so may open its records)."""
        return self.teams[self.cleaned_data["site"]].role == Role.TEAM_LEAD

    def scope(self) -> Scope:
        """The chosen scope (call after is_valid())."""
        d = self.cleaned_data
        return Scope(
            team=self.team,
            start=dt.date.fromisoformat(d["start"] + "-01"),
            end=dt.date.fromisoformat(d["end"] + "-01"),
            source=d["source"] or "",
        )

    def query(self) -> dict[str, str]:
        """The choices as a query string's parameters, for links."""
        keys = ("site", "start", "end", "source", "measure")
        return {k: self.cleaned_data.get(k) or "" for k in keys}

    @property
    def followed(self) -> str:
        """The indicator to follow month by month (the first by default)."""
        return str(self.cleaned_data.get("measure") or INDICATORS[0].name)


def month_param(value: str | None) -> dt.date | None:
    """A 'YYYY-MM' parameter as the first of that month; None if absent or wrong."""
    try:
        return dt.date.fromisoformat(f"{value}-01") if value else None
    except ValueError:
        return None
