from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "coassess.referrals"
    label = "referrals"
    verbose_name = "Referrals and the team board"

    def ready(self) -> None:
        from coassess.accesslog.queries import register_known_people
        from coassess.accounts.models import CLINICAL_ROLES
        from coassess.core.menus import Destination, register
        from coassess.people.registry import (
            Panel,
            register_panel,
            register_relationship,
        )
        from coassess.referrals import presenters, queries

        register_relationship(queries.team_refers)
        register_known_people(queries.ever_referred)
        register_panel(
            Panel("referrals/_partials/person_referrals.jinja", presenters.person_panel)
        )

        register(
            Destination(
                "referrals:board",
                "Team board",
                CLINICAL_ROLES,
                order=10,
                description="Open referrals and the time left to respond. "
                "Record a new referral.",
            )
        )
