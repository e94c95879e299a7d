from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from coassess.core.server import serve
from coassess.demo import data as demo
from coassess.demo import synthetic_year
from coassess.demo.access_codes import DEMO_CODE_DAYS


class Command(BaseCommand):
    help = "Set up a database with fictional demo data and serve coassess on it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--no-serve", action="store_true", help="Load the data and stop."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "Demo data is never loaded when COASSESS_ENVIRONMENT=production."
            )
        call_command("migrate", interactive=False, verbosity=0)
        if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
            call_command("collectstatic", interactive=False, verbosity=0)
        password, generated = demo.demo_password()
        result = demo.load_demo(password)
        started = time.monotonic()
        year = synthetic_year.load_demo_year(result["team"])
        year_seconds = time.monotonic() - started
        host, port = options["host"], options["port"]
        lines = [
            "",
            f"coassess demo: {result['team']}",
            f"Added {result['people_added']} fictional people this time.",
            f"Added a year of {year} finished assessments for the co-production "
            f"dashboard in {year_seconds:.1f} s."
            if year
            else "The year of assessments for the dashboard was already there.",
            "",
            f"Sign in at http://{host}:{port}/sign-in/ as any of:",
        ]
        for username, role, first, last in demo.DEMO_STAFF:
            lines.append(f"  {username:<13} {role.label} ({first} {last})")
        lines.append(
            f"Password for all of them: {password}"
            + (
                "  (generated; set COASSESS_DEMO_PASSWORD to choose)"
                if generated
                else ""
            )
        )
        lines += [
            "",
            "Then a sign-in code, the same for all of them. Either:",
            "  - add this setup key to an authenticator app on your phone (it is",
            f"    time-based, for demo use only): {settings.DEMO_TOTP_SECRET}",
            "  - or run `coassess democode` for the code now.",
            "Each code signs in each account once: for another sign-in, wait for",
            "the next code (every 30 seconds).",
            "",
            f"The person's own view: go to http://{host}:{port}/my/ and give an",
            "access code with what its holder is asked for:",
        ]
        for code in result["codes"]:
            lines.append(f"  {code.whom:<24} {code.shown}   {code.asked}")
        lines += [
            f"These work for {DEMO_CODE_DAYS} days. Each load gives new codes and "
            "revokes the old ones.",
            "",
        ]
        self.stdout.write("\n".join(lines))
        if not options["no_serve"]:
            serve(host=host, port=port, workers=2)
