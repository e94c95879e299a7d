"""Forms for sharing choices, sharing without consent and safeguarding holds.

Every message says what is wrong and what to do, in plain words.
"""

from __future__ import annotations

from typing import Any

from django import forms

from coassess.core.forms import Moment, MomentForm, choice_field
from coassess.core.text import reason_field
from coassess.people.models import Supporter
from coassess.people.sharing_models import Category, LawfulBasis
from coassess.people.sharing_services import PAST_LIMIT

SHARE, SHARE_UNTIL, DO_NOT_SHARE = "share", "share_until", "do_not_share"
NEEDS_END = "Enter the date and time sharing ends, or choose ‘Share’."
ALL = "all"


class SharingForm(MomentForm):
    """The person's choice for one category, recorded on their behalf.
    Cleaned into `granted` (bool), `until` (aware datetime or None), `seen`
    (the current choice's number) and `reason`."""

    moment = Moment(
        "until",
        "until",
        time_label="Time",
        what="the end of sharing",
        wrong_side=PAST_LIMIT,
        to_come=True,
    )
    choice = choice_field(
        "What do they want to share?",
        [
            (SHARE, "Share"),
            (SHARE_UNTIL, "Share until a date and time"),
            (DO_NOT_SHARE, "Do not share"),
        ],
        "Choose whether to share this, share it until a time, or not share it.",
    )
    reason = reason_field(
        "Anything to note (optional)",
        what="your note",
        required=False,
        help_text="For example, what they said about it. The supporter never sees this.",
        limit=2000,
    )
    seen = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        choice = cleaned.get("choice")
        cleaned["granted"] = choice in (SHARE, SHARE_UNTIL)
        if choice == SHARE_UNTIL and cleaned.get("until") is None:
            if not any(f.startswith("until_") for f in self.errors):
                self.add_error("until_day", NEEDS_END)
        elif choice != SHARE_UNTIL:
            # A date left in the boxes counts only with "Share until".
            for name in list(self.errors):
                if name.startswith("until_"):
                    del self.errors[name]
            cleaned["until"] = None
        return cleaned


class DisclosureForm(MomentForm):
    """Sharing without consent: what, with whom, why and until when."""

    moment = Moment(
        "until",
        "until",
        time_label="Time",
        what="the end of this sharing",
        wrong_side="The end of this sharing must be in the future.",
        to_come=True,
    )
    category = choice_field(
        "What must be shared?", Category.choices, "Choose what must be shared."
    )
    to_whom = choice_field("With whom?", [], "Choose who it is shared with.")
    basis = choice_field(
        "The lawful reason",
        LawfulBasis.choices,
        "Choose the lawful reason for sharing without consent.",
    )
    reason = reason_field(
        "Why it must be shared now",
        what="why this must be shared",
        help_text="The person will read this, in their own view. Say what the "
        "risk is and why sharing helps.",
        limit=2000,
    )

    def __init__(self, *args: Any, supporter: Supporter, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: forms.ChoiceField = self.fields["to_whom"]  # type: ignore[assignment]
        field.choices = [
            (str(supporter.pk), f"Only {supporter.name}"),
            (ALL, f"Everyone {supporter.person.called} has named as a supporter"),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("until") is None and not any(
            f.startswith("until_") for f in self.errors
        ):
            self.add_error("until_day", "Enter the date and time this sharing ends.")
        return cleaned


class HoldForm(forms.Form):
    reason = reason_field(
        "Why their access is paused",
        what="why their access is paused",
        help_text="Your team lead will read this. The supporter is never told why.",
        limit=2000,
    )


class LiftHoldForm(forms.Form):
    reason = reason_field(
        "Why the hold can end", what="why the hold can end", limit=2000
    )


class HoldReviewForm(forms.Form):
    review_note = reason_field(
        "Review note (optional)", what="your review note", required=False, limit=2000
    )
