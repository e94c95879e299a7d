"""The person in crisis and the supporters they name."""

from __future__ import annotations

import unicodedata

from django.db import models

from coassess.accounts.models import staff_member
from coassess.core.models import PublicModel
from coassess.people import nhs_number

DUPLICATE_NHS_NUMBER = (
    "Another person already has this NHS number. Search for them instead "
    "of adding them again, or check the number."
)


def name_key(name: str) -> str:
    """A case- and accent-insensitive key for finding people by name."""
    decomposed = unicodedata.normalize("NFKD", name.casefold().strip())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class Person(PublicModel):
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    preferred_name = models.CharField(
        max_length=100, blank=True, help_text="What they like to be called."
    )
    pronouns = models.CharField(max_length=40, blank=True)
    date_of_birth = models.DateField()
    nhs_number = models.CharField(max_length=10, blank=True)
    communication_needs = models.TextField(blank=True)
    preferred_language = models.CharField(max_length=60, blank=True, default="English")
    interpreter_needed = models.BooleanField(default=False)
    family_name_key = models.CharField(max_length=100, editable=False)
    registered_by_team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="registered_people"
    )
    registered_by = staff_member()
    # Bumped on every change; a form that saves with an older version is a conflict.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name_key", "given_name"]
        indexes = [
            models.Index(
                fields=["date_of_birth", "family_name_key"], name="person_dob_name"
            ),
            # For `nhs_number = ?`: SQLite cannot use the partial unique index
            # below for that, so without this it scans the whole table.
            models.Index(fields=["nhs_number"], name="person_nhs_number"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["nhs_number"],
                condition=~models.Q(nhs_number=""),
                name="person_nhs_number_unique",
                violation_error_message=DUPLICATE_NHS_NUMBER,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name to use: their preferred name, then their family name."""
        return f"{self.preferred_name or self.given_name} {self.family_name}"

    @property
    def legal_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def identity(self) -> str:
        """What tells two people of the same name apart, in lists:
        'born 12 April 1991, NHS number 943 476 5919'."""
        born = self.date_of_birth
        words = f"born {born.day} {born:%B %Y}"
        if self.nhs_number:
            words += f", NHS number {nhs_number.formatted(self.nhs_number)}"
        return words


class Supporter(PublicModel):
    """Someone the person names: a carer, relative, friend or advocate."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="supporters"
    )
    name = models.CharField(max_length=200)
    relationship = models.CharField(
        max_length=100, help_text="For example: mum, partner, friend."
    )
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    notes = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})"
