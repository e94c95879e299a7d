from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "coassess.people"
    label = "people"
    verbose_name = "People and their supporters"
