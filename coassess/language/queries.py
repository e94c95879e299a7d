"""The rules in force for a team, and how writers have answered prompts."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from coassess.accounts.models import Team
from coassess.language.models import TeamRuleLayer, WordingChoice
from coassess.language.rules import Ruleset, load_rules, merge_rules, parse_team_layer

# Merged rulesets by (team id, layer number): a new layer number is a new key,
# so every app server picks up a change on its next request.
_RULESETS: dict[tuple[Any, int], Ruleset] = {}


def current_layer(team: Team) -> TeamRuleLayer | None:
    return TeamRuleLayer.objects.filter(team=team).order_by("-number").first()


def layer_history(team: Team, limit: int = 20) -> list[TeamRuleLayer]:
    return list(
        TeamRuleLayer.objects.filter(team=team).select_related("changed_by")[:limit]
    )


def team_ruleset(team: Team | None) -> Ruleset:
    """The shipped rules with the team's current layer on top."""
    base = load_rules()
    if team is None:
        return base
    layer = current_layer(team)
    if layer is None or not layer.text.strip():
        return base
    key = (team.pk, layer.number)
    if key not in _RULESETS:
        _RULESETS[key] = merge_rules(
            base, parse_team_layer(layer.text, name="team rules")
        )
    return _RULESETS[key]


def wording_choice_counts(team: Team) -> list[dict[str, Any]]:
    """How often each rule prompted a writer, and how often the suggestion was used."""
    return [
        dict(row)
        for row in WordingChoice.objects.filter(team=team)
        .values("rule_id", "choice")
        .annotate(n=Count("id"))
        .order_by("rule_id", "choice")
    ]
