from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "maillage.outreach"
    verbose_name = "Repérage et aller vers"
