from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "coassess.referrals"
    label = "referrals"
    verbose_name = "Referrals and the team board"
