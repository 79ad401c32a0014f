from django.db import models


class ServiceStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    PUBLISHED = "published", "Publié"
    # Published but not taking anyone for a while (suspended_from … suspended_until).
    SUSPENDED = "suspended", "Suspendu"
    ARCHIVED = "archived", "Archivé"


class FrenchLevel(models.TextChoices):
    """Common European Framework levels, from beginner to proficient."""

    A1 = "A1", "A1 — découverte"
    A2 = "A2", "A2 — survie"
    B1 = "B1", "B1 — seuil"
    B2 = "B2", "B2 — avancé"
    C1 = "C1", "C1 — autonome"
    C2 = "C2", "C2 — maîtrise"


class FranceTravailRule(models.TextChoices):
    ANY = "", "Indifférent"
    REQUIRED = "required", "Inscription à France Travail obligatoire"
    EXCLUDED = "excluded", "Réservé aux personnes non inscrites à France Travail"


class TermKind(models.TextChoices):
    """The multi-valued data·inclusion fields, kept one row per value for filters and counts."""

    THEMATIQUE = "thematiques", "Thématique"
    PUBLIC = "publics", "Public"
    MODE_ACCUEIL = "modes_accueil", "Mode d'accueil"
