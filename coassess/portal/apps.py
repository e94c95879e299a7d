from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "coassess.portal"
    label = "portal"
    verbose_name = "The person's and supporters' own view"
