from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from coassess.accounts.models import Role, Team, User
from coassess.core.text import reason_field

REASON_LABEL = "Why are you making this change?"
REASON_MESSAGE = "Say why you are making this change."
REASON_WHAT = "why you are making this change"


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "The username or password is not right. Check them and try again.",
        "inactive": "This account has been switched off. Ask your team's administrator.",
    }

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username."
        self.fields["password"].error_messages["required"] = "Enter your password."


class StaffForm(forms.Form):
    first_name = forms.CharField(
        max_length=150, error_messages={"required": "Enter their first name."}
    )
    last_name = forms.CharField(
        max_length=150, error_messages={"required": "Enter their last name."}
    )
    username = forms.RegexField(
        regex=r"^[\w.@+-]+$",
        max_length=150,
        help_text="Letters, numbers and . @ + - _ only.",
        error_messages={
            "required": "Enter a username.",
            "invalid": "A username can only have letters, numbers and . @ + - _ in it.",
        },
    )
    email = forms.EmailField(
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.nhs.uk."},
    )
    team = forms.ModelChoiceField(
        queryset=Team.objects.all(),
        empty_label=None,
        error_messages={"required": "Choose their team."},
    )
    role = forms.ChoiceField(
        choices=Role.choices, error_messages={"required": "Choose their role."}
    )
    password = forms.CharField(
        label="Temporary password",
        widget=forms.PasswordInput,
        help_text="At least 12 characters. Tell them to change it when they first sign in.",
        error_messages={"required": "Enter a temporary password."},
    )
    reason = reason_field(
        REASON_LABEL, what=REASON_WHAT, message=REASON_MESSAGE, limit=2000, wording=None
    )

    def __init__(self, *args: Any, teams: Any = None, **kwargs: Any) -> None:
        """`teams`: the teams the administrator may add staff to."""
        super().__init__(*args, **kwargs)
        if teams is not None:
            self.fields["team"].queryset = teams  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        """The password meets the validators, judged against this person's details."""
        cleaned = super().clean() or {}
        password = cleaned.get("password")
        if password:
            someone = User(
                username=cleaned.get("username", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
                email=cleaned.get("email", ""),
            )
            try:
                validate_password(password, someone)
            except ValidationError as exc:
                self.add_error("password", exc)
        return cleaned


class ChangeStaffForm(forms.Form):
    """What an administrator may change of a member's account, and why."""

    team = forms.ModelChoiceField(
        queryset=Team.objects.all(),
        empty_label=None,
        help_text="Only a system administrator can move someone to another team.",
        error_messages={"required": "Choose their team."},
    )
    role = forms.ChoiceField(
        choices=Role.choices, error_messages={"required": "Choose their role."}
    )
    active = forms.TypedChoiceField(
        label="Can they sign in?",
        choices=[("true", "Yes, the account is on"), ("false", "No, switch it off")],
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether they can sign in."},
    )
    password = forms.CharField(
        label="New temporary password (optional)",
        required=False,
        widget=forms.PasswordInput,
        help_text="Only if they have forgotten theirs. At least 12 characters.",
    )
    reason = reason_field(
        REASON_LABEL, what=REASON_WHAT, message=REASON_MESSAGE, limit=2000, wording=None
    )

    def __init__(self, *args: Any, can_move: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_move:
            del self.fields["team"]


class CodeForm(forms.Form):
    """The second step of signing in: a code from the app, or a recovery code."""

    code = forms.CharField(
        label="Code",
        max_length=20,
        error_messages={"required": "Enter the code from your authenticator app."},
    )


class ConfirmCodeForm(forms.Form):
    """Setting up an authenticator: the first code it makes."""

    code = forms.CharField(
        label="Code from the app",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code the app shows."},
    )


class ReasonForm(forms.Form):
    """A change a team lead makes to a member's sign-in, and why."""

    reason = reason_field(
        REASON_LABEL, what=REASON_WHAT, message=REASON_MESSAGE, limit=2000, wording=None
    )
