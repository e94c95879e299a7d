"""The person in crisis and the supporters they name."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.db import models

from coassess.accounts.models import staff_member
from coassess.core.models import PublicModel
from coassess.people import nhs_number
from coassess.people.birth import Birth

DUPLICATE_NHS_NUMBER = (
    "Another person already has this NHS number. Search for them instead "
    "of adding them again, or check the number."
)


# Letters that are not "a letter plus an accent" in Unicode, so decomposing
# them does not reach the plain letter people type on another keyboard.
_FOLD_LETTERS = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe"}
)
# Accents are dropped only from Latin, Greek and Cyrillic letters (all below
# U+0530, and Vietnamese in U+1E00-U+1EFF): in other scripts (Devanagari,
# Arabic, Thai...) the marks are vowels and are part of the name.
_ACCENTED_BASES = ((0, 0x0530), (0x1E00, 0x1F00))


def _drops_accent(base: str) -> bool:
    return any(low <= ord(base) < high for low, high in _ACCENTED_BASES)


def name_key(name: str) -> str:
    """The key names are found and matched by: the same for every way keyboards
    and copying write one name.

    Folds letter case, composed and decomposed Unicode (and full-width and other
    compatibility forms), accents on Latin, Greek and Cyrillic letters, and
    drops apostrophes (' ’ ‘ ʼ `), hyphens and dashes, full stops and spaces:
    "D’Arcy O’Brien", "d'arcy obrien" and "D-ARCY  O BRIEN" all give
    "darcyobrien". Only for matching: the name is stored as it was typed.
    """
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    kept: list[str] = []
    base = ""
    for ch in decomposed:
        kind = unicodedata.category(ch)
        if kind in ("Mn", "Mc", "Me"):
            if base and _drops_accent(base):
                continue
        elif kind[0] in "PZC" or kind == "Sk" or 0x02B0 <= ord(ch) < 0x0300:
            # Punctuation, spaces, control and format characters, and the
            # modifier letters and symbols used as apostrophes (ʼ ʻ ´ `).
            continue
        else:
            base = ch
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)).translate(_FOLD_LETTERS)


def name_keys(
    *, given_name: str, family_name: str, preferred_name: str
) -> dict[str, str]:
    """The three key columns of a person with these names."""
    return {
        "given_name_key": name_key(given_name),
        "family_name_key": name_key(family_name),
        "preferred_name_key": name_key(preferred_name),
    }


def called(*, given_name: str, family_name: str, preferred_name: str) -> str:
    """What to call someone in a sentence: preferred name, first name, or their
    only name (someone with one name may have it in either box)."""
    return preferred_name or given_name or family_name


# Words that make a preferred name whole on its own ("Mrs Begum", "Auntie
# Rose"): a name that starts with one is never given another name part.
TITLES = frozenset(
    {"mr", "mrs", "miss", "ms", "mx", "dr", "prof", "sir", "dame", "lady", "lord"}
    | {"rev", "auntie", "aunty", "uncle", "nana"}
)


def _whole_name(preferred_name: str, family_name: str) -> bool:
    """Whether a preferred name is already a whole name, to be used exactly as
    given: it starts with a title ("Mrs Begum", "Auntie Rose") or holds the
    last name ("Begum", "Rahima Begum")."""
    words = preferred_name.replace(".", " ").split()
    family = name_key(family_name)
    return words[0].casefold() in TITLES or (
        bool(family)
        and (
            name_key(preferred_name) == family
            or any(name_key(w) == family for w in words)
        )
    )


def display_name(*, given_name: str, family_name: str, preferred_name: str) -> str:
    """The name to show: a preferred name (or the first name) and the last
    name ("Sam Reid"); a preferred name that is a whole name already ("Mrs
    Begum", `_whole_name`) exactly as given, never glued to another part
    ("Mrs Begum Begum"); or the one name they have."""
    if preferred_name.strip() and _whole_name(preferred_name, family_name):
        return preferred_name.strip()
    first = preferred_name.strip() or given_name
    return " ".join(part for part in (first, family_name) if part)


@dataclass(frozen=True)
class Pronouns:
    """How a generated sentence refers to someone: `they` (subject), `them`
    (object), `their` (possessive), each a pronoun they gave or, where their
    pronouns are not known or not one of she, he or they, their name."""

    they: str
    them: str
    their: str

    def agree(self, plural: str, singular: str) -> str:
        """The verb that goes with `they`: agree("were", "was") is "were"
        after "they", "was" after "she", "he" or a name."""
        return plural if self.they == "they" else singular


_KNOWN_PRONOUNS = {
    "she": Pronouns("she", "her", "her"),
    "he": Pronouns("he", "him", "his"),
    "they": Pronouns("they", "them", "their"),
}


def pronouns_for(pronouns: str, called: str) -> Pronouns:
    """`pronouns` as typed ("she/her", "He / him", "they/them"; the first one
    decides) for someone called `called`; unknown or other pronouns give their
    name ("Mrs Begum", "Mrs Begum", "Mrs Begum’s"), never a guess."""
    first = re.split(r"[/,\s]+", pronouns.strip().casefold(), maxsplit=1)[0]
    return _KNOWN_PRONOUNS.get(first, Pronouns(called, called, f"{called}’s"))


def identity_words(birth: Birth, nhs: str) -> str:
    """What tells two people of the same name apart wherever people are listed:
    'born 12 April 1991, NHS number 943 476 5919', 'born in 1991', 'date of
    birth not known, about 34'. The one helper for every list."""
    words = birth.identity_words()
    if nhs:
        words += f", NHS number {nhs_number.formatted(nhs)}"
    return words


class Person(PublicModel):
    """The person in crisis, recorded as they are: one name or two, and as much
    of their date of birth as anyone knows (`birth`, see people.birth)."""

    # Either may be blank (someone with one name), never both.
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    preferred_name = models.CharField(
        max_length=100, blank=True, help_text="What they like to be called."
    )
    pronouns = models.CharField(max_length=40, blank=True)
    # What is known of their birth, and nothing invented: a year, a month and
    # year, or a whole date; or, when nobody knows, an estimated age and the
    # day it was given.
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    birth_month = models.PositiveSmallIntegerField(null=True, blank=True)
    birth_day = models.PositiveSmallIntegerField(null=True, blank=True)
    estimated_age = models.PositiveSmallIntegerField(null=True, blank=True)
    age_estimated_on = models.DateField(null=True, blank=True)
    # The first and last day they could have been born (Birth.earliest and
    # .latest), for searches and duplicate checks. Never shown.
    born_from = models.DateField(editable=False)
    born_to = models.DateField(editable=False)
    nhs_number = models.CharField(
        max_length=10, blank=True, validators=[nhs_number.validate_nhs_number]
    )
    communication_needs = models.TextField(blank=True)
    preferred_language = models.CharField(max_length=60, blank=True, default="English")
    interpreter_needed = models.BooleanField(default=False)
    # name_key of each name, for finding people however the name is typed.
    given_name_key = models.CharField(max_length=100, editable=False, default="")
    family_name_key = models.CharField(max_length=100, editable=False)
    preferred_name_key = models.CharField(max_length=100, editable=False, default="")
    registered_by_team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="registered_people"
    )
    registered_by = staff_member()
    # Bumped on every change; a form that saves with an older version is a conflict.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name_key", "given_name_key"]
        indexes = [
            # A search or duplicate check gives a name (in any of the three)
            # and a range of birth dates.
            models.Index(
                fields=["family_name_key", "born_from"], name="person_family_born"
            ),
            models.Index(
                fields=["given_name_key", "born_from"], name="person_given_born"
            ),
            models.Index(
                fields=["preferred_name_key", "born_from"],
                name="person_preferred_born",
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
            models.CheckConstraint(
                condition=~models.Q(given_name="", family_name=""),
                name="person_has_a_name",
                violation_error_message="Enter their first name or last name.",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        birth_year__isnull=False,
                        estimated_age__isnull=True,
                        age_estimated_on__isnull=True,
                    )
                    | models.Q(
                        birth_year__isnull=True,
                        birth_month__isnull=True,
                        birth_day__isnull=True,
                        estimated_age__isnull=False,
                        age_estimated_on__isnull=False,
                    )
                ),
                name="person_birth_year_or_estimated_age",
            ),
            models.CheckConstraint(
                condition=models.Q(birth_day__isnull=True)
                | models.Q(birth_month__isnull=False),
                name="person_birth_day_needs_month",
            ),
            models.CheckConstraint(
                condition=models.Q(born_from__lte=models.F("born_to")),
                name="person_born_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def _names(self) -> dict[str, str]:
        return {
            "given_name": self.given_name,
            "family_name": self.family_name,
            "preferred_name": self.preferred_name,
        }

    @property
    def name(self) -> str:
        """The name to use: their preferred (or first) name and last name, or
        the one name they have."""
        return display_name(**self._names())

    @property
    def called(self) -> str:
        """What to call them in a sentence, as they gave it ("Sam’s copy",
        "Mrs Begum’s copy")."""
        return called(**self._names())

    @property
    def pronoun_words(self) -> Pronouns:
        """How generated sentences refer to them (`pronouns_for`)."""
        return pronouns_for(self.pronouns, self.called)

    @property
    def reads_english(self) -> bool:
        """Whether their preferred language is English (or not given): if not,
        an English copy is given only with an offer to interpret it."""
        language = self.preferred_language.strip().casefold()
        return language in ("", "english") or language.startswith("english ")

    @property
    def legal_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p)

    @property
    def birth(self) -> Birth:
        return Birth(
            year=self.birth_year,
            month=self.birth_month,
            day=self.birth_day,
            estimated_age=self.estimated_age,
            estimated_on=self.age_estimated_on,
        )

    @property
    def date_of_birth(self) -> dt.date | None:
        """Their date of birth when all of it is known, else None."""
        return self.birth.date

    @property
    def identity(self) -> str:
        """What tells two people of the same name apart, in lists:
        'born 12 April 1991, NHS number 943 476 5919' (see identity_words)."""
        return identity_words(self.birth, self.nhs_number)


def birth_columns(birth: Birth) -> dict[str, Any]:
    """The Person columns that record `birth`, with its date range."""
    return {
        "birth_year": birth.year,
        "birth_month": birth.month,
        "birth_day": birth.day,
        "estimated_age": birth.estimated_age,
        "age_estimated_on": birth.estimated_on,
        "born_from": birth.earliest,
        "born_to": birth.latest,
    }


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


class Viewer(models.TextChoices):
    """Who an access code is for: the person, or one supporter they named."""

    PERSON = "person", "The person"
    SUPPORTER = "supporter", "A supporter"


class AccessCode(PublicModel):
    """A code that lets one viewer (the person, or one supporter) open the
    person's record as the issuing team holds it, from their own device.

    Only keyed hashes of the code and of what the viewer knows are stored
    (`people.codes`), so a copy of the database gives neither. A code is
    usable until `expires_at`, unless revoked or locked after too many wrong
    attempts; each change to those is logged in the access log.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="+"
    )
    # None: the code is the person's own.
    supporter = models.ForeignKey(
        Supporter, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    code_digest = models.CharField(max_length=64, unique=True)
    known_digest = models.CharField(max_length=64)
    # What the viewer is asked for beside the code (people.codes.Known).
    known_kind = models.CharField(max_length=20)
    issued_by = staff_member()
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = staff_member(optional=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    locked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        indexes = [models.Index(fields=["person", "team"], name="accesscode_record")]

    def __str__(self) -> str:
        return f"code for {self.viewer} ({self.person_id})"

    @property
    def viewer(self) -> Viewer:
        return Viewer.SUPPORTER if self.supporter_id else Viewer.PERSON

    def usable_at(self, at: dt.datetime) -> bool:
        """True while the code may open a session: not expired, revoked or locked."""
        return (
            self.revoked_at is None and self.locked_at is None and at < self.expires_at
        )


class SignInAttempt(models.Model):
    """One try at signing in with an access code, kept while it counts towards
    the limit of refused tries from one client address
    (`ACCESS_CODE_ADDRESS_ATTEMPTS` in `ACCESS_CODE_ADDRESS_MINUTES`). Only a
    keyed hash of the address is kept (`codes.address_digest`); the access log
    keeps what was tried on whose record."""

    id = models.BigAutoField(primary_key=True)
    address_digest = models.CharField(max_length=64)
    at = models.DateTimeField()
    refused = models.BooleanField()

    class Meta:
        indexes = [
            models.Index(fields=["address_digest", "at"], name="signinattempt_address"),
            models.Index(fields=["at"], name="signinattempt_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {'refused' if self.refused else 'signed in'}"


# The sharing the person controls (people.sharing_models), imported here so
# Django finds its models with the app's.
from coassess.people.sharing_models import Disclosure as Disclosure  # noqa: E402
from coassess.people.sharing_models import HoldLift as HoldLift  # noqa: E402
from coassess.people.sharing_models import HoldReview as HoldReview  # noqa: E402
from coassess.people.sharing_models import (  # noqa: E402
    SafeguardingHold as SafeguardingHold,
)
from coassess.people.sharing_models import (  # noqa: E402
    SharingChoice as SharingChoice,
)
