from django.apps import AppConfig


class AccessLogConfig(AppConfig):
    name = "coassess.accesslog"
    label = "accesslog"
    verbose_name = "Access log"

    def ready(self) -> None:
        from coassess.accesslog.triggers import TRIGGERS
        from coassess.core import triggers

        triggers.register(TRIGGERS)
