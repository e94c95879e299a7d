from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from coassess.core.server import serve


class Command(BaseCommand):
    help = "Serve coassess with gunicorn, as in production."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--threads",
            type=int,
            default=1,
            help="Requests each worker serves at once (default 1). Pages are "
            "mostly Python work, which one process does one at a time; more "
            "threads help only when the database is across a network.",
        )
        parser.add_argument("--quiet", action="store_true", help="No access log.")

    def handle(self, *args: Any, **options: Any) -> None:
        serve(
            host=options["host"],
            port=options["port"],
            workers=options["workers"],
            threads=options["threads"],
            quiet=options["quiet"],
        )
