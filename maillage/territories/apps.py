from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "maillage.territories"
    verbose_name = "Territoires"
