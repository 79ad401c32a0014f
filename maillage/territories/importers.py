"""Importers for the official files operators bring: ANCT's FRR list and QPV list.

Each checks every row first and writes nothing if one is rejected (see core.importing).
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from django.db import transaction

from maillage.core.importing import CsvFile, ImportReport
from maillage.territories.enums import FrrClass
from maillage.territories.models import Commune, Qpv

FRR_CODE = "Code_insee"
FRR_CLASS_PREFIX = "Classement FRR"
QPV_COLUMNS = [
    "code_qp",
    "lib_qp",
    "insee_reg",
    "lib_reg",
    "insee_dep",
    "lib_dep",
    "insee_com",
    "lib_com",
    "siren_epci",
    "lib_epci",
]
QPV_CODE = re.compile(r"^Q[A-Z][0-9AB][0-9A-Z]{4,7}$")
COMMUNE_CODE = re.compile(r"^[0-9][0-9AB][0-9]{3}$")


def _frr_column(csv_file: CsvFile) -> str:
    """The classification column's name carries the list's date: find it by its prefix."""
    names = csv_file.header()
    return next((n for n in names if n.startswith(FRR_CLASS_PREFIX)), FRR_CLASS_PREFIX + " …")


@transaction.atomic
def import_frr(path: str | Path) -> ImportReport:
    """ANCT's list of communes with their FRR class (``;``-separated, UTF-8, BOM allowed)."""
    csv_file = CsvFile(path, required=[FRR_CODE], delimiter=";")
    column = _frr_column(csv_file)
    csv_file.required = [FRR_CODE, column]
    report = ImportReport()
    known = dict(Commune.objects.values_list("code", "frr"))
    updates: dict[str, str] = {}
    for row in csv_file.rows(report):
        code = row[FRR_CODE]
        frr = FrrClass.from_label(row[column])
        if code not in known:
            report.reject(row.line, FRR_CODE, f"commune inconnue : « {code} »")
        elif frr is None:
            report.reject(row.line, column, f"classement inconnu : « {row[column]} »")
        elif code in updates:
            report.reject(row.line, FRR_CODE, f"commune « {code} » présente deux fois")
        else:
            updates[code] = frr.value
    report.raise_if_rejected(csv_file.label)
    changed: dict[str, list[str]] = defaultdict(list)
    for code, frr in updates.items():
        if known[code] != frr:
            changed[frr].append(code)
    # One UPDATE per class (in chunks) is much faster than a per-row bulk_update.
    for frr, codes in changed.items():
        for start in range(0, len(codes), 5000):
            Commune.objects.filter(code__in=codes[start : start + 5000]).update(frr=frr)
    report.updated = sum(len(codes) for codes in changed.values())
    report.unchanged = len(updates) - report.updated
    # The list is national and complete: a commune it no longer names is no longer classified.
    absent = [code for code, frr in known.items() if frr and code not in updates]
    for start in range(0, len(absent), 5000):
        Commune.objects.filter(code__in=absent[start : start + 5000]).update(frr="")
    report.deleted = len(absent)
    return report


@transaction.atomic
def import_qpv(path: str | Path) -> ImportReport:
    """ANCT's ``listeqp2024`` CSV: one row per QPV and commune (``;``-separated).

    A QPV spread over several communes comes as several rows, or as one row whose ``insee_com``
    lists the codes separated by commas: both are accepted.
    """
    csv_file = CsvFile(path, required=QPV_COLUMNS, delimiter=";")
    report = ImportReport()
    known = set(Commune.objects.values_list("code", flat=True))
    names: dict[str, str] = {}
    communes: dict[str, set[str]] = defaultdict(set)
    for row in csv_file.rows(report):
        code, name = row["code_qp"], row["lib_qp"]
        codes = [c for c in re.split(r"[,\s]+", row["insee_com"]) if c]
        if not QPV_CODE.match(code):
            report.reject(row.line, "code_qp", f"code de quartier invalide : « {code} »")
            continue
        if not name:
            report.reject(row.line, "lib_qp", "nom du quartier manquant")
            continue
        if row.too_long(report, "lib_qp", Qpv._meta.get_field("name").max_length):
            continue
        if names.setdefault(code, name) != name:
            report.reject(row.line, "lib_qp", f"« {code} » porte déjà le nom « {names[code]} »")
            continue
        if not codes:
            report.reject(row.line, "insee_com", "code commune manquant")
        for commune in codes:
            if not COMMUNE_CODE.match(commune):
                report.reject(row.line, "insee_com", f"code commune invalide : « {commune} »")
            elif commune not in known:
                report.reject(row.line, "insee_com", f"commune inconnue : « {commune} »")
            else:
                communes[code].add(commune)
    report.raise_if_rejected(csv_file.label)

    existing = {q.code: q for q in Qpv.objects.prefetch_related("communes")}
    for code, name in names.items():
        qpv = existing.get(code)
        if qpv is None:
            qpv = Qpv.objects.create(code=code, name=name)
            report.created += 1
        elif qpv.name != name or {c.code for c in qpv.communes.all()} != communes[code]:
            qpv.name = name
            qpv.save(update_fields=["name"])
            report.updated += 1
        else:
            report.unchanged += 1
            continue
        qpv.communes.set(communes[code])
    # The file is the whole list of a generation: a quarter it no longer names is gone.
    gone = [code for code in existing if code not in names]
    Qpv.objects.filter(code__in=gone).delete()
    report.deleted = len(gone)
    return report
