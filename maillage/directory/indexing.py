"""Keep what search derives from a service in step with it: value rows, zone rows, texts."""

from __future__ import annotations

import uuid

from maillage.directory import text
from maillage.directory.bulk_insert import insert_values
from maillage.directory.enums import TermKind
from maillage.directory.models import Service, ServiceTerm, ServiceZone
from maillage.referentials.vocabularies import label
from maillage.territories.models import Commune


def _labels(vocabulary: str, values: list[str]) -> str:
    return " ".join(label(vocabulary, v) for v in values)


HSDS_NAMESPACE = uuid.UUID("7b1e3c8e-35a4-4c55-9a0a-6d2b7c0f4a11")  # Maillage's own


def hsds_uuid(kind: str, source: str, di_id: str) -> uuid.UUID:
    """Stable Open Referral ids: the same record always gets the same UUID."""
    return uuid.uuid5(HSDS_NAMESPACE, f"{kind}:{source}:{di_id}")


def _position(service, structure, centres: dict) -> tuple[float | None, float | None, bool]:
    for lat, lon, approximate in [
        (service.latitude, service.longitude, False),
        (structure.latitude, structure.longitude, False),
        (*centres.get(service.code_insee or structure.code_insee, (None, None)), True),
    ]:
        if lat is not None and lon is not None:
            return lat, lon, approximate
    return None, None, False


DERIVED_FIELDS = [
    "search_text",
    "search_labels",
    "geo_latitude",
    "geo_longitude",
    "geo_approximate",
    "hsds_id",
]


def commune_centres(codes: set[str]) -> dict[str, tuple[float, float]]:
    return {
        code: (lat, lon)
        for code, lat, lon in Commune.objects.filter(code__in=codes - {""}).values_list(
            "code", "latitude", "longitude"
        )
    }


def derive(service: Service, structure, centres: dict) -> None:
    """Set the derived fields of a service (saved or not) from its own fields."""
    service.structure = structure
    for name, value in derived_values(service, structure, centres).items():
        setattr(service, name, value)


def derived_values(service, structure, centres: dict) -> dict:
    """The derived fields of a service from its own fields and its structure's: both may be
    model instances or any objects with the same attributes (the import builds no instance)."""
    search_labels = " ".join(
        [
            _labels("thematiques", service.thematiques or []),
            _labels("publics", service.publics or []),
        ]
    )
    geo_latitude, geo_longitude, geo_approximate = _position(service, structure, centres)
    return {
        "search_text": text.search_text(
            service.nom, service.description, search_labels, structure.nom
        ),
        "search_labels": search_labels,
        "geo_latitude": geo_latitude,
        "geo_longitude": geo_longitude,
        "geo_approximate": geo_approximate,
        "hsds_id": hsds_uuid("service", service.source, service.di_id),
    }


EVERYONE = "tous-publics"


def indexed_values(kind: TermKind, values) -> set[str]:
    """The values a service is found and counted under: a service for everyone under
    "tous-publics" alone, since search adds those services to each public (migration 0010)."""
    values = set(values or [])
    if kind == TermKind.PUBLIC and EVERYONE in values:
        return {EVERYONE}
    return values


def term_values(service) -> list[tuple[str, str]]:
    """The (kind, value) rows of a service's multi-valued fields."""
    return [
        (kind.value, value)
        for kind in TermKind
        for value in indexed_values(kind, getattr(service, kind.value))
    ]


def zone_codes(service, structure) -> set[str]:
    # No declared zone: the service serves at least its own commune.
    declared = service.zone_eligibilite or [service.code_insee or structure.code_insee]
    return {str(c) for c in declared if c}


def refresh_rows(services: list[Service], *, new: bool = False) -> None:
    """Rebuild the value and zone rows of saved services (``new``: they have none yet).

    On PostgreSQL the text vector and the search tokens follow the row itself (a trigger, see
    migration 0003), whatever wrote it.
    """
    if not new:
        ids = [s.pk for s in services]
        ServiceTerm.objects.filter(service_id__in=ids).delete()
        ServiceZone.objects.filter(service_id__in=ids).delete()
    terms, zones = [], []
    for service in services:
        terms.extend((service.pk, kind, value) for kind, value in term_values(service))
        zones.extend((service.pk, code) for code in zone_codes(service, service.structure))
    insert_values(ServiceTerm, ["service_id", "kind", "value"], terms)
    insert_values(ServiceZone, ["service_id", "code"], zones)


def refresh(service_ids: list[int]) -> None:
    """Recompute everything derived from these saved services (after an edit, say)."""
    services = list(Service.objects.filter(pk__in=service_ids).select_related("structure"))
    centres = commune_centres({s.code_insee or s.structure.code_insee for s in services})
    for service in services:
        derive(service, service.structure, centres)
    Service.objects.bulk_update(services, DERIVED_FIELDS, batch_size=1000)
    refresh_rows(services)
