"""Writes of outreach: capteurs, actions, leads and the attempts to reach them.

Each function writes the audit log. Public forms call ``receive_lead`` with no signed-in user.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import Network, User
from maillage.core import audit
from maillage.core.enums import AuditAction
from maillage.core.mail import send_templated_mail
from maillage.outreach.enums import (
    CLOSED_LEAD_STATUSES,
    OUTCOME_STATUS,
    ContactOutcome,
    LeadStatus,
)
from maillage.outreach.models import (
    ContactAttempt,
    Lead,
    OutreachAction,
    Referrer,
    ReferrerVisit,
    new_link_token,
)


def save_referrer(request, *, network: Network, referrer: Referrer) -> Referrer:
    created = referrer.pk is None
    referrer.network = network
    if created:
        referrer.created_by = request.user
    referrer.save()
    audit.record(
        AuditAction.REFERRER_SAVED,
        request=request,
        target=referrer,
        network=network,
        created=created,
    )
    return referrer


def rotate_referrer_link(request, *, referrer: Referrer) -> Referrer:
    """A new personal link; the old one stops working at once (a lost or misused poster)."""
    referrer.link_token = new_link_token()
    referrer.link_rotated_at = timezone.now()
    referrer.save(update_fields=["link_token", "link_rotated_at"])
    audit.record(
        AuditAction.REFERRER_LINK_ROTATED,
        request=request,
        target=referrer,
        network=referrer.network,
    )
    return referrer


def log_referrer_visit(request, *, referrer: Referrer, visit: ReferrerVisit) -> ReferrerVisit:
    visit.referrer = referrer
    visit.visited_by = request.user
    visit.save()
    audit.record(
        AuditAction.REFERRER_SAVED,
        request=request,
        target=referrer,
        network=referrer.network,
        visit_on=visit.visited_on.isoformat(),
    )
    return visit


def save_outreach_action(
    request, *, network: Network, action: OutreachAction, form
) -> OutreachAction:
    created = action.pk is None
    action.network = network
    if created:
        action.created_by = request.user
    action.save()
    form.save_m2m()
    audit.record(
        AuditAction.OUTREACH_ACTION_SAVED,
        request=request,
        target=action,
        network=network,
        created=created,
    )
    return action


def _facilitators_to_tell(lead: Lead) -> list[str]:
    """Who hears of a new lead: the capteur's facilitator, else the network's facilitators."""
    if lead.referrer_id and lead.referrer.followed_by_id and lead.referrer.followed_by.is_active:
        return [lead.referrer.followed_by.email]
    return list(
        User.objects.filter(
            is_active=True,
            memberships__role="facilitator",
            memberships__organisation__networks=lead.network_id,
        )
        .distinct()
        .values_list("email", flat=True)
    )


def receive_lead(
    request, *, lead: Lead, network: Network, channel: str, referrer=None, action=None
) -> Lead:
    """Record a lead from any way in; the facilitators are told (no name in the message)."""
    lead.network = network
    lead.channel = channel
    lead.referrer = referrer
    lead.action = action
    lead.status = LeadStatus.NEW
    lead.last_activity_at = lead.created_at = timezone.now()
    if request is not None and request.user.is_authenticated:
        lead.created_by = request.user
    with transaction.atomic():
        lead.save()
        audit.record(
            AuditAction.LEAD_RECEIVED,
            request=request,
            target=lead,
            target_label=f"Signalement n° {lead.pk}",
            network=network,
            channel=channel,
        )
    recipients = _facilitators_to_tell(lead)
    if recipients:
        link = settings.SITE_URL + reverse("outreach:lead", args=[lead.pk])
        origin = lead.origin_label

        def tell():
            for email in recipients:
                send_templated_mail(
                    to=email,
                    subject="Nouveau signalement",
                    template="outreach/email/new_lead.txt",
                    context={"network": network, "origin": origin, "link": link},
                )

        transaction.on_commit(tell, robust=True)
    return lead


def _touch(lead: Lead, *, status: str | None = None) -> None:
    now = timezone.now()
    lead.last_activity_at = now
    fields = ["last_activity_at"]
    if status and status != lead.status:
        lead.status = status
        fields.append("status")
        lead.closed_at = now if status in CLOSED_LEAD_STATUSES else None
        fields.append("closed_at")
    lead.save(update_fields=fields)


def add_contact_attempt(
    request, *, lead: Lead, kind: str, outcome: str, note: str = ""
) -> ContactAttempt:
    with transaction.atomic():
        attempt = ContactAttempt.objects.create(
            lead=lead, kind=kind, outcome=outcome, note=note, made_by=request.user
        )
        status = OUTCOME_STATUS[ContactOutcome(outcome)]
        if lead.status == LeadStatus.APPOINTMENT and status == LeadStatus.CONTACTING:
            status = LeadStatus.APPOINTMENT  # a reminder call does not undo the appointment
        if lead.status == LeadStatus.WELCOMED or (
            lead.status in CLOSED_LEAD_STATUSES
            and outcome not in (ContactOutcome.REACHED, ContactOutcome.APPOINTMENT)
        ):
            # A welcomed person stays welcomed; a closed lead reopens only if the person answers.
            status = lead.status
        if lead.assigned_to_id is None:
            lead.assigned_to = request.user
            lead.save(update_fields=["assigned_to"])
        _touch(lead, status=status)
        audit.record(
            AuditAction.LEAD_UPDATED,
            request=request,
            target=lead,
            target_label=f"Signalement n° {lead.pk}",
            network=lead.network,
            attempt=kind,
            outcome=outcome,
        )
    return attempt


def assign_lead(request, *, lead: Lead, user) -> Lead:
    lead.assigned_to = user
    lead.save(update_fields=["assigned_to"])
    _touch(lead)
    audit.record(
        AuditAction.LEAD_UPDATED,
        request=request,
        target=lead,
        target_label=f"Signalement n° {lead.pk}",
        network=lead.network,
        assigned_to=getattr(user, "email", ""),
    )
    return lead


def set_lead_status(request, *, lead: Lead, status: str) -> Lead:
    _touch(lead, status=status)
    audit.record(
        AuditAction.LEAD_UPDATED,
        request=request,
        target=lead,
        target_label=f"Signalement n° {lead.pk}",
        network=lead.network,
        status=status,
    )
    return lead


def mark_lead_welcomed(*, lead: Lead) -> None:
    """Called by intake when the person's file is opened from this lead."""
    _touch(lead, status=LeadStatus.WELCOMED)


