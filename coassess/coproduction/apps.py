from django.apps import AppConfig


class CoproductionConfig(AppConfig):
    name = "coassess.coproduction"
    label = "coproduction"
    verbose_name = "Co-production audit"

    def ready(self) -> None:
        from coassess.assessments.parts import Part, register_part

        register_part(
            Part(
                "coproduction:show_measures",
                "How co-produced was this?",
                "coproduction",
            )
        )
