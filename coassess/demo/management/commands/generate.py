"""`coassess generate`: many fictional people, referrals and assessments, for benchmarks.

    coassess generate --people 10000
    coassess generate --people 10000 --assessments 2 --open-referrals 200

People are added first, then assessments (each with its own referral), then
open referrals until the board has as many as asked for.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from coassess.accounts.models import CLINICAL_ROLES, Membership, Team
from coassess.core.exceptions import DomainError
from coassess.demo import data as demo
from coassess.demo import synthetic_assessments, synthetic_year
from coassess.demo import synthetic_people as synthetic


class Command(BaseCommand):
    help = (
        "Add fictional people, open referrals and assessments to a team (the demo "
        "team unless --team is given), for benchmarks. The same --seed gives the "
        "same data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--people",
            type=int,
            default=0,
            metavar="N",
            help="How many people to add (default 0).",
        )
        parser.add_argument(
            "--open-referrals",
            type=int,
            default=None,
            metavar="N",
            help="Add referrals of synthetic people until the team has N open "
            "(received over the last 20 hours, half from the emergency "
            "department, half from wards).",
        )
        parser.add_argument(
            "--assessments",
            type=int,
            default=0,
            metavar="N",
            help="How many assessments of synthetic people to add, each with its "
            "own referral, through the app's services (default 0).",
        )
        parser.add_argument(
            "--year",
            type=int,
            default=0,
            metavar="N",
            help="How many finished assessments to spread over the last 365 days, "
            "written in bulk with their measure summary, for the co-production "
            "dashboards (default 0). Reuses the synthetic people.",
        )
        parser.add_argument(
            "--participants",
            type=int,
            default=6,
            metavar="N",
            help="Participants in each assessment: the person, the clinician, two "
            "supporters, then staff and others (default 6).",
        )
        parser.add_argument(
            "--contributions",
            type=int,
            default=60,
            metavar="N",
            help="Current entries in each assessment, across every free-text "
            "prompt, a few revised, disputed or withheld (default 60).",
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
                "Synthetic data is never added when COASSESS_ENVIRONMENT=production."
            )
        count = options["people"]
        for name in (
            "people",
            "open_referrals",
            "assessments",
            "contributions",
            "year",
        ):
            if (options[name] or 0) < 0:
                raise CommandError(f"--{name.replace('_', '-')} must be 0 or more.")
        if options["participants"] < 2:
            raise CommandError(
                "--participants must be 2 or more: the person and the clinician."
            )
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be 1 or more.")
        if (
            not count
            and options["open_referrals"] is None
            and not options["assessments"]
            and not options["year"]
        ):
            raise CommandError(
                "Say what to add: --people, --open-referrals, --assessments or --year."
            )
        team = self.find_team(options["team"])
        member = (
            Membership.objects.select_related("user")
            .filter(team=team, role__in=CLINICAL_ROLES, user__is_active=True)
            .order_by("created_at")
            .first()
        )
        if member is None:
            raise CommandError(f"{team.name} has no active clinical member.")

        if count:
            self.add_people(team, member, count, options)
        try:
            if options["assessments"]:
                self.add_assessments(team, member, options)
            if options["year"]:
                self.add_year(team, options)
            if options["open_referrals"] is not None:
                self.add_open_referrals(team, member, options)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc

    def say(self, options: dict[str, Any], message: str) -> None:
        if options["verbosity"]:
            self.stdout.write(message)

    def add_people(
        self, team: Team, member: Membership, count: int, options: dict[str, Any]
    ) -> None:
        started = time.monotonic()
        with tqdm(total=count, unit="people", disable=options["verbosity"] == 0) as bar:
            written = synthetic.generate_people(
                team=team,
                registered_by=member.user,
                count=count,
                seed=options["seed"],
                batch_size=options["batch_size"],
                on_batch=bar.update,
            )
        seconds = time.monotonic() - started
        self.say(
            options,
            f"Added {written} fictional people to {team.name} in {seconds:.1f} s "
            f"(seed {options['seed']}).",
        )

    def add_assessments(
        self, team: Team, member: Membership, options: dict[str, Any]
    ) -> None:
        started = time.monotonic()
        shape = synthetic_assessments.Shape(
            participants=options["participants"],
            contributions=options["contributions"],
        )
        made = synthetic_assessments.generate_assessments(
            team=team,
            actor=member.user,
            count=options["assessments"],
            seed=options["seed"],
            shape=shape,
        )
        seconds = time.monotonic() - started
        self.say(
            options,
            f"Added {len(made)} assessments with {shape.participants} participants "
            f"and {shape.contributions} entries each in {seconds:.1f} s: "
            + ", ".join(str(a.pk) for a in made),
        )

    def add_year(self, team: Team, options: dict[str, Any]) -> None:
        started = time.monotonic()
        count = options["year"]
        disabled = options["verbosity"] == 0
        with tqdm(total=count, unit="assessments", disable=disabled) as bar:
            try:
                written = synthetic_year.generate_year(
                    team=team,
                    count=count,
                    seed=options["seed"],
                    batch_size=options["batch_size"],
                    on_batch=bar.update,
                )
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        seconds = time.monotonic() - started
        self.say(
            options,
            f"Added a year of {written} finished assessments to {team.name} "
            f"in {seconds:.1f} s.",
        )

    def add_open_referrals(
        self, team: Team, member: Membership, options: dict[str, Any]
    ) -> None:
        added = synthetic_assessments.top_up_open_referrals(
            team=team,
            recorded_by=member.user,
            open_referrals=options["open_referrals"],
            seed=options["seed"],
        )
        self.say(
            options,
            f"Added {added} open referrals: {team.name} has "
            f"{options['open_referrals']} or more open.",
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
