from __future__ import annotations

import getpass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from coassess.accounts import services
from coassess.accounts.models import Role, Team
from coassess.core.exceptions import DomainError


class Command(BaseCommand):
    help = (
        "Make a staff account with a role in a team (the team is made if it is "
        "new); --system-admin makes an administrator of every team."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--team", required=True, help="Team name, e.g. 'Liaison team'."
        )
        parser.add_argument(
            "--site", default="", help="Site of a new team, e.g. hospital name."
        )
        parser.add_argument("--role", required=True, choices=[r.value for r in Role])
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", help="Read from a prompt when not given.")
        parser.add_argument(
            "--system-admin",
            action="store_true",
            help="Let this administrator manage every team's accounts and move "
            "staff between teams. Only this command can make one.",
        )
        parser.add_argument(
            "--reason",
            default="Made from the command line",
            help="Why the account is made: the team lead sees it.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        team = Team.objects.filter(name=options["team"]).first()
        if team is None:
            if not options["site"]:
                raise CommandError(
                    f"There is no team called {options['team']!r}. "
                    "Give --site to make it."
                )
            team = services.create_team(name=options["team"], site=options["site"])
        password = options["password"] or getpass.getpass("Password: ")
        try:
            user = services.create_staff_user(
                username=options["username"],
                password=password,
                team=team,
                role=options["role"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                email=options["email"],
                system_admin=options["system_admin"],
                reason=options["reason"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Made {user.username}: {Role(options['role']).label} in {team}."
        )
