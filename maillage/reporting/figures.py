"""A network's figures: how people reach it and what becomes of them. Counts only, never a name
of a person (capteurs, actions and partners are named: they are the network's own actors)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from maillage.intake.models import Person
from maillage.outreach.enums import CLOSED_LEAD_STATUSES, LeadChannel, LeadStatus
from maillage.outreach.models import Lead, OutreachAction, Referrer
from maillage.referrals.enums import ReferralState
from maillage.referrals.models import Referral


@dataclass
class OriginRow:
    label: str
    leads: int
    welcomed: int
    referred: int
    accepted: int


def _by_origin(network, field: str, objects) -> list[OriginRow]:
    """For each capteur or action: leads, people welcomed, referred, accepted (end to end)."""
    leads = dict(
        Lead.objects.filter(network=network, **{f"{field}__isnull": False})
        .values_list(field)
        .annotate(n=Count("pk"))
        .values_list(field, "n")
    )
    welcomed = dict(
        Person.objects.filter(network=network, **{f"origin_{field}__isnull": False})
        .values_list(f"origin_{field}")
        .annotate(n=Count("pk"))
        .values_list(f"origin_{field}", "n")
    )
    referrals = {
        row[f"origin_{field}"]: row
        for row in Referral.objects.filter(network=network, **{f"origin_{field}__isnull": False})
        .values(f"origin_{field}")
        .annotate(
            people=Count("person", distinct=True),
            accepted=Count("person", filter=Q(state=ReferralState.ACCEPTED), distinct=True),
        )
    }
    rows = []
    for obj in objects:
        r = referrals.get(obj.pk, {})
        rows.append(
            OriginRow(
                str(obj),
                leads.get(obj.pk, 0),
                welcomed.get(obj.pk, 0),
                r.get("people", 0),
                r.get("accepted", 0),
            )
        )
    return sorted(rows, key=lambda r: (-r.leads, r.label))


def network_figures(network, *, now=None) -> dict:
    now = now or timezone.now()
    leads = Lead.objects.filter(network=network)
    by_channel = dict(
        leads.values_list("channel").annotate(n=Count("pk")).values_list("channel", "n")
    )
    by_status = dict(leads.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    waiting_limit = now - timedelta(days=network.lead_reminder_days)
    referrers = list(Referrer.objects.filter(network=network).with_activity())
    active = sum(1 for r in referrers if Referrer.is_active_at(r.last_lead_at))
    referrals = Referral.objects.filter(network=network)
    by_state = dict(
        referrals.values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    answer_days = [
        (answered - sent).total_seconds() / 86400
        for sent, answered in referrals.exclude(answered_at=None).values_list(
            "sent_at", "answered_at"
        )
    ]
    return {
        "leads_total": leads.count(),
        "leads_by_channel": [
            (label, by_channel.get(value, 0)) for value, label in LeadChannel.choices
        ],
        "leads_by_status": [
            (label, by_status.get(value, 0)) for value, label in LeadStatus.choices
        ],
        "leads_waiting": leads.exclude(status__in=CLOSED_LEAD_STATUSES)
        .filter(last_activity_at__lt=waiting_limit)
        .count(),
        "leads_open": leads.exclude(status__in=CLOSED_LEAD_STATUSES).count(),
        "referrers_total": len(referrers),
        "referrers_active": active,
        "referrers_dormant": len(referrers) - active,
        "by_referrer": _by_origin(network, "referrer", referrers),
        "by_action": _by_origin(
            network, "action", OutreachAction.objects.filter(network=network).order_by("-starts_at")
        ),
        "referrals_by_state": [
            (label, by_state.get(value, 0)) for value, label in ReferralState.choices
        ],
        "referrals_total": sum(by_state.values()),
        "median_answer_days": round(statistics.median(answer_days), 1) if answer_days else None,
        "people_total": Person.objects.filter(network=network).count(),
    }
