from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from coassess.demo import data as demo


class Command(BaseCommand):
    help = (
        "Print the sign-in code that the demo accounts' authenticator shows now "
        "(the demo only: production has no demo secret)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION or not settings.DEMO_TOTP_SECRET:
            raise CommandError("There is no demo sign-in code in production.")
        code, seconds = demo.demo_code(settings.DEMO_TOTP_SECRET)
        self.stdout.write(
            f"{code}  (the demo accounts' sign-in code for the next {seconds} seconds)"
        )
