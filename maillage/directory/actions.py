"""Write functions of the directory: saving entries, reviews, reminders. Each writes the log."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils import timezone

from maillage.core import audit
from maillage.core.enums import AuditAction
from maillage.core.mail import send_templated_mail
from maillage.directory import indexing
from maillage.directory.models import Service, Structure

OWN_SOURCE = "maillage"  # the data·inclusion source of what partners write here


@transaction.atomic
def save_structure(request, *, structure: Structure, organisation=None) -> Structure:
    created = structure.pk is None
    if created:
        structure.source, structure.di_id = OWN_SOURCE, str(uuid.uuid4())
        structure.organisation = organisation
    structure.date_maj = timezone.localdate()
    structure.save()
    if not created:
        # Its services take from it their position when they have none of their own, their
        # zone when they declare none, and its name in their searchable text.
        indexing.refresh(
            list(structure.services.values_list("pk", flat=True)), own_fields_changed=False
        )
    audit.record(
        AuditAction.STRUCTURE_SAVED,
        request=request,
        target=structure,
        organisation=structure.organisation,
        created=created,
    )
    return structure


@transaction.atomic
def save_service(request, *, service: Service, structure: Structure | None = None) -> Service:
    created = service.pk is None
    if created:
        service.source, service.di_id = OWN_SOURCE, str(uuid.uuid4())
        service.structure = structure
    today = timezone.localdate()
    service.date_maj = service.last_reviewed_at = today
    service.save()
    indexing.refresh([service.pk])
    audit.record(
        AuditAction.SERVICE_SAVED,
        request=request,
        target=service,
        organisation=service.structure.organisation,
        created=created,
        status=service.status,
    )
    return service


@transaction.atomic
def mark_reviewed(request, *, service: Service) -> None:
    Service.objects.filter(pk=service.pk).update(last_reviewed_at=timezone.localdate())
    audit.record(
        AuditAction.SERVICE_REVIEWED,
        request=request,
        target=service,
        organisation=service.structure.organisation,
    )


def stale_services(organisation_ids) -> list[Service]:
    services = (
        Service.objects.exclude(status="archived")
        .filter(structure__organisation__in=organisation_ids)
        .select_related("structure__organisation")
        .order_by("structure__organisation__name", "nom")
    )
    return [s for s in services if s.is_stale]


def remind_stale(request, *, network, services: list[Service]) -> tuple[list, list]:
    """Email each organisation's admins (else its own address) the list of its services to
    review. Returns the organisations written to, and those with nobody to write to."""
    by_organisation: dict = {}
    for service in services:
        by_organisation.setdefault(service.structure.organisation, []).append(service)
    reminded, unreachable = [], []
    for organisation, items in by_organisation.items():
        admins = [
            m.user.email
            for m in organisation.memberships.filter(is_admin=True).select_related("user")
        ]
        recipients = admins or ([organisation.email] if organisation.email else [])
        if not recipients:
            unreachable.append(organisation)
            continue
        for email in recipients:
            send_templated_mail(
                to=email,
                subject="Des services à vérifier dans l'annuaire",
                template="directory/email/stale_services.txt",
                context={
                    "organisation": organisation,
                    "services": items,
                    "network": network,
                    "url": request.build_absolute_uri("/services/gerer/"),
                },
            )
        reminded.append(organisation)
        audit.record(
            AuditAction.STALE_SERVICES_REMINDED,
            request=request,
            target=organisation,
            network=network,
            organisation=organisation,
            services=len(items),
        )
    return reminded, unreachable
