from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "coassess.accounts"
    label = "accounts"
    verbose_name = "Staff accounts and teams"

    def ready(self) -> None:
        from coassess.accounts.models import ALL_ROLES, Role
        from coassess.accounts.triggers import ACCOUNT_EVENTS
        from coassess.core import triggers
        from coassess.core.menus import Destination, register

        triggers.register(ACCOUNT_EVENTS)

        register(
            Destination(
                "accounts:staff_list",
                "Staff accounts",
                frozenset({Role.ADMINISTRATOR}),
                order=70,
                description="Add staff to your team, change their role, switch accounts off.",
            ),
            Destination(
                "accounts:account_changes",
                "Account changes",
                frozenset({Role.TEAM_LEAD}),
                order=75,
                description="Every account made or changed in your team, by whom and why.",
            ),
            Destination(
                "accounts:team_sign_in",
                "Signing in",
                frozenset({Role.TEAM_LEAD}),
                order=76,
                description="Reset a member's sign-in code, or unlock someone locked out.",
            ),
            Destination(
                "accounts:change_password",
                "Change your password",
                ALL_ROLES,
                order=90,
                in_menu=False,
            ),
        )
