"""Keep what search derives from a service in step with it: value rows, zone rows, texts."""

from __future__ import annotations

import uuid

from maillage.directory import text
from maillage.directory.bulk_insert import RowUpdates, insert_values
from maillage.directory.enums import TermKind
from maillage.directory.models import Service, ServiceTerm, ServiceZone
from maillage.referentials.vocabularies import category_of, label
from maillage.territories.models import Commune


def _labels(vocabulary: str, values: list[str]) -> str:
    return " ".join(label(vocabulary, v) for v in values)


def labels_of(thematiques, publics) -> str:
    """The words of a service's thématiques, of their catégories ("créer mon entreprise" finds
    "Développer son entreprise", of the catégorie "Créer une entreprise") and of its publics."""
    thematiques = thematiques or []
    categories = dict.fromkeys(category_of(t) for t in thematiques if "--" in t)
    return " ".join(
        [
            _labels("thematiques", thematiques),
            _labels("categories", [c for c in categories if c not in thematiques]),
            _labels("publics", publics or []),
        ]
    )


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
    search_labels = labels_of(service.thematiques, service.publics)
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


def refresh_rows(services: list[Service], *, new: bool = False, terms: bool = True) -> None:
    """Rebuild the value and zone rows of saved services (``new``: they have none yet).
    ``terms=False``: only their structure changed, so only the zone rows of services whose zone
    is their structure's commune (no zone, no commune of their own) can differ.

    On PostgreSQL the text vector and the search tokens follow the row itself (a trigger, see
    migration 0003), whatever wrote it.
    """
    zoned = (
        services if terms else [s for s in services if not s.zone_eligibilite and not s.code_insee]
    )
    if not new:
        if terms:
            ServiceTerm.objects.filter(service_id__in=[s.pk for s in services]).delete()
        ServiceZone.objects.filter(service_id__in=[s.pk for s in zoned]).delete()
    term_rows, zone_rows = [], []
    for service in services if terms else []:
        term_rows.extend((service.pk, kind, value) for kind, value in term_values(service))
    for service in zoned:
        zone_rows.extend((service.pk, code) for code in zone_codes(service, service.structure))
    insert_values(ServiceTerm, ["service_id", "kind", "value"], term_rows)
    insert_values(ServiceZone, ["service_id", "code"], zone_rows)


# What derived_values(), term_values() and zone_codes() read of a service and its structure.
_READ_FOR_REFRESH = (
    "source",
    "di_id",
    "nom",
    "description",
    "thematiques",
    "publics",
    "modes_accueil",
    "latitude",
    "longitude",
    "code_insee",
    "zone_eligibilite",
    "structure__nom",
    "structure__latitude",
    "structure__longitude",
    "structure__code_insee",
)


def refresh(service_ids: list[int], *, own_fields_changed: bool = True) -> None:
    """Recompute everything derived from these saved services (after an edit, say): only the
    services whose derived fields changed are written (bulk_insert.RowUpdates; Django's
    bulk_update took 2.8 s a thousand services). ``own_fields_changed=False``: only their
    structure changed (its name, commune or position), so their value rows stay."""
    services = list(
        Service.objects.filter(pk__in=service_ids)
        .select_related("structure")
        .only(*_READ_FOR_REFRESH)
    )
    centres = commune_centres({s.code_insee or s.structure.code_insee for s in services})
    updates = RowUpdates(Service, DERIVED_FIELDS)
    prepare = list(zip(DERIVED_FIELDS, updates.preparers, strict=True))
    rows = []
    for service in services:
        derive(service, service.structure, centres)
        # A service whose zone is its structure's commune is written even if nothing derived
        # differs: on PostgreSQL its zone tokens follow the row (a trigger, migration 0003).
        follows = not service.zone_eligibilite and not service.code_insee
        rows.append([service.pk, follows, *(to_db(getattr(service, n)) for n, to_db in prepare)])
    updates.write(rows)
    updates.close()
    refresh_rows(services, terms=own_fields_changed)
