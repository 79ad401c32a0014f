from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "maillage.reporting"
    verbose_name = "Indicateurs"
