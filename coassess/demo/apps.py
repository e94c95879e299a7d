from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Fictional demo data and the synthetic generator, with their commands.

    The top of the house: it may import every app, and nothing imports it.
    """

    name = "coassess.demo"
    label = "demo"
    verbose_name = "Demo and synthetic data"
