from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "coassess.decisions"
    label = "decisions"
    verbose_name = "Decisions with dissensus"
