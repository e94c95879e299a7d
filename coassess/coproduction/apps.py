from django.apps import AppConfig


class CoproductionConfig(AppConfig):
    name = "coassess.coproduction"
    label = "coproduction"
    verbose_name = "Co-production audit"

    def ready(self) -> None:
        from coassess.accounts.models import Role
        from coassess.assessments.parts import Part, register_part
        from coassess.coproduction.projects.access import PROJECTS_PLACE
        from coassess.core.menus import Destination, register

        _register_dashboard()
        register_part(
            Part(
                "coproduction:show_measures",
                "How co-produced was this?",
                "coproduction",
            )
        )
        register_part(
            Part(
                "coproduction:reflect_on_assessment",
                "Reflect on how it went",
                "reflect",
            )
        )
        team = frozenset(
            {Role.CLINICIAN, Role.PEER_WORKER, Role.TEAM_LEAD, Role.COPRODUCTION}
        )
        register(
            Destination(
                "coproduction:reflection_summary",
                "Reflections",
                team,
                order=70,
                in_menu=False,
                description="What staff and people with lived experience said "
                "about how co-produced your team's work was, counted together.",
            ),
            Destination(
                "coproduction:self_assessment_list",
                "Team self-assessment",
                team,
                order=71,
                in_menu=False,
                description="How far your team has come with co-production, "
                "scored by a mixed group, and the actions you agreed.",
            ),
            Destination(
                "coproduction:instrument_list",
                "Questions and ladders",
                frozenset({Role.TEAM_LEAD, Role.COPRODUCTION}),
                order=72,
                in_menu=False,
                on_home=False,
            ),
        )
        register(PROJECTS_PLACE)


def _register_dashboard() -> None:
    """The summary's triggers, and the dashboard in the menu."""
    from coassess.accounts.models import Role
    from coassess.coproduction.triggers import DUE, STALE
    from coassess.core import triggers
    from coassess.core.menus import Destination, register

    triggers.register(STALE)
    triggers.register(DUE)
    register(
        Destination(
            "coproduction:dashboard",
            "Co-production dashboard",
            frozenset({Role.TEAM_LEAD, Role.COPRODUCTION}),
            order=55,
            description="How co-produced your team's assessments were, "
            "and how quickly people were seen, month by month.",
        )
    )
