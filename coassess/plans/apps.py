from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "coassess.plans"
    label = "plans"
    verbose_name = "Plans, contingency plans and sign-off"
