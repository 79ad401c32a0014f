from django.db import models


class CommuneKind(models.TextChoices):
    COMMUNE = "COM", "Commune"
    # Paris, Lyon and Marseille: addresses and data·inclusion records may carry these codes.
    ARRONDISSEMENT = "ARM", "Arrondissement municipal"


class EpciKind(models.TextChoices):
    CC = "CC", "Communauté de communes"
    CA = "CA", "Communauté d'agglomération"
    CU = "CU", "Communauté urbaine"
    METRO = "METRO", "Métropole"
    MET69 = "MET69", "Métropole de Lyon"


class FrrClass(models.TextChoices):
    """France Ruralités Revitalisation (ex-ZRR), labels as written in ANCT's list."""

    SOCLE = "socle", "FRR socle"
    PLUS = "plus", "FRR+"
    BENEFICIAIRE = "beneficiaire", "FRR bénéficiaire"
    BENEFICIAIRE_PARTIEL = "beneficiaire_partiel", "FRR bénéficiaire partiellement"
    PARTIEL = "partiel", "Classée FRR partiellement"
    NON_CLASSEE = "non_classee", "Non classée"

    @classmethod
    def from_label(cls, label: str) -> "FrrClass | None":
        wanted = label.strip().casefold()
        return next((c for c in cls if c.label.casefold() == wanted), None)
