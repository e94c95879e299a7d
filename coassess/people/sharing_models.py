"""What the person lets each supporter see, and what overrides it.

Four append-only tables (`people.sharing_triggers` refuses every statement
that rewrites a row, as for the access log):

- `SharingChoice`: one row each time a choice is made for a supporter and a
  category, numbered from 1 (`number`); the current choice is the highest
  number. A change is written as the number after the one its writer saw, and
  (supporter, category, number) is unique, so two staff changing the same
  choice at once cannot both succeed: the second is a conflict.
- `Disclosure`: information shared without the person's consent, with its
  lawful basis and reason, for one supporter or all of them, until a time.
- `SafeguardingHold`: a supporter's access suspended at once; `HoldReview`
  (the team lead's review, any number) and `HoldLift` (at most one per hold)
  are new rows, never changes to the hold.

The rules that read them are in `people.sharing`.
"""

from __future__ import annotations

from django.db import models

from coassess.accounts.models import staff_member
from coassess.core.models import PublicModel


class Category(models.TextChoices):
    """The parts of the record a supporter may be allowed to see."""

    PLAN = "plan", "The plan and contingency plan"
    DECISIONS = "decisions", "Decisions and what people think about them"
    ASSESSMENT = "assessment", "The full assessment"


class LawfulBasis(models.TextChoices):
    """Why information may be shared without consent (DOMAIN.md §11)."""

    RISK_TO_OTHERS = "risk_to_others", "A serious risk to other people"
    BEST_INTERESTS = (
        "best_interests",
        "They cannot decide about sharing now, and it is in their best interests",
    )


class SharingChoice(PublicModel):
    """Granted (until `until`, if given) or withheld: `supporter` and
    `category`, set by the person (`by_person`) or by `set_by` on their behalf."""

    supporter = models.ForeignKey(
        "people.Supporter", on_delete=models.PROTECT, related_name="sharing_choices"
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    granted = models.BooleanField()
    until = models.DateTimeField(null=True, blank=True)
    by_person = models.BooleanField()
    set_by = staff_member(optional=True)
    reason = models.TextField(blank=True)
    number = models.PositiveIntegerField()

    class Meta:
        ordering = ["supporter", "category", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["supporter", "category", "number"],
                name="sharing_choice_number",
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="sharing_number_from_one"
            ),
            models.CheckConstraint(
                condition=models.Q(until__isnull=True) | models.Q(granted=True),
                name="sharing_until_only_when_granted",
            ),
            models.CheckConstraint(
                condition=models.Q(by_person=True, set_by__isnull=True)
                | models.Q(by_person=False, set_by__isnull=False),
                name="sharing_by_person_or_staff",
            ),
        ]


class Disclosure(PublicModel):
    """`category` shared without consent with `supporter` (None: every
    supporter of `person`), from `created_at` until `until`."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="disclosures"
    )
    supporter = models.ForeignKey(
        "people.Supporter",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disclosures",
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    basis = models.CharField(max_length=30, choices=LawfulBasis.choices)
    reason = models.TextField()
    until = models.DateTimeField()
    made_by = staff_member()

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["person", "until"], name="disclosure_until")]


class SafeguardingHold(PublicModel):
    """`supporter` may see nothing while this hold has no lift. `team` is the
    team of who placed it, whose lead reviews it."""

    supporter = models.ForeignKey(
        "people.Supporter", on_delete=models.PROTECT, related_name="holds"
    )
    reason = models.TextField()
    placed_by = staff_member()
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]


class HoldReview(PublicModel):
    """The team lead has looked at `hold`, with a note."""

    hold = models.ForeignKey(
        SafeguardingHold, on_delete=models.PROTECT, related_name="reviews"
    )
    note = models.TextField(blank=True)
    reviewed_by = staff_member()

    class Meta:
        ordering = ["created_at"]


class HoldLift(PublicModel):
    """`hold` ended, by `lifted_by`, for `reason`."""

    hold = models.OneToOneField(
        SafeguardingHold, on_delete=models.PROTECT, related_name="lift"
    )
    reason = models.TextField()
    lifted_by = staff_member()
