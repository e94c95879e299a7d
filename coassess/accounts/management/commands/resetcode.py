from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coassess.accounts import services
from coassess.accounts.models import User
from coassess.core.exceptions import DomainError


class Command(BaseCommand):
    help = (
        "Reset a member's sign-in code (authenticator app and recovery codes), "
        "for a team lead who lost theirs or a team with no lead; logged with "
        "the reason. They set up a new one at their next sign-in."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--reason", required=True, help="Why: the team lead sees it."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        member = User.objects.filter(username=options["username"]).first()
        if member is None:
            raise CommandError(f"There is no account {options['username']!r}.")
        try:
            services.reset_second_factor(
                actor=None, member=member, reason=options["reason"]
            )
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Reset {member.username}'s sign-in code: they set up a new one "
            "when they next sign in."
        )
