"""Forms of the person's and supporters' own view."""

from __future__ import annotations

from django import forms


class SignInForm(forms.Form):
    code = forms.CharField(
        label="Your code",
        help_text="10 letters and numbers, on your card or paper. For example, K7MPQ-3XWRT.",
        max_length=40,
        error_messages={"required": "Enter your code"},
    )
    answer = forms.CharField(
        label="What you were asked to remember",
        help_text=(
            "Your date of birth (for example, 12 4 1991), the word you agreed "
            "with the team, or the last 4 numbers of your phone."
        ),
        max_length=100,
        error_messages={"required": "Enter what you were asked to remember"},
    )
