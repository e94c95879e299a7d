from __future__ import annotations

from typing import Any

from django import forms

from coassess.accesslog.models import Action
from coassess.accesslog.queries import Scope
from coassess.core.text import text_field


class EventFilterForm(forms.Form):
    """Query-string filters for the access log; bad values say so rather than erroring."""

    scope = forms.ChoiceField(
        label="Whose access",
        required=False,
        initial=Scope.TEAM,
        choices=[
            (Scope.TEAM, "Your team's staff"),
            (Scope.OUTSIDE, "Anyone outside your team, reading your people's records"),
        ],
    )
    person = forms.UUIDField(
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": "That person link is not right. Choose them again."},
    )
    action = forms.ChoiceField(
        label="What they did",
        required=False,
        choices=[("", "Anything"), *Action.choices],
    )
    staff = text_field("Staff username", required=False, limit=150, long=False)
    date_from = forms.DateField(
        label="From (YYYY-MM-DD)",
        required=False,
        error_messages={"invalid": "Enter the start date like 2026-11-26."},
    )
    date_to = forms.DateField(
        label="To (YYYY-MM-DD)",
        required=False,
        error_messages={"invalid": "Enter the end date like 2026-11-26."},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error(
                "date_to", "The end date must be the same as or after the start date."
            )
        return cleaned


class ReviewForm(forms.Form):
    # About a colleague's access, not the person: no wording prompts.
    review_note = text_field(
        "Review note (optional)", required=False, limit=2000, wording=None
    )
