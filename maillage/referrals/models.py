"""Closed-loop referrals: a person sent to a partner's service, and the partner's answer.

States and who may move them are in enums.TRANSITIONS; every change goes through
referrals.actions and leaves a ReferralTransition row.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from maillage.outreach.enums import LeadChannel
from maillage.referrals.enums import (
    OPEN_STATES,
    DeclineReason,
    NotifyChannel,
    ReferralState,
)


class ReferralQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=OPEN_STATES)


class Referral(models.Model):
    person = models.ForeignKey("intake.Person", on_delete=models.CASCADE, related_name="referrals")
    service = models.ForeignKey(
        "directory.Service", on_delete=models.PROTECT, related_name="referrals"
    )
    # Copied when sent: the service's structure may change hands later.
    receiving_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="received_referrals"
    )
    sending_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="sent_referrals"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    network = models.ForeignKey("accounts.Network", on_delete=models.PROTECT, related_name="+")
    consent = models.ForeignKey(
        "intake.Consent", on_delete=models.PROTECT, related_name="referrals"
    )
    message = models.TextField("message au partenaire", max_length=3000)
    notify_person = models.CharField(
        "prévenir la personne de la réponse",
        max_length=10,
        choices=NotifyChannel.choices,
        blank=True,
    )
    state = models.CharField(
        "état", max_length=20, choices=ReferralState.choices, default=ReferralState.SENT
    )
    sent_at = models.DateTimeField("envoyée le", default=timezone.now, db_index=True)
    answered_at = models.DateTimeField("réponse le", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decline_reason = models.CharField(
        "motif du refus", max_length=20, choices=DeclineReason.choices, blank=True
    )
    reminded_at = models.DateTimeField("relancée le", null=True, blank=True)
    # Origin of the person, copied so figures can follow a capteur to the partner's answer.
    origin_channel = models.CharField(max_length=20, choices=LeadChannel.choices)
    origin_referrer = models.ForeignKey(
        "outreach.Referrer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    origin_action = models.ForeignKey(
        "outreach.OutreachAction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = "orientation"
        ordering = ["-sent_at"]
        indexes = [
            models.Index(fields=["receiving_organisation", "state"], name="referral_inbox_idx"),
            models.Index(fields=["state", "sent_at"], name="referral_deadline_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.service}"

    @property
    def audit_label(self) -> str:
        """How the audit log names it: by number, never by the person's name."""
        return f"Orientation n° {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def waiting_days(self) -> int | None:
        """Days the referral has waited for the partner; None once it is closed."""
        if not self.is_open:
            return None
        return (timezone.now() - self.sent_at).days


class ReferralTransition(models.Model):
    """One change of state: who, when, why."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=20, choices=ReferralState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=ReferralState.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=20, choices=DeclineReason.choices, blank=True)
    text = models.TextField(blank=True, max_length=3000)

    class Meta:
        verbose_name = "changement d'état"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_state_display()} → {self.get_to_state_display()}"
