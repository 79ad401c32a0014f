from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "maillage.intake"
    verbose_name = "Accueil, consentement et diagnostic"
