"""Forms of the person's and supporters' own view."""

from __future__ import annotations

from django import forms

from coassess.people import codes


class SignInForm(forms.Form):
    """A code and what its viewer knows. A code that cannot be one (a letter
    codes never use, too short or long) is sent back with what to check; any
    code that could be one goes to `people.code_services.sign_in_with_code`."""

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

    def clean_code(self) -> str:
        typed: str = self.cleaned_data["code"]
        problem = codes.well_formed(typed)
        if problem:
            raise forms.ValidationError(problem)
        return typed


class CodeInLinkForm(forms.Form):
    """The code a QR code's link carries (`/my/?code=...`), to fill in the
    code box: kept only if it could be a code."""

    code = forms.CharField(max_length=40, required=False)

    def shown(self) -> str:
        """The code as printed ("K7MPQ-3XWRT"), or "" for none or a malformed one."""
        if not self.is_valid():
            return ""
        typed = self.cleaned_data["code"]
        if not typed or codes.well_formed(typed):
            return ""
        text = codes.normalise_code(typed)
        return f"{text[:5]}-{text[5:]}"
