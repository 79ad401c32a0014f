from django.db import models

from maillage.core.text import normalize
from maillage.territories.enums import CommuneKind, EpciKind, FrrClass


class Region(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)

    class Meta:
        verbose_name = "région"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Departement(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departements")

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Epci(models.Model):
    code = models.CharField("SIREN", max_length=9, primary_key=True)
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("nature", max_length=5, choices=EpciKind.choices)
    population = models.PositiveIntegerField("population municipale", null=True, blank=True)

    class Meta:
        verbose_name = "EPCI"
        verbose_name_plural = "EPCI"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CommuneQuerySet(models.QuerySet):
    def communes(self):
        """Current communes only, without the arrondissements of Paris, Lyon and Marseille."""
        return self.filter(kind=CommuneKind.COMMUNE)

    def with_context(self):
        return self.select_related("departement__region", "epci")


class Commune(models.Model):
    code = models.CharField("code INSEE", max_length=5, primary_key=True)
    kind = models.CharField(
        "type", max_length=3, choices=CommuneKind.choices, default=CommuneKind.COMMUNE
    )
    name = models.CharField("nom", max_length=100)
    # Lower case, no accents, words separated by one space: what the name lookup compares with.
    search_name = models.CharField(max_length=100, db_index=True, editable=False)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="communes")
    epci = models.ForeignKey(
        Epci, on_delete=models.SET_NULL, null=True, blank=True, related_name="communes"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="arrondissements",
        help_text="Commune dont cet arrondissement municipal fait partie.",
    )
    population = models.PositiveIntegerField("population municipale", null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    siren = models.CharField("SIREN", max_length=9, blank=True)
    frr = models.CharField(
        "classement FRR",
        max_length=20,
        choices=FrrClass.choices,
        blank=True,
        help_text="Vide tant que la liste de l'ANCT n'a pas été importée.",
    )

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = "commune"
        ordering = ["name"]
        indexes = [models.Index(fields=["-population"], name="commune_population_idx")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = normalize(self.name)
        super().save(*args, **kwargs)

    @property
    def is_frr(self) -> bool | None:
        """True for every FRR class (partial ones too), None when the list was never imported."""
        if not self.frr:
            return None
        return self.frr != FrrClass.NON_CLASSEE

    @property
    def region(self) -> Region | None:
        return self.departement.region


class CommuneSearchTerm(models.Model):
    """Where a commune's name can start matching what someone types: the whole normalized name
    (position 0) and each later word to the end ("seyne sur mer" for La Seyne-sur-Mer), so that
    "seyne" finds it with an index instead of scanning every name."""

    term = models.CharField(max_length=100, db_index=True)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="search_terms")
    position = models.PositiveSmallIntegerField(help_text="0 : début du nom ; n : n-ième mot.")
    # Copied from the commune so that ranking needs no join (kept in step by load_territories).
    population = models.PositiveIntegerField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["commune", "position"], name="unique_commune_term")
        ]

    def __str__(self) -> str:
        return self.term

    @staticmethod
    def terms_of(search_name: str) -> list[tuple[int, str]]:
        words = search_name.split()
        return [(i, " ".join(words[i:])) for i in range(len(words))]


class PostalCode(models.Model):
    code = models.CharField("code postal", max_length=5, db_index=True)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="postal_codes")

    class Meta:
        verbose_name = "code postal"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "commune"], name="unique_postal_code_commune")
        ]

    def __str__(self) -> str:
        return self.code


class Qpv(models.Model):
    """Quartier prioritaire de la politique de la ville (ANCT list, 2024 generation)."""

    code = models.CharField("code", max_length=12, primary_key=True)
    name = models.CharField("nom", max_length=200)
    communes = models.ManyToManyField(Commune, related_name="qpvs")

    class Meta:
        verbose_name = "quartier prioritaire (QPV)"
        verbose_name_plural = "quartiers prioritaires (QPV)"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
