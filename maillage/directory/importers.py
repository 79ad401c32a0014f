"""Import of data·inclusion v1 structures and services (JSON arrays or CSV), streamed.

Two passes over each file: the first checks every record with the official pydantic models and
our own rules (known INSEE codes, a structure for every service) without writing anything; if no
record was rejected, the second writes them by chunks, all in one transaction. A 100,000-service
file is never held in memory: only the ids already seen are.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import ijson
from data_inclusion.schema import v1
from django.core.management.base import CommandError
from django.db import connection, transaction
from pydantic import ValidationError

from maillage.directory import indexing, zone_counts
from maillage.directory.bulk_insert import create_all
from maillage.directory.dataincl import (
    LIST_FIELDS,
    SERVICE_FIELDS,
    STRUCTURE_FIELDS,
    model_values,
)
from maillage.directory.errors import french_reason
from maillage.directory.models import Service, ServiceTerm, ServiceZone, Structure
from maillage.territories.models import Commune, Departement, Epci

CHUNK = 1000


@dataclass(frozen=True)
class RejectedRecord:
    kind: str  # "structure" or "service"
    position: int  # 1-based index of the record in its file
    record_id: str
    field: str
    reason: str

    def __str__(self) -> str:
        ident = f"« {self.record_id} »" if self.record_id else "(sans id)"
        where = f", champ « {self.field} »" if self.field else ""
        return f"{self.kind} n° {self.position} {ident}{where} : {self.reason}"


@dataclass
class DatainclReport:
    created: dict = field(default_factory=lambda: {"structures": 0, "services": 0})
    updated: dict = field(default_factory=lambda: {"structures": 0, "services": 0})
    rejected: list[RejectedRecord] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"structures : {self.created['structures']} créée(s), {self.updated['structures']} "
            f"mise(s) à jour ; services : {self.created['services']} créé(s), "
            f"{self.updated['services']} mis à jour ; {len(self.rejected)} rejet(s)"
        )


class DatainclRejected(CommandError):
    def __init__(self, report: DatainclReport, shown: int = 200):
        self.report = report
        lines = "\n".join(f"  - {r}" for r in report.rejected[:shown])
        more = (
            f"\n  … et {len(report.rejected) - shown} autre(s)"
            if len(report.rejected) > shown
            else ""
        )
        super().__init__(
            f"{len(report.rejected)} enregistrement(s) rejeté(s), rien n'a été importé :\n"
            f"{lines}{more}"
        )


def _records(path: Path) -> Iterator[dict]:
    """Each record of a JSON array or of a CSV file, without reading the file whole."""
    suffix = path.suffix.lower()
    if suffix not in (".json", ".csv"):
        raise CommandError(f"{path.name} : format inconnu ; donnez un fichier .json ou .csv.")
    try:
        handle = open(path, "rb")  # noqa: SIM115  (closed by the with below)
    except OSError as error:
        raise CommandError(f"{path.name} : fichier illisible ({error.strerror}).") from None
    with handle:
        if suffix == ".json":
            try:
                yield from ijson.items(handle, "item", use_float=True)
            except ijson.JSONError as error:
                raise CommandError(
                    f"{path.name} : ce n'est pas un tableau JSON valide ({error}). "
                    "Rien n'a été importé."
                ) from None
        elif suffix == ".csv":
            text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
            try:
                for row in csv.DictReader(text):
                    yield {k: _csv_value(k, v) for k, v in row.items() if k}
            except UnicodeDecodeError:
                raise CommandError(
                    f"{path.name} : le fichier n'est pas encodé en UTF-8. Rien n'a été importé."
                ) from None
        else:
            raise CommandError(f"{path.name} : format inconnu ; donnez un fichier .json ou .csv.")


def _csv_value(name: str, value: str | None):
    """CSV has no lists nor nulls: lists come as JSON arrays or comma-separated values."""
    if value is None or value == "":
        return None
    if name in LIST_FIELDS:
        value = value.strip()
        if value.startswith("["):
            return json.loads(value)
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


class _Checker:
    """Rules beyond the official schema: codes must be real."""

    def __init__(self):
        self.communes = set(Commune.objects.values_list("code", flat=True))
        self.zones = (
            self.communes
            | set(Epci.objects.values_list("code", flat=True))
            | set(Departement.objects.values_list("code", flat=True))
            | {"france"}
        )

    def problems(self, record) -> list[tuple[str, str]]:
        found = []
        if record.code_insee and record.code_insee not in self.communes:
            found.append(("code_insee", f"code INSEE inconnu : « {record.code_insee} »"))
        for code in getattr(record, "zone_eligibilite", None) or []:
            if code not in self.zones and not code.startswith("99"):
                found.append(("zone_eligibilite", f"code de territoire inconnu : « {code} »"))
        return found


def _validate(kind, model, position, raw, report, checker) -> object | None:
    if not isinstance(raw, dict):
        report.rejected.append(RejectedRecord(kind, position, "", "", "ce n'est pas un objet JSON"))
        return None
    record_id = str(raw.get("id") or "")
    try:
        record = model.model_validate(raw)
    except ValidationError as error:
        for problem in error.errors():
            name = ".".join(str(p) for p in problem["loc"][:1]) or ""
            report.rejected.append(
                RejectedRecord(kind, position, record_id, name, french_reason(problem))
            )
        return None
    problems = checker.problems(record)
    for name, reason in problems:
        report.rejected.append(RejectedRecord(kind, position, record_id, name, reason))
    return None if problems else record


def import_dataincl(
    *, source: str, structures_path: str | Path | None, services_path: str | Path | None
) -> DatainclReport:
    report = DatainclReport()
    checker = _Checker()
    structures_path = Path(structures_path) if structures_path else None
    services_path = Path(services_path) if services_path else None

    # Pass 1: check everything, write nothing.
    structure_ids = set(Structure.objects.filter(source=source).values_list("di_id", flat=True))
    if structures_path:
        for position, raw in enumerate(_records(structures_path), 1):
            if isinstance(raw, dict):
                raw = {**raw, "source": source}
            record = _validate("structure", v1.Structure, position, raw, report, checker)
            if record is not None:
                structure_ids.add(record.id)
    if services_path:
        for position, raw in enumerate(_records(services_path), 1):
            if isinstance(raw, dict):
                raw = {**raw, "source": source}
            record = _validate("service", v1.Service, position, raw, report, checker)
            if record is not None and record.structure_id not in structure_ids:
                report.rejected.append(
                    RejectedRecord(
                        "service",
                        position,
                        record.id,
                        "structure_id",
                        f"structure « {record.structure_id} » inconnue pour la source « {source} »",
                    )
                )
    if report.rejected:
        raise DatainclRejected(report)

    # Pass 2: write, by chunks, in one transaction.
    with transaction.atomic():
        zone_counts.defer()
        if structures_path:
            _write(
                source,
                structures_path,
                v1.Structure,
                Structure,
                STRUCTURE_FIELDS,
                "structures",
                report,
            )
        if services_path:
            _write(source, services_path, v1.Service, Service, SERVICE_FIELDS, "services", report)
        zone_counts.rebuild()
    # Fresh statistics, or the planner guesses blind after a large import.
    with connection.cursor() as cursor:
        for model in (Structure, Service, ServiceTerm, ServiceZone):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        if connection.vendor == "postgresql":
            # New entries of a GIN index wait in a pending list that every search reads through
            # until a vacuum merges it (up to 4 MB after a bulk load: +20 ms per search).
            cursor.execute(
                "SELECT gin_clean_pending_list(indexrelid) FROM pg_index "
                "JOIN pg_class ON pg_class.oid = indexrelid JOIN pg_am ON pg_am.oid = relam "
                "WHERE indrelid = %s::regclass AND amname = 'gin'",
                [Service._meta.db_table],
            )
    return report


def _write(source, path, schema, model, fields, counter, report) -> None:
    chunk: list = []
    for raw in _records(path):
        chunk.append(schema.model_validate({**raw, "source": source}))
        if len(chunk) == CHUNK:
            _write_chunk(source, chunk, model, fields, counter, report)
            chunk = []
    if chunk:
        _write_chunk(source, chunk, model, fields, counter, report)


def _write_chunk(source, records, model, fields, counter, report) -> None:
    ids = [r.id for r in records]
    existing = dict(model.objects.filter(source=source, di_id__in=ids).values_list("di_id", "pk"))
    structures, centres = {}, {}
    if model is Service:
        wanted = {r.structure_id for r in records}
        structures = {s.di_id: s for s in Structure.objects.filter(source=source, di_id__in=wanted)}
        centres = indexing.commune_centres(
            {r.code_insee or structures[r.structure_id].code_insee or "" for r in records}
        )
    to_create, to_update = [], []
    for record in records:
        obj = model(source=source, di_id=record.id, **model_values(record, fields))
        if model is Service:
            # Derived fields are computed before the write: one INSERT, no UPDATE after it.
            indexing.derive(obj, structures[record.structure_id], centres)
        if record.id in existing:
            obj.pk = existing[record.id]
            to_update.append(obj)
        else:
            to_create.append(obj)
    create_all(model, to_create)
    if to_update:
        update_fields = (
            [*fields, "structure_id", *indexing.DERIVED_FIELDS] if model is Service else fields
        )
        model.objects.bulk_update(to_update, update_fields, batch_size=CHUNK)
    report.created[counter] += len(to_create)
    report.updated[counter] += len(to_update)
    if model is Service:
        indexing.refresh_rows(to_create, new=True)
        if to_update:
            indexing.refresh_rows(to_update)