def remind_untouched_leads(*, now=None) -> int:
    """Tell each network's facilitators about open leads nobody acted on for the network's
    delay; a lead is reminded once per delay. Returns how many leads were reminded."""
    now = now or timezone.now()
    reminded = 0
    for network in Network.objects.all():
        limit = now - timedelta(days=network.lead_reminder_days)
        leads = list(
            Lead.objects.filter(network=network)
            .untouched_since(limit)
            .exclude(reminded_at__gte=limit)
            .select_related("assigned_to")
        )
        # Each lead claimed by a conditional update: of two runs at once, one reminds it (on
        # PostgreSQL the second run's update waits for the first to commit, then finds the lead
        # reminded; SQLite lets one writer at a time).
        leads = [
            lead
            for lead in leads
            if Lead.objects.filter(pk=lead.pk)
            .exclude(reminded_at__gte=limit)
            .update(reminded_at=now)
        ]
        if not leads:
            continue
        recipients: dict[str, list[Lead]] = {}
        everyone = None
        for lead in leads:
            if lead.assigned_to_id and lead.assigned_to.is_active:
                recipients.setdefault(lead.assigned_to.email, []).append(lead)
            else:
                if everyone is None:
                    everyone = list(
                        User.objects.filter(
                            is_active=True,
                            memberships__role="facilitator",
                            memberships__organisation__networks=network,
                        )
                        .distinct()
                        .values_list("email", flat=True)
                    )
                for email in everyone:
                    recipients.setdefault(email, []).append(lead)
        link = settings.SITE_URL + reverse("outreach:leads", args=[network.slug])
        for email, theirs in recipients.items():
            # Sent once the reminders are saved (never during a dry run).
            transaction.on_commit(
                partial(
                    send_templated_mail,
                    to=email,
                    subject=f"{len(theirs)} signalement(s) en attente",
                    template="outreach/email/lead_reminder.txt",
                    context={
                        "network": network,
                        "count": len(theirs),
                        "days": network.lead_reminder_days,
                        "link": link,
                    },
                ),
                robust=True,
            )
        reminded += len(leads)
    return reminded
