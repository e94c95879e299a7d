from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from coassess.accounts import drafts


class Command(BaseCommand):
    help = (
        "Delete every unsaved draft kept longer than DRAFT_HOURS. Expired "
        "drafts are never offered anyway; this removes them from the database."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = drafts.purge()
        self.stdout.write(
            f"Deleted {deleted} draft{'s' if deleted != 1 else ''} older than "
            f"{settings.DRAFT_HOURS} hours."
        )
