"""The shared directory: structures and services, field by field as data·inclusion v1.

Fields named in French are data·inclusion's own (``nom``, ``thematiques``…), so an import or
export maps one to one. Maillage's extensions follow, in English, after a marked line.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone

from maillage.directory.enums import FranceTravailRule, FrenchLevel, ServiceStatus, TermKind


class Structure(models.Model):
    # --- data·inclusion v1 Structure ---
    source = models.CharField(max_length=100)
    di_id = models.CharField("identifiant (data·inclusion)", max_length=200)
    nom = models.CharField(max_length=300)
    date_maj = models.DateField(default=timezone.localdate)
    description = models.TextField(blank=True)
    lien_source = models.URLField(max_length=500, blank=True)
    siret = models.CharField(max_length=14, blank=True)
    commune = models.CharField(max_length=200, blank=True)
    code_postal = models.CharField(max_length=5, blank=True)
    code_insee = models.CharField(max_length=5, blank=True, db_index=True)
    adresse = models.CharField(max_length=300, blank=True)
    complement_adresse = models.CharField(max_length=300, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    telephone = models.CharField(max_length=50, blank=True)
    courriel = models.EmailField(blank=True)
    site_web = models.URLField(max_length=500, blank=True)
    horaires_accueil = models.TextField(blank=True)
    accessibilite_lieu = models.URLField(max_length=500, blank=True)
    reseaux_porteurs = models.JSONField(default=list, blank=True)
    # --- Maillage ---
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="structures",
        help_text="La structure partenaire qui tient cette fiche.",
    )

    class Meta:
        verbose_name = "structure (annuaire)"
        verbose_name_plural = "structures (annuaire)"
        ordering = ["nom"]
        constraints = [
            models.UniqueConstraint(fields=["source", "di_id"], name="unique_structure_source_id")
        ]

    def __str__(self) -> str:
        return self.nom


class ServiceQuerySet(models.QuerySet):
    def visible(self, today=None):
        """What the public directory shows: published, or suspended outside its dates."""
        today = today or timezone.localdate()
        return self.filter(status__in=[ServiceStatus.PUBLISHED, ServiceStatus.SUSPENDED]).exclude(
            status=ServiceStatus.SUSPENDED,
            suspended_from__lte=today,
            suspended_until__gte=today,
        )


class Service(models.Model):
    # --- data·inclusion v1 Service ---
    source = models.CharField(max_length=100)
    di_id = models.CharField("identifiant (data·inclusion)", max_length=200)
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="services")
    nom = models.CharField(max_length=300)
    description = models.TextField()
    lien_source = models.URLField(max_length=500, blank=True)
    date_maj = models.DateField(default=timezone.localdate)
    type = models.CharField(max_length=40, blank=True)
    thematiques = models.JSONField(default=list, blank=True)
    frais = models.CharField(max_length=20, blank=True)
    frais_precisions = models.TextField(blank=True)
    publics = models.JSONField(default=list, blank=True)
    publics_precisions = models.TextField(blank=True)
    conditions_acces = models.TextField(blank=True)
    commune = models.CharField(max_length=200, blank=True)
    code_postal = models.CharField(max_length=5, blank=True)
    code_insee = models.CharField(max_length=5, blank=True)
    adresse = models.CharField(max_length=300, blank=True)
    complement_adresse = models.CharField(max_length=300, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    telephone = models.CharField(max_length=50, blank=True)
    courriel = models.EmailField(blank=True)
    modes_accueil = models.JSONField(default=list, blank=True)
    zone_eligibilite = models.JSONField(default=list, blank=True)
    contact_nom_prenom = models.CharField(max_length=200, blank=True)
    lien_mobilisation = models.URLField(max_length=500, blank=True)
    modes_mobilisation = models.JSONField(default=list, blank=True)
    mobilisable_par = models.JSONField(default=list, blank=True)
    mobilisation_precisions = models.TextField(blank=True)
    volume_horaire_hebdomadaire = models.FloatField(null=True, blank=True)
    nombre_semaines = models.PositiveIntegerField(null=True, blank=True)
    horaires_accueil = models.TextField(blank=True)

    # --- Maillage extensions ---
    status = models.CharField(
        "état", max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.PUBLISHED
    )
    suspended_from = models.DateField("suspendu du", null=True, blank=True)
    suspended_until = models.DateField("suspendu jusqu'au", null=True, blank=True)
    last_reviewed_at = models.DateField("dernière vérification", null=True, blank=True)
    update_frequency_days = models.PositiveIntegerField("à vérifier tous les (jours)", default=180)
    min_age = models.PositiveSmallIntegerField("âge minimum", null=True, blank=True)
    max_age = models.PositiveSmallIntegerField("âge maximum", null=True, blank=True)
    french_level = models.CharField(
        "niveau de français demandé", max_length=2, choices=FrenchLevel.choices, blank=True
    )
    france_travail = models.CharField(
        "inscription à France Travail",
        max_length=20,
        choices=FranceTravailRule.choices,
        blank=True,
    )
    excludes_supported_elsewhere = models.BooleanField(
        "réservé aux personnes sans autre accompagnement", default=False
    )
    places_left = models.PositiveIntegerField("places disponibles", null=True, blank=True)
    next_start_date = models.DateField("prochaine entrée", null=True, blank=True)
    accepts_referrals = models.BooleanField("reçoit des orientations par Maillage", default=False)
    referral_contact = models.EmailField("qui répond aux orientations", blank=True)
    confidential_address = models.BooleanField(
        "adresse confidentielle",
        default=False,
        help_text="Lieu protégé (hébergement) : l'adresse n'est montrée qu'aux partenaires "
        "connectés.",
    )
    # Derived from the fields above, for search: normalized words (the SQLite path, by
    # directory.indexing) and, on PostgreSQL, a weighted French tsvector and a token array of the
    # filter values (a column outside this model), both set by a trigger and GIN-indexed
    # (migrations 0002 and 0003).
    search_text = models.TextField(editable=False, blank=True)
    search_labels = models.TextField(editable=False, blank=True)  # thématiques and publics
    # Where the service is, for distances: its own position, else its structure's, else the
    # centre of its commune (then ``geo_approximate``).
    geo_latitude = models.FloatField(null=True, editable=False)
    geo_longitude = models.FloatField(null=True, editable=False)
    geo_approximate = models.BooleanField(default=False, editable=False)
    # The service's id in the Open Referral (HSDS) API: a UUID derived from (source, id).
    hsds_id = models.UUIDField(null=True, editable=False, db_index=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = "service"
        ordering = ["nom"]
        constraints = [
            models.UniqueConstraint(fields=["source", "di_id"], name="unique_service_source_id")
        ]
        indexes = [
            models.Index(fields=["geo_latitude", "geo_longitude"], name="service_position_idx"),
            models.Index(fields=["status"], name="service_status_idx"),
        ]

    def __str__(self) -> str:
        return self.nom

    @property
    def is_stale(self) -> bool:
        reviewed = self.last_reviewed_at or self.date_maj
        return (timezone.localdate() - reviewed).days > self.update_frequency_days


class ServiceTerm(models.Model):
    """One value of a multi-valued field (thématique, public, mode d'accueil) of a service."""

    # Derived rows, like an index of the service (directory.indexing rebuilds them): no index of
    # their own (the unique constraint below leads with the service) and no foreign key checked
    # by the database (Django deletes them with their service; the check cost ~4 s at the commit
    # of a 100,000-service import).
    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        related_name="terms",
        db_index=False,
        db_constraint=False,
    )
    kind = models.CharField(max_length=20, choices=TermKind.choices)
    value = models.CharField(max_length=150)

    class Meta:
        indexes = [models.Index(fields=["kind", "value", "service"], name="service_term_idx")]
        constraints = [
            models.UniqueConstraint(fields=["service", "kind", "value"], name="unique_service_term")
        ]

    def __str__(self) -> str:
        return f"{self.kind}={self.value}"


class ServiceZone(models.Model):
    """One code of a service's eligibility zone: a commune, an EPCI, a département or france."""

    # Derived rows, like an index of the service (directory.indexing rebuilds them): no index of
    # their own (the unique constraint below leads with the service) and no foreign key checked
    # by the database (Django deletes them with their service; the check cost ~4 s at the commit
    # of a 100,000-service import).
    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        related_name="zones",
        db_index=False,
        db_constraint=False,
    )
    code = models.CharField(max_length=9)

    class Meta:
        indexes = [models.Index(fields=["code", "service"], name="service_zone_idx")]
        constraints = [
            models.UniqueConstraint(fields=["service", "code"], name="unique_service_zone")
        ]

    def __str__(self) -> str:
        return self.code
