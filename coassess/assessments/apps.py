from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "coassess.assessments"
    label = "assessments"
    verbose_name = "Co-produced crisis assessments"
