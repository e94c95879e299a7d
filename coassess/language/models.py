"""A team's own layer of language rules, and what writers chose when prompted.

The shipped rules (data/rules.toml) belong to everyone; each team's
co-production group can add terms, change suggestions or switch rules off in
its own layer. Every change is a new row with who made it and why, so the
layer's history is always there.
"""

from __future__ import annotations

from django.db import models

from coassess.accounts.models import staff_member
from coassess.core.models import PublicModel


class TeamRuleLayer(PublicModel):
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveIntegerField(
        help_text="1 for the team's first layer, then 2, 3 ..."
    )
    text = models.TextField(max_length=100_000, blank=True)
    reason = models.TextField(max_length=2000)
    changed_by = staff_member()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "number"], name="one_layer_number_per_team"
            )
        ]


class Choice(models.TextChoices):
    ACCEPTED = "accepted", "Used the suggested wording"
    KEPT = "kept", "Kept their own wording"


class WordingChoice(models.Model):
    """One writer's answer to one prompt. Counted, never shown one by one."""

    id = models.BigAutoField(primary_key=True)
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="+"
    )
    user = staff_member()
    rule_id = models.CharField(max_length=100)
    choice = models.CharField(max_length=10, choices=Choice.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["team", "rule_id"], name="wordingchoice_team_rule")
        ]

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.choice}"
