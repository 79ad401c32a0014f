from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "maillage.referrals"
    verbose_name = "Orientations"

    def ready(self):
        from maillage.referrals import timeline  # noqa: F401 - registers the timeline's events
