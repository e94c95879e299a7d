from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "coassess.accounts"
    label = "accounts"
    verbose_name = "Staff accounts and teams"
