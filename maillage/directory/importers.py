"""Import of data·inclusion v1 structures and services (JSON arrays or CSV), streamed.

Two passes over each file: the first checks every record with the official pydantic models and
our own rules (known INSEE codes, a structure for every service) without writing anything; if no
record was rejected, the second writes them by chunks, all in one transaction (a thread builds
the rows of the next chunks while the calling one writes, see _write). A 100,000-service file is
never held in memory: only the ids are (those of the file, and those the source already has).

A source is imported again every night, mostly unchanged: a record already there is written only
where it differs from what is stored (bulk_insert.RowUpdates), and its value and zone rows are
rebuilt only then. The result is the same as importing the files into an empty directory.
"""

from __future__ import annotations

import csv
import io
import json
import queue
import threading
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import NamedTuple

import ijson
from data_inclusion.schema import v1
from django.core.management.base import CommandError
from django.db import connection, transaction
from pydantic import ValidationError

from maillage.directory import bulk_insert, indexing, zone_counts
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
    # Records already there and identical to what is stored: nothing written for them.
    unchanged: dict = field(default_factory=lambda: {"structures": 0, "services": 0})
    rejected: list[RejectedRecord] = field(default_factory=list)

    def written(self, counter: str) -> int:
        return self.created[counter] + self.updated[counter]

    def summary(self) -> str:
        return (
            f"structures : {self.created['structures']} créée(s), {self.updated['structures']} "
            f"mise(s) à jour, {self.unchanged['structures']} inchangée(s) ; "
            f"services : {self.created['services']} créé(s), {self.updated['services']} mis à "
            f"jour, {self.unchanged['services']} inchangé(s) ; {len(self.rejected)} rejet(s)"
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


def _unique(kind, position, record, seen: set, report) -> bool:
    """A file gives each id once: the rows of a record are written once (pass 2 tells new
    records from updates by what the database held before it started)."""
    if record.id in seen:
        report.rejected.append(
            RejectedRecord(kind, position, record.id, "id", "identifiant en double dans le fichier")
        )
        return False
    seen.add(record.id)
    return True


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
        seen = set()
        for position, raw in enumerate(_records(structures_path), 1):
            if isinstance(raw, dict):
                raw = {**raw, "source": source}
            record = _validate("structure", v1.Structure, position, raw, report, checker)
            if record is not None and _unique("structure", position, record, seen, report):
                structure_ids.add(record.id)
    if services_path:
        seen = set()
        for position, raw in enumerate(_records(services_path), 1):
            if isinstance(raw, dict):
                raw = {**raw, "source": source}
            record = _validate("service", v1.Service, position, raw, report, checker)
            if record is None or not _unique("service", position, record, seen, report):
                continue
            if record.structure_id not in structure_ids:
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
        before = _structures_as_services_see_them(source) if structures_path else {}
        if structures_path:
            _write(_StructureRows(source), structures_path, report)
        seen: set[int] = set()
        if services_path:
            zone_counts.defer()
            _write(_ServiceRows(source, seen=seen), services_path, report)
            if report.written("services"):
                zone_counts.rebuild()
            else:  # no service was written while they were deferred: they are still exact
                zone_counts.resume()
        # A structure moved or renamed: its services the services file did not bring (none, if
        # there was no such file) take its new commune, position and name too.
        after = _structures_as_services_see_them(source) if structures_path else {}
        changed = [pk for pk, seen_as in after.items() if before.get(pk, seen_as) != seen_as]
        for start in range(0, len(changed), CHUNK):  # bounded lists of SQL parameters
            services = Service.objects.filter(structure_id__in=changed[start : start + CHUNK])
            left = [pk for pk in services.values_list("pk", flat=True) if pk not in seen]
            for first in range(0, len(left), CHUNK):
                indexing.refresh(left[first : first + CHUNK], own_fields_changed=False)
    if report.written("structures") or report.written("services"):
        _refresh_statistics()
    return report


def _structures_as_services_see_them(source: str) -> dict[int, tuple]:
    """What the derived fields of a service read of its structure (its text, position, zone)."""
    return {
        pk: tuple(rest)
        for pk, *rest in Structure.objects.filter(source=source)
        .values_list("pk", "nom", "code_insee", "latitude", "longitude")
        .iterator()
    }


def _refresh_statistics() -> None:
    """Fresh statistics, or the planner guesses blind after a large import."""
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


# Pass 2 is a pipeline: a thread reads the file and turns its records into rows (Python work)
# while the calling thread sends the previous chunks to the database (server work, during which
# psycopg releases the GIL). The thread never touches the database: what it needs is loaded
# before it starts. A few chunks wait in the queue at most, so memory stays bounded.
QUEUED_CHUNKS = 4


@dataclass
class _Chunk:
    new: list[list] = field(default_factory=list)  # rows of new records, see _Rows.names
    # Rows of records already there: their pk, whether to rewrite them even if they have not
    # changed, then their values for _Rows.update_fields() (see bulk_insert.RowUpdates.write).
    existing: list[list] = field(default_factory=list)
    # The value and zone rows of services: (index in ``new`` or pk of an existing service, …).
    new_terms: list[tuple] = field(default_factory=list)
    new_zones: list[tuple] = field(default_factory=list)
    existing_terms: list[tuple] = field(default_factory=list)
    existing_zones: list[tuple] = field(default_factory=list)


class _Rows:
    """Turns validated records of one model into rows; built in the calling thread (it reads
    the database), used in the pipeline's thread (it must not)."""

    model: type
    schema: type
    fields: list[str]  # data·inclusion fields, as model_values reads them
    counter: str

    def __init__(self, source: str):
        self.source = source
        self.names = bulk_insert.columns(self.model)
        prepare = bulk_insert.preparers(self.model, self.names)
        self.prepare = list(zip(self.names, prepare, strict=True))
        # Defaults of the fields a record does not give (Maillage's own), as a new instance has.
        self.defaults = {
            f.attname: f.get_default()
            for f in self.model._meta.concrete_fields
            if f.attname in self.names
        }
        self.existing = dict(
            self.model.objects.filter(source=source).values_list("di_id", "pk").iterator()
        )
        self.updates = bulk_insert.RowUpdates(self.model, self.update_fields())
        self.prepare_update = list(zip(self.update_fields(), self.updates.preparers, strict=True))

    def values(self, record) -> dict:
        return {
            **self.defaults,
            "source": self.source,
            "di_id": record.id,
            **model_values(record, self.fields),
        }

    def add(self, chunk: _Chunk, record) -> None:
        values = self.values(record)
        pk = self.existing.get(record.id)
        if pk is None:
            chunk.new.append([prepare(values[name]) for name, prepare in self.prepare])
        else:
            chunk.existing.append(self.existing_row(pk, values))

    def existing_row(self, pk: int, values: dict, *, rewrite: bool = False) -> list:
        return [pk, rewrite, *(prepare(values[name]) for name, prepare in self.prepare_update)]

    def write(self, chunk: _Chunk) -> list[int]:
        """Write a chunk; return the pks of the existing records written (those that changed)."""
        bulk_insert.insert_rows(self.model, self.names, chunk.new)
        return self.updates.write(chunk.existing)

    def update_fields(self) -> list[str]:
        """What a record sets in a row already there (Maillage's own fields stay as they are)."""
        return self.fields


class _StructureRows(_Rows):
    model = Structure
    schema = v1.Structure
    fields = STRUCTURE_FIELDS
    counter = "structures"


class _StructureInfo(NamedTuple):
    """What a service's derived fields read of its structure."""

    pk: int
    nom: str
    code_insee: str
    latitude: float | None
    longitude: float | None


class _ServiceRows(_Rows):
    model = Service
    schema = v1.Service
    fields = SERVICE_FIELDS
    counter = "services"

    def __init__(self, source: str, *, seen: set[int]):
        """``seen``: filled with the primary keys of the services already there that the file
        brings."""
        super().__init__(source)
        self.seen = seen
        self.structures = {
            di_id: _StructureInfo(*info)
            for di_id, *info in Structure.objects.filter(source=source)
            .values_list("di_id", "pk", "nom", "code_insee", "latitude", "longitude")
            .iterator()
        }
        # What a service takes of its structure is in the columns compared before writing it
        # (its text, its position), but for one thing: a service that declares neither zone nor
        # commune has its structure's commune as zone, in its zone rows and, on PostgreSQL, in
        # its tokens (set by the trigger when the service row is written). The zones as stored,
        # compared with the zones computed, tell which must be written again, whatever made them
        # differ (a structure moved in this import or an earlier one, say). One string each:
        # the codes, sorted.
        stored = defaultdict(list)
        for pk, code in (
            ServiceZone.objects.filter(service__source=source)
            .values_list("service_id", "code")
            .iterator()
        ):
            stored[pk].append(code)
        self.stored_zones = {pk: " ".join(sorted(codes)) for pk, codes in stored.items()}
        self.centres = {
            code: (lat, lon)
            for code, lat, lon in Commune.objects.values_list(
                "code", "latitude", "longitude"
            ).iterator()
        }

    def add(self, chunk: _Chunk, record) -> None:
        values = self.values(record)
        structure = self.structures[record.structure_id]
        service = SimpleNamespace(**values)
        # Derived fields are computed before the write: one INSERT, no UPDATE after it.
        values.update(indexing.derived_values(service, structure, self.centres))
        values["structure_id"] = structure.pk
        terms = indexing.term_values(service)
        zones = indexing.zone_codes(service, structure)
        pk = self.existing.get(record.id)
        if pk is None:
            index = len(chunk.new)
            chunk.new.append([prepare(values[name]) for name, prepare in self.prepare])
            chunk.new_terms.extend((index, kind, value) for kind, value in terms)
            chunk.new_zones.extend((index, code) for code in zones)
        else:
            self.seen.add(pk)
            rewrite = self.stored_zones.get(pk, "") != " ".join(sorted(zones))
            chunk.existing.append(self.existing_row(pk, values, rewrite=rewrite))
            chunk.existing_terms.extend((pk, kind, value) for kind, value in terms)
            chunk.existing_zones.extend((pk, code) for code in zones)

    def write(self, chunk: _Chunk) -> list[int]:
        pks = bulk_insert.insert_rows(self.model, self.names, chunk.new)
        terms = [(pks[index], kind, value) for index, kind, value in chunk.new_terms]
        zones = [(pks[index], code) for index, code in chunk.new_zones]
        # The value and zone rows derive from the service and its structure: those of a service
        # left as it was are left too.
        written = self.updates.write(chunk.existing)
        if written:
            ServiceTerm.objects.filter(service_id__in=written).delete()
            ServiceZone.objects.filter(service_id__in=written).delete()
            rewritten = set(written)
            terms += [row for row in chunk.existing_terms if row[0] in rewritten]
            zones += [row for row in chunk.existing_zones if row[0] in rewritten]
        # On PostgreSQL the text vector and the search tokens follow the service row itself (a
        # trigger, see migration 0003).
        bulk_insert.insert_values(ServiceTerm, ["service_id", "kind", "value"], terms)
        bulk_insert.insert_values(ServiceZone, ["service_id", "code"], zones)
        return written

    def update_fields(self) -> list[str]:
        return [*self.fields, "structure_id", *indexing.DERIVED_FIELDS]


def _chunks(rows: _Rows, path: Path) -> Iterator[_Chunk]:
    chunk = _Chunk()
    count = 0
    for raw in _records(path):
        rows.add(chunk, rows.schema.model_validate({**raw, "source": rows.source}))
        count += 1
        if count == CHUNK:
            yield chunk
            chunk, count = _Chunk(), 0
    if count:
        yield chunk


_DONE = object()


def _write(rows: _Rows, path: Path, report: DatainclReport) -> None:
    """Write the records of ``path``, the rows built by a thread while the previous chunks are
    sent. Any error, in either thread, is raised here, after the thread has stopped."""
    chunks: queue.Queue = queue.Queue(maxsize=QUEUED_CHUNKS)
    stop = threading.Event()

    def hand_over(item) -> bool:
        while not stop.is_set():
            try:
                chunks.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for chunk in _chunks(rows, path):
                if not hand_over(chunk):
                    return
        except BaseException as error:  # raised again by the writing thread
            hand_over(error)
        else:
            hand_over(_DONE)

    producer = threading.Thread(target=produce, name=f"import-{rows.counter}", daemon=True)
    producer.start()
    try:
        while (chunk := chunks.get()) is not _DONE:
            if isinstance(chunk, BaseException):
                raise chunk
            written = len(rows.write(chunk))
            report.created[rows.counter] += len(chunk.new)
            report.updated[rows.counter] += written
            report.unchanged[rows.counter] += len(chunk.existing) - written
    finally:
        stop.set()
        producer.join()
    rows.updates.close()
