from django.apps import AppConfig


class AccessLogConfig(AppConfig):
    name = "coassess.accesslog"
    label = "accesslog"
    verbose_name = "Access log"

    def ready(self) -> None:
        from coassess.accesslog.triggers import TRIGGER_SETS
        from coassess.accounts.models import Role
        from coassess.core import triggers
        from coassess.core.menus import Destination, register

        for trigger_set in TRIGGER_SETS:
            triggers.register(trigger_set)
        lead = frozenset({Role.TEAM_LEAD})
        register(
            Destination(
                "accesslog:event_list",
                "Access log",
                lead,
                order=40,
                description="Who looked at or changed people's records.",
            ),
            Destination(
                "accesslog:grant_list",
                "Break-glass reviews",
                lead,
                order=50,
                description="Access to records outside the team's usual work, "
                "with the reasons given.",
            ),
        )
