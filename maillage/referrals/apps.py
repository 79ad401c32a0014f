from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "maillage.referrals"
    verbose_name = "Orientations"
