from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "coassess.people"
    label = "people"
    verbose_name = "People and their supporters"

    def ready(self) -> None:
        from coassess.accesslog.queries import register_known_people
        from coassess.accounts.models import CLINICAL_ROLES, Role
        from coassess.core import triggers
        from coassess.core.menus import Destination, register
        from coassess.people.queries import registered_by
        from coassess.people.sharing_triggers import TRIGGER_SETS

        register_known_people(registered_by)
        for trigger_set in TRIGGER_SETS:
            triggers.register(trigger_set)

        register(
            Destination(
                "people:find_person",
                "Find a person",
                CLINICAL_ROLES,
                order=20,
                description="By NHS number, or by name and date of birth.",
            ),
            Destination(
                "people:add_person",
                "Add a person",
                CLINICAL_ROLES,
                order=30,
                description="When someone is new to the team.",
                in_menu=False,
            ),
            Destination(
                "people:hold_list",
                "Safeguarding holds",
                frozenset({Role.TEAM_LEAD}),
                order=55,
                description="Supporters whose access was paused, to review.",
            ),
        )
