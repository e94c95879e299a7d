from django.apps import AppConfig


class LanguageConfig(AppConfig):
    name = "coassess.language"
    label = "language"
    verbose_name = "Respectful and plain language"
