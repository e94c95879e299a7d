"""Forms for finding, adding and changing people and their supporters.

Every message says what is wrong and what to do, in plain words.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from coassess.core.forms import add_date_fields, clean_date
from coassess.core.text import text_field
from coassess.people import nhs_number
from coassess.people.models import Person, Supporter


class DateOfBirthMixin(forms.Form):
    """Three boxes (day, month, year), the NHS pattern for dates people know."""

    dob_required = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_date_fields(self, "dob")

    def clean_date_of_birth(self) -> dt.date | None:
        return clean_date(
            self,
            "dob",
            what="their date of birth",
            required=self.dob_required,
            past_message="Their date of birth must be in the past.",
        )


class PersonForm(DateOfBirthMixin, forms.ModelForm[Person]):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Longer than the stored 10 digits: people type spaces and dashes.
    nhs_number = text_field(
        "NHS number (optional)",
        required=False,
        help_text="10 digits. Leave it blank if nobody knows it.",
        limit=20,
        long=False,
    )

    class Meta:
        model = Person
        fields = [
            "given_name",
            "family_name",
            "preferred_name",
            "pronouns",
            "nhs_number",
            "communication_needs",
            "preferred_language",
            "interpreter_needed",
        ]
        labels = {
            "given_name": "First name",
            "family_name": "Last name",
            "preferred_name": "Name they like to be called (optional)",
            "pronouns": "Pronouns (optional)",
            "nhs_number": "NHS number (optional)",
            "communication_needs": "Communication needs (optional)",
            "preferred_language": "Language they prefer",
            "interpreter_needed": "They would like an interpreter",
        }
        help_texts = {
            "pronouns": "For example, she/her, he/him, they/them. Ask them; do not guess.",
            "nhs_number": "10 digits. Leave it blank if nobody knows it.",
            "communication_needs": "For example, British Sign Language, easy read, hearing loop, "
            "or needs more time to answer.",
        }
        error_messages = {
            "given_name": {
                "required": "Enter their first name.",
                "max_length": "The first name must be 100 characters or fewer.",
            },
            "family_name": {
                "required": "Enter their last name.",
                "max_length": "The last name must be 100 characters or fewer.",
            },
            "preferred_language": {
                "max_length": "The language must be 60 characters or fewer."
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].required = False
        if not self.instance._state.adding and not self.is_bound:
            dob = self.instance.date_of_birth
            self.initial.update(
                dob_day=dob.day,
                dob_month=dob.month,
                dob_year=dob.year,
                version=self.instance.version,
            )
        if (
            not self.instance._state.adding
            and self.instance.nhs_number
            and not self.is_bound
        ):
            self.initial["nhs_number"] = nhs_number.formatted(self.instance.nhs_number)

    def clean_nhs_number(self) -> str:
        raw = self.cleaned_data.get("nhs_number", "") or ""
        if not raw.strip():
            return ""
        nhs_number.validate_nhs_number(raw)
        return nhs_number.normalise(raw)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["date_of_birth"] = self.clean_date_of_birth()
        return cleaned

    def _post_clean(self) -> None:
        # The date is assembled from three boxes; give it to the instance before
        # the model's own validation runs.
        if self.cleaned_data.get("date_of_birth"):
            self.instance.date_of_birth = self.cleaned_data["date_of_birth"]
        super()._post_clean()  # type: ignore[misc]  # ModelForm's, after the mixin

    def validate_unique(self) -> None:
        # Uniqueness of the NHS number is checked by the service, which can say
        # whose record already has it (when the user may see that record).
        pass


class FindPersonForm(DateOfBirthMixin, forms.Form):
    nhs_number = text_field(
        "NHS number",
        required=False,
        help_text="10 digits, for example 943 476 5919.",
        limit=20,
        long=False,
    )
    family_name = text_field("Last name", required=False, limit=100, long=False)
    given_name = text_field(
        "First name (optional)", required=False, limit=100, long=False
    )
    dob_required = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["date_of_birth"] = self.clean_date_of_birth()
        number = (cleaned.get("nhs_number") or "").strip()
        if number:
            try:
                nhs_number.validate_nhs_number(number)
            except forms.ValidationError as exc:
                self.add_error("nhs_number", exc)
            else:
                cleaned["nhs_number"] = nhs_number.normalise(number)
            return cleaned
        if self.errors:
            return cleaned
        if not cleaned.get("family_name") or not cleaned.get("date_of_birth"):
            raise forms.ValidationError(
                "Enter an NHS number, or a last name and a date of birth.",
                code="incomplete",
            )
        return cleaned


class SupporterForm(forms.ModelForm[Supporter]):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Supporter
        fields = ["name", "relationship", "phone", "email", "notes"]
        labels = {
            "name": "Their name",
            "relationship": "Who they are to the person",
            "phone": "Phone number (optional)",
            "email": "Email address (optional)",
            "notes": "Anything else to know (optional)",
        }
        help_texts = {"relationship": "For example: mum, partner, friend, advocate."}
        error_messages = {
            "name": {"required": "Enter the supporter's name."},
            "relationship": {
                "required": "Say who they are to the person, for example mum or friend."
            },
            "email": {"invalid": "Enter an email address like name@example.com."},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding and not self.is_bound:
            self.initial["version"] = self.instance.version


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need to see this record?",
        help_text="Your team lead will read this. For example: seeing them in ED now, "
        "no referral has been made yet.",
        widget=forms.Textarea,
        min_length=10,
        max_length=2000,
        error_messages={
            "required": "Give a reason for opening this record.",
            "min_length": "Give a fuller reason: at least 10 characters.",
        },
    )
