from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "maillage.core"
    verbose_name = "Socle"

    def ready(self):
        from maillage.core import (
            db,  # noqa: F401  (registers the __prefix lookup)
            tasks,  # noqa: F401  (the task queue's signal and check)
        )
