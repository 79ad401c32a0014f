"""Reaching people no service reaches: capteurs, "hors les murs" actions, and the leads they bring.

A lead keeps its channel and its capteur or action; the person created from it (intake) and every
referral copy that origin, so a network can follow a capteur's lead to its outcome.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from maillage.outreach.enums import (
    CLOSED_LEAD_STATUSES,
    ActionPlace,
    ContactKind,
    ContactOutcome,
    ContactPreference,
    LeadChannel,
    LeadStatus,
    LeadTopic,
    ReferrerKind,
)

# A capteur with no lead for this long is dormant.
ACTIVE_DAYS = 90


def new_link_token() -> str:
    return secrets.token_urlsafe(12)


class ReferrerQuerySet(models.QuerySet):
    def with_activity(self):
        return self.annotate(
            last_lead_at=models.Max("leads__created_at"),
            lead_count=models.Count("leads", distinct=True),
            last_visit_on=models.Max("visits__visited_on"),
        )


class Referrer(models.Model):
    """A capteur: a bar, a food bank, a club… that passes people on to the network.

    Its personal link carries a random token, kept in clear because the poster must be printable
    again; the token only lets someone send a lead attributed to this capteur, and rotating it
    (a lost or misused poster) kills the old link at once.
    """

    network = models.ForeignKey(
        "accounts.Network", on_delete=models.CASCADE, related_name="referrers"
    )
    name = models.CharField("nom du lieu ou de la structure", max_length=200)
    kind = models.CharField("type", max_length=30, choices=ReferrerKind.choices)
    commune = models.ForeignKey(
        "territories.Commune", on_delete=models.PROTECT, related_name="+", verbose_name="commune"
    )
    address = models.CharField("adresse", max_length=300, blank=True)
    contact_name = models.CharField("personne à contacter", max_length=200, blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    followed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_referrers",
        verbose_name="suivi par",
    )
    notes = models.TextField("remarques", blank=True)
    link_token = models.CharField(max_length=32, unique=True, default=new_link_token)
    link_rotated_at = models.DateTimeField("lien renouvelé le", null=True, blank=True)
    is_active = models.BooleanField("en activité", default=True)
    created_at = models.DateTimeField("inscrit le", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ReferrerQuerySet.as_manager()

    class Meta:
        verbose_name = "capteur"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def active_since():
        return timezone.now() - timedelta(days=ACTIVE_DAYS)

    @staticmethod
    def is_active_at(last_lead_at) -> bool:
        return last_lead_at is not None and last_lead_at >= Referrer.active_since()


class ReferrerVisit(models.Model):
    """A follow-up visit to a capteur (keeping the link alive, bringing posters)."""

    referrer = models.ForeignKey(Referrer, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField("date de la visite", default=timezone.localdate)
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    notes = models.TextField("compte rendu", blank=True, max_length=2000)

    class Meta:
        verbose_name = "visite de suivi"
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.referrer} — {self.visited_on:%d/%m/%Y}"


class OutreachAction(models.Model):
    """A "hors les murs" action: the team goes where people are."""

    network = models.ForeignKey(
        "accounts.Network", on_delete=models.CASCADE, related_name="outreach_actions"
    )
    place = models.CharField("type de lieu", max_length=30, choices=ActionPlace.choices)
    place_label = models.CharField(
        "lieu", max_length=200, help_text="Par exemple : marché du samedi, place du Béarn."
    )
    commune = models.ForeignKey(
        "territories.Commune", on_delete=models.PROTECT, related_name="+", verbose_name="commune"
    )
    starts_at = models.DateTimeField("début")
    duration_minutes = models.PositiveIntegerField("durée (minutes)", default=120)
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="outreach_actions", verbose_name="équipe"
    )
    partners = models.CharField(
        "partenaires présents", max_length=300, blank=True, help_text="Facultatif."
    )
    people_met = models.PositiveIntegerField("personnes rencontrées", default=0)
    notes = models.TextField("bilan", blank=True, max_length=4000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "action hors les murs"
        verbose_name_plural = "actions hors les murs"
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.get_place_display()} — {self.place_label} ({self.starts_at:%d/%m/%Y})"


class LeadQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=CLOSED_LEAD_STATUSES)

    def untouched_since(self, when):
        """Open leads nobody has acted on since ``when``."""
        return self.open().filter(last_activity_at__lt=when)


class Lead(models.Model):
    """A person flagged to the network (a "signalement"), before anyone has met them."""

    network = models.ForeignKey("accounts.Network", on_delete=models.CASCADE, related_name="leads")
    channel = models.CharField("canal", max_length=20, choices=LeadChannel.choices)
    referrer = models.ForeignKey(
        Referrer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leads",
        verbose_name="capteur",
    )
    action = models.ForeignKey(
        OutreachAction,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leads",
        verbose_name="action hors les murs",
    )
    # A professional outside the network who sent the person (prescriber form).
    prescriber_name = models.CharField("professionnel", max_length=200, blank=True)
    prescriber_organisation = models.CharField(
        "structure du professionnel", max_length=200, blank=True
    )
    prescriber_email = models.EmailField("courriel du professionnel", blank=True)
    prescriber_phone = models.CharField("téléphone du professionnel", max_length=30, blank=True)

    first_name = models.CharField("prénom", max_length=100)
    last_name = models.CharField("nom", max_length=100, blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    contact_preference = models.CharField(
        "comment la joindre",
        max_length=10,
        choices=ContactPreference.choices,
        default=ContactPreference.PHONE,
    )
    commune = models.ForeignKey(
        "territories.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="commune",
    )
    topics = models.JSONField("besoins", default=list, blank=True)
    message = models.TextField("message", blank=True, max_length=1000)
    agreed_to_be_contacted = models.BooleanField("accepte d'être contactée", default=False)

    status = models.CharField(
        "état", max_length=20, choices=LeadStatus.choices, default=LeadStatus.NEW
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_leads",
        verbose_name="suivi par",
    )
    created_at = models.DateTimeField("reçu le", default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_activity_at = models.DateTimeField("dernière action", default=timezone.now)
    closed_at = models.DateTimeField("clos le", null=True, blank=True)
    reminded_at = models.DateTimeField("relancé le", null=True, blank=True)

    objects = LeadQuerySet.as_manager()

    class Meta:
        verbose_name = "signalement"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["network", "status"], name="lead_network_status_idx")]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def audit_label(self) -> str:
        """How the audit log names it: by number, never by the person's name."""
        return f"Signalement n° {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_LEAD_STATUSES

    @property
    def waiting_days(self) -> int:
        return (timezone.now() - self.created_at).days

    def topic_labels(self) -> list[str]:
        labels = dict(LeadTopic.choices)
        return [labels.get(t, t) for t in self.topics]

    @property
    def origin_label(self) -> str:
        if self.referrer_id:
            return f"Capteur : {self.referrer}"
        if self.action_id:
            return f"Hors les murs : {self.action}"
        if self.channel == LeadChannel.PRESCRIBER:
            return f"Prescripteur : {self.prescriber_organisation or self.prescriber_name}"
        return self.get_channel_display()


class ContactAttempt(models.Model):
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="attempts")
    kind = models.CharField("moyen", max_length=10, choices=ContactKind.choices)
    outcome = models.CharField("résultat", max_length=20, choices=ContactOutcome.choices)
    note = models.CharField("note", max_length=500, blank=True)
    made_at = models.DateTimeField("le", default=timezone.now)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "tentative de contact"
        verbose_name_plural = "tentatives de contact"
        ordering = ["-made_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.get_outcome_display()}"
