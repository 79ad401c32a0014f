"""Between our models and data·inclusion v1 records (the official pydantic models)."""

from __future__ import annotations

from data_inclusion.schema import v1

from maillage.directory.models import Service, Structure

STRUCTURE_FIELDS = [f for f in v1.Structure.model_fields if f not in ("source", "id")]
SERVICE_FIELDS = [f for f in v1.Service.model_fields if f not in ("source", "id", "structure_id")]
ADDRESS_FIELDS = ["adresse", "complement_adresse", "latitude", "longitude"]


def _clean(value):
    """Our empty strings and lists are data·inclusion's null."""
    if value in ("", [], None):
        return None
    return value


def structure_record(structure: Structure) -> dict:
    record = {"source": structure.source, "id": structure.di_id}
    record.update({f: _clean(getattr(structure, f)) for f in STRUCTURE_FIELDS})
    return record


def service_record(service: Service, *, public: bool = True) -> dict:
    """A data·inclusion record; for the public, a confidential address is left out."""
    record = {
        "source": service.source,
        "id": service.di_id,
        "structure_id": service.structure.di_id,
    }
    record.update({f: _clean(getattr(service, f)) for f in SERVICE_FIELDS})
    if public and service.confidential_address:
        record.update(dict.fromkeys(ADDRESS_FIELDS))
    for name in (
        "thematiques",
        "publics",
        "modes_accueil",
        "modes_mobilisation",
        "mobilisable_par",
    ):
        if record[name]:
            record[name] = sorted(record[name])
    return record


def model_values(record: v1.Structure | v1.Service, fields: list[str]) -> dict:
    """Model field values from a validated record: None becomes our blank, sets sorted lists."""
    values = {}
    for name in fields:
        value = getattr(record, name)
        if isinstance(value, set):
            value = sorted(str(getattr(v, "value", v)) for v in value)
        elif hasattr(value, "value"):  # an enum member
            value = value.value
        elif value is not None and name in (
            "lien_source",
            "site_web",
            "accessibilite_lieu",
            "lien_mobilisation",
        ):
            value = str(value)
        if value is None:
            value = [] if name in LIST_FIELDS else (None if name in NULLABLE_FIELDS else "")
        values[name] = value
    return values


LIST_FIELDS = {
    "reseaux_porteurs",
    "thematiques",
    "publics",
    "modes_accueil",
    "zone_eligibilite",
    "modes_mobilisation",
    "mobilisable_par",
}
NULLABLE_FIELDS = {
    "latitude",
    "longitude",
    "volume_horaire_hebdomadaire",
    "nombre_semaines",
    "date_maj",
}
