"""Open Referral HSDS 3.0: the directory as any Open Referral tool reads it."""

from __future__ import annotations

import math
import uuid

from django.http import HttpRequest
from django.utils import timezone
from ninja import NinjaAPI, Query, Schema
from pydantic import Field

from maillage.api.common import ReadThrottle, install_error_handlers
from maillage.directory.enums import ServiceStatus
from maillage.directory.indexing import hsds_uuid
from maillage.directory.models import Service, Structure
from maillage.referentials.vocabularies import label

api = NinjaAPI(
    title="Maillage — Open Referral HSDS 3.0",
    version="3.0",
    urls_namespace="hsds",
    throttle=[ReadThrottle()],
    docs_url="/docs",
)
install_error_handlers(api)


def hsds_id(kind: str, source: str, di_id: str) -> str:
    return str(hsds_uuid(kind, source, di_id))


def organization(structure: Structure) -> dict:
    return {
        "id": hsds_id("structure", structure.source, structure.di_id),
        "name": structure.nom,
        "description": structure.description or structure.nom,
        "website": structure.site_web or None,
        "email": structure.courriel or None,
        "tax_id": structure.siret or None,
    }


def _status(service: Service) -> str:
    today = timezone.localdate()
    if (
        service.status == ServiceStatus.SUSPENDED
        and service.suspended_from
        and service.suspended_until
        and service.suspended_from <= today <= service.suspended_until
    ):
        return "temporarily closed"
    return "active"


def _present(record: dict) -> dict:
    """HSDS types its fields strictly: an unknown value is left out, never null."""
    return {k: v for k, v in record.items() if v is not None}


def service_summary(service: Service) -> dict:
    """The one-to-one fields (HSDS ``service_list``)."""
    return _present(_summary(service))


def _summary(service: Service) -> dict:
    fees = label("frais", service.frais) if service.frais else None
    return {
        "id": hsds_id("service", service.source, service.di_id),
        "organization_id": hsds_id("structure", service.structure.source, service.structure.di_id),
        "name": service.nom,
        "description": service.description,
        "url": service.lien_source or None,
        "email": service.courriel or None,
        "status": _status(service),
        "application_process": service.mobilisation_precisions or None,
        "fees_description": " — ".join(x for x in [fees, service.frais_precisions] if x) or None,
        "eligibility_description": service.conditions_acces or None,
        "minimum_age": service.min_age,
        "maximum_age": service.max_age,
        "last_modified": f"{service.date_maj.isoformat()}T00:00:00.000Z",
        "organization": _present(organization(service.structure)),
    }


def service_full(service: Service) -> dict:
    record = service_summary(service)
    service_id = record["id"]
    phone = service.telephone or service.structure.telephone
    record["phones"] = (
        [
            {
                "id": hsds_id("phone", service.source, service.di_id),
                "service_id": service_id,
                "number": phone,
            }
        ]
        if phone
        else []
    )
    record["service_areas"] = [
        {
            "id": hsds_id("area", service.source, f"{service.di_id}:{code}"),
            "service_id": service_id,
            "name": code,
            "description": "Code du Code officiel géographique (INSEE), ou france",
        }
        for code in service.zone_eligibilite
    ]
    return record


class Meta(Schema):
    version: str
    profile: str
    openapi_url: str


@api.get("/", response=Meta, summary="Version HSDS et description de l'API")
def meta(request: HttpRequest):
    return {
        "version": "3.0",
        "profile": "https://docs.openreferral.org/en/3.0/",
        "openapi_url": request.build_absolute_uri("/hsds/openapi.json"),
    }


class PageQuery(Schema):
    page: int = Field(1, ge=1)
    per_page: int = Field(50, ge=1, le=500)


@api.get("/services", summary="Liste paginée des services")
def services(request: HttpRequest, query: Query[PageQuery]):
    queryset = Service.objects.visible().select_related("structure").order_by("source", "di_id")
    total = queryset.count()
    pages = max(1, math.ceil(total / query.per_page))
    start = (query.page - 1) * query.per_page
    contents = [service_summary(s) for s in queryset[start : start + query.per_page]]
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": query.page,
        "size": len(contents),
        "first_page": query.page == 1,
        "last_page": query.page >= pages,
        "empty": total == 0,
        "contents": contents,
    }


@api.get("/services/{service_id}", summary="Un service, complet")
def service(request: HttpRequest, service_id: uuid.UUID):
    found = Service.objects.visible().select_related("structure").filter(hsds_id=service_id).first()
    if found is None:
        return api.create_response(request, {"detail": "Service introuvable."}, status=404)
    return service_full(found)
