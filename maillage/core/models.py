from django.conf import settings
from django.db import models

from maillage.core.enums import AuditAction


class AppendOnlyError(Exception):
    pass


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Le journal d'audit ne se modifie pas.")

    def delete(self):
        raise AppendOnlyError("Le journal d'audit ne s'efface pas.")


class RateLimitCounter(models.Model):
    """Attempts counted for one key (hashed) in one time window: see core.ratelimit."""

    key = models.CharField(max_length=80)
    window = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="unique_rate_window")]

    def __str__(self) -> str:
        return f"{self.key} #{self.window}: {self.count}"


class AuditEvent(models.Model):
    """One line of the append-only audit log: who did what, to what, when, from where.

    Written only by ``core.audit.record``; never updated or deleted by the application or the
    admin. Labels are copied at write time so a line stays readable if its object goes away.
    """

    created_at = models.DateTimeField("date", auto_now_add=True, db_index=True)
    # Deleting a user, an organisation or a network must not rewrite the log: no cascade, no
    # SET NULL, no database constraint; the copied labels keep each line readable.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="auteur",
    )
    actor_label = models.CharField("auteur (au moment des faits)", max_length=254, blank=True)
    action = models.CharField("action", max_length=40, choices=AuditAction.choices)
    target_type = models.CharField("type d'objet", max_length=60, blank=True)
    target_id = models.CharField("identifiant de l'objet", max_length=64, blank=True)
    target_label = models.CharField("objet", max_length=254, blank=True)
    network = models.ForeignKey(
        "accounts.Network",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="réseau",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="structure",
    )
    ip_address = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    details = models.JSONField("détails", default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        base_manager_name = "objects"  # related lookups go through the guarded queryset too
        verbose_name = "événement du journal d'audit"
        verbose_name_plural = "journal d'audit"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["action", "target_label", "created_at"], name="audit_action_target_idx"
            ),
            models.Index(fields=["network", "created_at"], name="audit_network_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.actor_label} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise AppendOnlyError("Le journal d'audit ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Le journal d'audit ne s'efface pas.")


class OutboxMessage(models.Model):
    """Every email or SMS the product sent about a person's path, kept for the demo's outbox
    page and to show a sender what was said. Sent by core.notify."""

    channel = models.CharField("canal", max_length=10)  # "email" or "sms"
    recipient = models.CharField("destinataire", max_length=254)
    subject = models.CharField("objet", max_length=200, blank=True)
    body = models.TextField("message")
    created_at = models.DateTimeField("envoyé le", auto_now_add=True, db_index=True)
    delivered = models.BooleanField("parti", default=False)

    class Meta:
        verbose_name = "message envoyé"
        verbose_name_plural = "messages envoyés"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.channel} → {self.recipient}: {self.subject or self.body[:40]}"
