"""Writing to the audit log: the one function every write function calls."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.db import models

from maillage.core.enums import AuditAction
from maillage.core.models import AuditEvent


def client_ip(request) -> str | None:
    """The client's address. Behind our reverse proxy (BEHIND_PROXY=1), the last address of
    X-Forwarded-For: the one our proxy added, which a client cannot forge."""
    if request is None:
        return None
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        candidate = forwarded.split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR") or None


def _label(target) -> str:
    """What the log shows of the object: its ``audit_label`` when it has one (people, leads and
    referrals are named by number, never by the person's name: coordinators read the log)."""
    if target is None:
        return ""
    return getattr(target, "audit_label", None) or str(target)


def record(
    action: AuditAction,
    *,
    actor=None,
    request=None,
    target: models.Model | None = None,
    target_label: str = "",
    network=None,
    organisation=None,
    ip_address: str | None = None,
    **details: Any,
) -> AuditEvent:
    """Append one line to the audit log.

    ``actor`` defaults to the request's signed-in user. ``target`` is the object acted upon; its
    label is copied so the line stays readable after the object is gone. ``ip_address``: the
    client's, for a line written after its request (by a task).
    """
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=getattr(actor, "email", "") or "",
        action=action,
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=(target_label or _label(target))[:254],
        network=network,
        organisation=organisation,
        ip_address=client_ip(request) if request is not None else ip_address,
        details=details,
    )
