"""Forms for finding, adding and changing people and their supporters.

Every message says what is wrong and what to do, in plain words.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from coassess.core.forms import add_date_fields, clean_date
from coassess.core.text import text_field, wording_widget, words_validator
from coassess.people import nhs_number
from coassess.people.birth import Birth
from coassess.people.models import Person, Supporter

NO_NAME = (
    "Enter their first name or last name. If they have only one name, enter it "
    "in either box and leave the other blank."
)


DOB_PARTS = ("day", "month", "year")
NO_BIRTH = "Enter their date of birth, or their age if nobody knows it."
BOTH_GIVEN = (
    "Enter their date of birth or their age, not both. Give an age only when "
    "nobody knows the date of birth."
)
NO_YEAR = (
    "Enter the year they were born. If nobody knows it, leave the date blank "
    "and give their age."
)
NO_MONTH = "Enter the month they were born too, or leave the day blank."
FUTURE = "Their date of birth must be in the past."


class BirthMixin(forms.Form):
    """What is known of their birth: the NHS three boxes (day, month, year),
    any of which but the year may be left blank, or, if nobody knows the date,
    their age as staff estimate it (recorded as an estimate). Cleaned into
    `birth`, a people.birth.Birth, with errors on the day box or the age."""

    birth_required = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_date_fields(self, "dob")
        self.fields["age"] = forms.IntegerField(
            label="Their age, if nobody knows their date of birth",
            help_text="Your best estimate in years is fine. "
            "It is recorded as an estimate and shown as ‘about 34’.",
            required=False,
            min_value=0,
            max_value=120,
            error_messages={
                "invalid": "Enter their age as a number, like 34.",
                "min_value": "Enter their age as a number from 0 to 120.",
                "max_value": "Enter their age as a number from 0 to 120.",
            },
        )

    def clean_birth(self) -> Birth | None:
        """The Birth the boxes give, or None (with an error unless nothing was
        given and a birth is not required)."""
        if "age" in self.errors or any(f"dob_{p}" in self.errors for p in DOB_PARTS):
            return None
        day, month, year = (self.cleaned_data.get(f"dob_{p}") for p in DOB_PARTS)
        age = self.cleaned_data.get("age")
        today = timezone.localdate()
        if day is None and month is None and year is None:
            if age is None:
                if self.birth_required:
                    self.add_error("dob_day", NO_BIRTH)
                return None
            return Birth.about(age, today)
        if age is not None:
            self.add_error("age", BOTH_GIVEN)
            return None
        if year is None or (day is not None and month is None):
            self.add_error("dob_day", NO_YEAR if year is None else NO_MONTH)
            return None
        if day is not None:
            born = clean_date(
                self, "dob", what="their date of birth", past_message=FUTURE
            )
            return None if born is None else Birth.on(born)
        if (year, month or 1) > (today.year, today.month):
            self.add_error("dob_day", FUTURE)
            return None
        return Birth(year, month)


class PersonForm(BirthMixin, forms.ModelForm[Person]):
    """Their names (one or two), what is known of their birth, and the rest.
    Cleaned data has `birth` (a Birth) and `different_person` (the writer has
    checked the possible duplicates shown and this is someone else)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    different_person = forms.BooleanField(
        label="None of these people is the person I am adding",
        required=False,
    )
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
        widgets = {"communication_needs": wording_widget("staff")}
        help_texts = {
            "family_name": "If they have only one name, leave one of the boxes blank.",
            "pronouns": "For example, she/her, he/him, they/them. Ask them; do not guess.",
            "nhs_number": "10 digits. Leave it blank if nobody knows it.",
            "communication_needs": "For example, British Sign Language, easy read, hearing loop, "
            "or needs more time to answer.",
        }
        error_messages = {
            "given_name": {
                "max_length": "The first name must be 100 characters or fewer.",
            },
            "family_name": {
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
            birth = self.instance.birth
            self.initial.update(
                dob_day=birth.day,
                dob_month=birth.month,
                dob_year=birth.year,
                age=(
                    birth.estimated_age_on(timezone.localdate())
                    if birth.is_estimate
                    else None
                ),
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
        names = ("given_name", "family_name")
        if not any(cleaned.get(f) for f in names) and not any(
            f in self.errors for f in names
        ):
            self.add_error("given_name", NO_NAME)
        cleaned["birth"] = self.clean_birth()
        return cleaned

    def validate_unique(self) -> None:
        # Uniqueness of the NHS number is checked by the service, which can say
        # whose record already has it (when the user may see that record).
        pass


class FindPersonForm(BirthMixin, forms.Form):
    nhs_number = text_field(
        "NHS number",
        required=False,
        help_text="10 digits, for example 943 476 5919.",
        limit=20,
        long=False,
    )
    family_name = text_field(
        "Last name",
        required=False,
        help_text="For someone with one name, enter it here or as their first name.",
        limit=100,
        long=False,
    )
    given_name = text_field(
        "First name (optional)", required=False, limit=100, long=False
    )
    birth_required = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["birth"] = self.clean_birth()
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
        has_name = cleaned.get("family_name") or cleaned.get("given_name")
        if not has_name or not cleaned.get("birth"):
            raise forms.ValidationError(
                "Enter an NHS number, or a name and a date of birth (or their age).",
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
        widgets = {"notes": wording_widget("staff")}
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
        widget=wording_widget("staff"),
        min_length=10,
        max_length=2000,
        validators=[words_validator("why you need to see this record")],
        error_messages={
            "required": "Give a reason for opening this record.",
            "min_length": "Give a fuller reason: at least 10 characters.",
        },
    )
