from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class CoreConfig(AppConfig):
    name = "coassess.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from coassess.core import triggers

        # Once per `migrate` (sent for every app; this app's signal only).
        pre_migrate.connect(triggers.remove_before_migrating, sender=self)
        post_migrate.connect(triggers.reinstall, sender=self)
