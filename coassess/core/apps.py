from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "coassess.core"
    label = "core"
    verbose_name = "Core"
