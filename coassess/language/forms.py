from __future__ import annotations

from django import forms

from coassess.core.text import reason_field
from coassess.language.models import Choice

AUDIENCES = [("staff", "Staff record"), ("person", "Written for the person")]


class CheckForm(forms.Form):
    """What htmx sends as someone types: the text, who it is for, and which box it is."""

    text = forms.CharField(required=False, max_length=100_000, strip=False)
    audience = forms.ChoiceField(choices=AUDIENCES, required=False)
    field = forms.RegexField(regex=r"^[A-Za-z0-9_.-]{1,80}$")


class ChoiceForm(forms.Form):
    rule_id = forms.CharField(max_length=100)
    choice = forms.ChoiceField(choices=Choice.choices)


class TeamRulesForm(forms.Form):
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    text = forms.CharField(
        label="Your team's rules",
        required=False,
        max_length=100_000,
        widget=forms.Textarea,
        strip=False,
        help_text="TOML. Add terms, change suggestions, or switch shipped rules off.",
    )
    reason = reason_field(
        "Why are you making this change?",
        what="why you are making this change",
        wording=None,
        message="Say why you are making this change.",
        limit=2000,
    )
