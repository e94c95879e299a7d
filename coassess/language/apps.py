from django.apps import AppConfig


class LanguageConfig(AppConfig):
    name = "coassess.language"
    label = "language"
    verbose_name = "Respectful and plain language"

    def ready(self) -> None:
        from coassess.accounts.models import Role
        from coassess.core.menus import Destination, register

        register(
            Destination(
                "language:team_rules",
                "Language rules",
                frozenset({Role.TEAM_LEAD, Role.COPRODUCTION}),
                order=60,
                on_home=False,
            )
        )
