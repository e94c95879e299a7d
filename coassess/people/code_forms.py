"""The forms staff issue and extend access codes with (`code_services`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone

from coassess.core.forms import add_date_fields, choice_field, clean_date
from coassess.core.presenters import local_date
from coassess.people import codes
from coassess.people.models import Person, Supporter

PERSON = "person"
UNTIL_DATE = "date"
# How long a code lasts, as offered: (answer, hours, words).
LASTS = (
    ("12h", 12, "12 hours (at the bedside)"),
    ("3d", 72, "3 days"),
    ("7d", 7 * 24, "7 days"),
    ("30d", 30 * 24, "30 days (for follow-up)"),
)


def _lasts_field(label: str) -> forms.ChoiceField:
    choices = [(key, words) for key, _, words in LASTS]
    choices.append((UNTIL_DATE, "Until a day you choose (it ends at 23:59)"))
    return choice_field(
        label,
        choices,
        "Choose how long the code lasts.",
        help_text=f"A code can last {settings.ACCESS_CODE_MAX_DAYS} days at most.",
    )


class LastsMixin(forms.Form):
    """How long a code lasts from now: a choice from `LASTS`, or until the end
    of a day (boxes prefixed `until`). Cleans to `expires_at` (aware)."""

    def add_lasts(self, label: str) -> None:
        self.fields["lasts"] = _lasts_field(label)
        self.fields["lasts"].initial = LASTS[0][0]
        add_date_fields(self, "until", earliest_year=2000)

    def clean_lasts_into(self, cleaned: dict[str, Any]) -> None:
        now = timezone.now()
        chosen = cleaned.get("lasts")
        if chosen == UNTIL_DATE:
            cleaned["expires_at"] = self._until(now)
        elif chosen:
            hours = next(h for key, h, _ in LASTS if key == chosen)
            cleaned["expires_at"] = now + dt.timedelta(hours=hours)

    def _until(self, now: dt.datetime) -> dt.datetime | None:
        day = clean_date(self, "until", what="the last day", example="24 12 2026")
        if day is None:
            return None
        latest = timezone.localtime(codes.latest_expiry(now)).date()
        latest -= dt.timedelta(days=1)
        ends = timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59)))
        if ends <= now:
            self.add_error("until_day", "Choose today or a later day.")
            return None
        if day > latest:
            self.add_error(
                "until_day",
                f"A code can last {settings.ACCESS_CODE_MAX_DAYS} days at most. "
                f"Choose {local_date(latest)} or earlier.",
            )
            return None
        return ends


def _held_digits(supporter: Supporter) -> str:
    return codes.normalise_known(codes.Known.PHONE_DIGITS, supporter.phone)


class IssueCodeForm(LastsMixin):
    """Who the code is for, what they will be asked beside it, and how long it
    lasts. Cleans to `supporter` (None: the person), `known_kind`,
    `known_answer` and `expires_at`."""

    word = forms.CharField(
        label="The word you agree with them",
        help_text="At least 4 letters. Something they will remember and others will not guess.",
        required=False,
        max_length=60,
    )
    phone_digits = forms.CharField(
        label="Which 4 numbers does their phone end in?",
        help_text="Check them with the supporter, from the number we hold for them.",
        required=False,
        max_length=20,
    )

    def __init__(
        self, *args: Any, person: Person, supporters: list[Supporter], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.person, self.supporters = person, {str(s.pk): s for s in supporters}
        whom = [(PERSON, f"{person.called} (their own code)")]
        whom += [(k, f"{s.name}, {s.relationship}") for k, s in self.supporters.items()]
        self.fields["whom"] = choice_field(
            "Who is the code for?", whom, "Choose who the code is for."
        )
        self.fields["known"] = choice_field(
            "What will they be asked for beside the code?",
            self._known_choices(),
            "Choose what they will be asked for.",
        )
        self.order_fields(["whom", "known", "word", "phone_digits"])
        self.add_lasts("How long should the code last?")

    def _known_choices(self) -> list[tuple[str, str]]:
        born = self.person.date_of_birth
        choices = []
        if born is not None:
            choices.append(
                (
                    codes.Known.DATE_OF_BIRTH.value,
                    f"Their date of birth, {local_date(born)} (their own code only)",
                )
            )
        choices.append(
            (
                codes.Known.PHONE_DIGITS.value,
                "The last 4 numbers of their phone (a supporter only)",
            )
        )
        choices.append((codes.Known.WORD.value, "A word you agree with them now"))
        return choices

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        whom, known = cleaned.get("whom"), cleaned.get("known")
        supporter = self.supporters.get(whom or "")
        cleaned["supporter"] = supporter
        if whom and known:
            cleaned["known_kind"] = codes.Known(known)
            cleaned["known_answer"] = self._answer(supporter, codes.Known(known))
        self.clean_lasts_into(cleaned)
        return cleaned

    def _answer(self, supporter: Supporter | None, known: codes.Known) -> str:
        if known == codes.Known.DATE_OF_BIRTH:
            born = self.person.date_of_birth
            if supporter is not None or born is None:
                self.add_error(
                    "known",
                    "A date of birth is only for the person's own code. Choose a word.",
                )
                return ""
            return born.isoformat()
        if known == codes.Known.PHONE_DIGITS:
            return self._phone(supporter)
        word = " ".join(self.cleaned_data.get("word", "").split())
        if sum(ch.isalpha() for ch in word) < 4:
            self.add_error(
                "word", "Enter a word of at least 4 letters that you agreed with them."
            )
        return word

    def _phone(self, supporter: Supporter | None) -> str:
        if supporter is None:
            self.add_error(
                "known",
                "Phone numbers are for a supporter's code. Choose their date of birth or a word.",
            )
            return ""
        typed = "".join(
            ch for ch in self.cleaned_data.get("phone_digits", "") if ch.isdigit()
        )
        held = _held_digits(supporter)
        if len(typed) != codes.PHONE_DIGITS:
            self.add_error(
                "phone_digits", "Enter the last 4 numbers of their phone, like 0101."
            )
        elif held and typed != held:
            self.add_error(
                "phone_digits",
                f"The number we hold for {supporter.name} does not end in {typed}. "
                "Check it with them, and change their details first if it is new.",
            )
        return typed


class ExtendCodeForm(LastsMixin):
    """How long the code should last from now. Cleans to `expires_at`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_lasts("How long should it last from now?")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.clean_lasts_into(cleaned)
        return cleaned


class RevokeCodeForm(forms.Form):
    """Nothing to fill in: pressing the button is the confirmation."""
