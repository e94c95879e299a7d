"""Changing a team's language rules, and recording writers' choices."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from coassess.accounts.models import Team, User
from coassess.core.exceptions import DomainError, VersionConflict
from coassess.core.text import clean_reason
from coassess.language.models import Choice, TeamRuleLayer, WordingChoice
from coassess.language.queries import current_layer
from coassess.language.rules import (
    RulesError,
    load_rules,
    merge_rules,
    parse_team_layer,
)


@transaction.atomic
def save_team_rules(
    *, actor: User, team: Team, text: str, reason: str, based_on: int
) -> TeamRuleLayer:
    """Save a new version of the team's layer. `based_on` is the number the writer opened.

    A malformed layer is refused with the message from the parser, which names
    the line; the shipped rules and the team's current layer keep working.
    """
    if not reason.strip():
        raise DomainError("Say why you are making this change.")
    reason = clean_reason(reason, what="why you are making this change", limit=2000)
    if text.strip():  # an empty layer means: the starter rules as shipped
        try:
            merge_rules(load_rules(), parse_team_layer(text, name="your team's rules"))
        except RulesError as exc:
            raise DomainError(str(exc)) from exc
    latest = current_layer(team)
    latest_number = latest.number if latest else 0
    if latest_number != based_on:
        raise VersionConflict(latest)
    try:
        with transaction.atomic():
            return TeamRuleLayer.objects.create(
                team=team,
                number=latest_number + 1,
                text=text,
                reason=reason.strip(),
                changed_by=actor,
            )
    except IntegrityError as exc:
        raise VersionConflict(current_layer(team)) from exc


def record_wording_choice(*, actor: User, rule_id: str, choice: str) -> WordingChoice:
    membership = actor.membership
    if membership is None:
        raise DomainError("You need to be in a team.")
    if choice not in Choice.values:
        raise DomainError("Unknown choice.")
    return WordingChoice.objects.create(
        team=membership.team, user=actor, rule_id=rule_id[:100], choice=choice
    )
