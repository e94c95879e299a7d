from __future__ import annotations

import getpass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from coassess.accounts import services
from coassess.accounts.models import Role, Team
from coassess.core.exceptions import DomainError


class Command(BaseCommand):
    help = "Make a staff account with a role in a team (the team is made if it is new)."

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
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Made {user.username}: {Role(options['role']).label} in {team}."
        )
