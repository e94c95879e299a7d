"""`coassess generate --people N`: many fictional people, for benchmarks."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from coassess.accounts.models import CLINICAL_ROLES, Membership, Team
from coassess.core import demo, synthetic


class Command(BaseCommand):
    help = (
        "Add N fictional people to a team (the demo team unless --team is given), "
        "for benchmarks. The same --seed gives the same people."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--people",
            type=int,
            required=True,
            metavar="N",
            help="How many people to add.",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=1,
            help="The same seed gives the same people (default 1).",
        )
        parser.add_argument(
            "--team",
            default=None,
            metavar="NAME",
            help="The team that registers them (default: the demo "
            "team, loaded first if it is not there).",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=1000,
            help="Rows per INSERT (default 1000).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "Synthetic people are never added when COASSESS_ENVIRONMENT=production."
            )
        count, seed = options["people"], options["seed"]
        if count < 0:
            raise CommandError("--people must be 0 or more.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be 1 or more.")
        team = self.find_team(options["team"])
        member = (
            Membership.objects.select_related("user")
            .filter(team=team, role__in=CLINICAL_ROLES, user__is_active=True)
            .order_by("created_at")
            .first()
        )
        if member is None:
            raise CommandError(f"{team.name} has no active clinical member.")

        started = time.monotonic()
        with tqdm(total=count, unit="people", disable=options["verbosity"] == 0) as bar:
            written = synthetic.generate_people(
                team=team,
                registered_by=member.user,
                count=count,
                seed=seed,
                batch_size=options["batch_size"],
                on_batch=bar.update,
            )
        seconds = time.monotonic() - started
        if options["verbosity"]:
            self.stdout.write(
                f"Added {written} fictional people to {team.name} in {seconds:.1f} s "
                f"(seed {seed})."
            )

    def find_team(self, name: str | None) -> Team:
        if name is not None:
            team = Team.objects.filter(name=name).first()
            if team is None:
                raise CommandError(f"There is no team called {name!r}.")
            return team
        # Like `coassess demo`: bring the database up to date, then load the demo
        # team and staff unless they are there already.
        call_command("migrate", interactive=False, verbosity=0)
        team = Team.objects.filter(name=demo.TEAM_NAME).first()
        if team is None:
            password, _ = demo.demo_password()
            team = demo.load_demo(password)["team"]
        return team
