from django.db import models

from maillage.core.text import normalize
from maillage.referentials.vocabularies import VOCABULARY_LABELS


class VocabularyTerm(models.Model):
    """A copy of one data·inclusion vocabulary entry, so queries can join and count on it.

    The package stays the source of truth (``referentials.vocabularies``); ``load_referentials``
    keeps this table in step with it.
    """

    vocabulary = models.CharField(max_length=40, choices=list(VOCABULARY_LABELS.items()))
    value = models.CharField(max_length=150)
    label = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    parent = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = "terme data·inclusion"
        verbose_name_plural = "termes data·inclusion"
        ordering = ["vocabulary", "value"]
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "value"], name="unique_vocabulary_value")
        ]

    def __str__(self) -> str:
        return self.label


class NafDivision(models.Model):
    code = models.CharField("code", max_length=2, primary_key=True)
    label = models.CharField("libellé", max_length=200)

    class Meta:
        verbose_name = "division NAF"
        verbose_name_plural = "divisions NAF"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.label}"


class OccupationQuerySet(models.QuerySet):
    def search(self, query: str):
        """Occupations whose code starts with, or whose label contains every word of, ``query``."""
        needle = normalize(query)
        if not needle:
            return self.none()
        if len(needle) <= 5 and needle[0].isalpha() and needle[1:].isdigit():
            return self.filter(code__istartswith=needle)
        queryset = self
        for word in needle.split():
            queryset = queryset.filter(search_label__contains=word)
        return queryset

    def search_with_job_titles(self, query: str):
        """Like ``search``, also through the job titles people say ("cariste", "aide-soignant")."""
        needle = normalize(query)
        if not needle:
            return self.none()
        titles = JobTitle.objects.all()
        for word in needle.split():
            titles = titles.filter(search_label__contains=word)
        return self.filter(
            models.Q(pk__in=self.search(query).values("pk"))
            | models.Q(pk__in=titles.values("occupation_id"))
        )


class Occupation(models.Model):
    """A ROME 4.0 fiche métier (France Travail)."""

    code = models.CharField("code ROME", max_length=5, primary_key=True)
    label = models.CharField("libellé", max_length=200)
    search_label = models.CharField(max_length=200, editable=False)
    code_ogr = models.PositiveIntegerField("code OGR", null=True, blank=True)
    naf_divisions = models.ManyToManyField(NafDivision, related_name="occupations", blank=True)

    objects = OccupationQuerySet.as_manager()

    class Meta:
        verbose_name = "métier ROME"
        verbose_name_plural = "métiers ROME"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.label} ({self.code})"

    def save(self, *args, **kwargs):
        self.search_label = normalize(self.label)
        super().save(*args, **kwargs)

    @property
    def grand_domaine(self) -> str:
        """The first letter of the code, e.g. "N" (transport et logistique)."""
        return self.code[:1]

    @property
    def domaine_professionnel(self) -> str:
        """The first three characters of the code, e.g. "N11"."""
        return self.code[:3]


class JobTitle(models.Model):
    """A ROME appellation: one of the names people give to an occupation."""

    code_ogr = models.PositiveIntegerField("code OGR", primary_key=True)
    label = models.CharField("libellé", max_length=300)
    short_label = models.CharField("libellé court", max_length=300, blank=True)
    search_label = models.CharField(max_length=300, editable=False)
    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="job_titles")
    is_main = models.BooleanField("appellation principale", default=False)
    rarely_used = models.BooleanField("peu usitée", default=False)

    class Meta:
        verbose_name = "appellation ROME"
        verbose_name_plural = "appellations ROME"
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs):
        self.search_label = normalize(self.label)
        super().save(*args, **kwargs)
