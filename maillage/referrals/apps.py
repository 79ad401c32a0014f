from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "maillage.referrals"
    verbose_name = "Orientations"

    def ready(self):
        from maillage.intake.actions import on_consent_withdrawn
        from maillage.referrals import timeline  # noqa: F401 - registers the timeline's events
        from maillage.referrals.actions import cancel_uncovered_referrals

        on_consent_withdrawn(cancel_uncovered_referrals)
