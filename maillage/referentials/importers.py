"""Importer for France Travail's official ROME 4.0 CSV files (occupations and job titles)."""

from __future__ import annotations

import re
from pathlib import Path

from django.db import transaction

from maillage.core.bulk import sync_table
from maillage.core.importing import CsvFile, ImportReport, raise_if_rejected
from maillage.core.text import normalize
from maillage.referentials.models import JobTitle, Occupation

ROME_CODE = re.compile(r"^[A-N][0-9]{4}$")
MAX_OGR = 2_147_483_647  # the largest integer every database column here holds
OCCUPATION_COLUMNS = ["code_rome", "code_ogr", "libelle_rome"]
JOB_TITLE_COLUMNS = [
    "code_ogr",
    "libelle_appellation_long",
    "libelle_appellation_court",
    "code_rome",
    "classification",
    "peu_usite",
]
CLASSIFICATIONS = {"PRINCIPALE": True, "SYNONYME": False}
YES_NO = {"O": True, "N": False, "": False}


def _positive_int(value: str) -> int | None:
    if not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if 0 < number <= MAX_OGR else None


@transaction.atomic
def import_rome(
    occupations_path: str | Path, job_titles_path: str | Path | None = None
) -> dict[str, ImportReport]:
    """Upsert occupations (``unix_referentiel_code_rome_*.csv``) and, if given, job titles
    (``unix_referentiel_appellation_*.csv``). Every row of both files is checked before anything
    is written."""
    reports = {"métiers": ImportReport()}
    occupations: dict[str, dict] = {}
    occupations_file = CsvFile(occupations_path, required=OCCUPATION_COLUMNS)
    for row in occupations_file.rows(reports["métiers"]):
        code, label, ogr = row["code_rome"], row["libelle_rome"], _positive_int(row["code_ogr"])
        report = reports["métiers"]
        if not ROME_CODE.match(code):
            report.reject(row.line, "code_rome", f"code ROME invalide : « {code} »")
        elif code in occupations:
            report.reject(row.line, "code_rome", f"code ROME « {code} » présent deux fois")
        elif not label:
            report.reject(row.line, "libelle_rome", "libellé manquant")
        elif row.too_long(report, "libelle_rome", Occupation._meta.get_field("label").max_length):
            pass
        elif ogr is None:
            report.reject(row.line, "code_ogr", f"code OGR invalide : « {row['code_ogr']} »")
        else:
            occupations[code] = {"label": label, "search_label": normalize(label), "code_ogr": ogr}

    job_titles: dict[int, dict] = {}
    if job_titles_path:
        reports["appellations"] = report = ImportReport()
        known = occupations.keys() | set(Occupation.objects.values_list("code", flat=True))
        titles_file = CsvFile(job_titles_path, required=JOB_TITLE_COLUMNS)
        for row in titles_file.rows(report):
            ogr, rome = _positive_int(row["code_ogr"]), row["code_rome"]
            if ogr is None:
                report.reject(row.line, "code_ogr", f"code OGR invalide : « {row['code_ogr']} »")
            elif ogr in job_titles:
                report.reject(row.line, "code_ogr", f"code OGR « {ogr} » présent deux fois")
            elif rome not in known:
                report.reject(row.line, "code_rome", f"métier ROME inconnu : « {rome} »")
            elif not row["libelle_appellation_long"]:
                report.reject(row.line, "libelle_appellation_long", "libellé manquant")
            elif row.too_long(report, "libelle_appellation_long", 300) or row.too_long(
                report, "libelle_appellation_court", 300
            ):
                pass
            elif row["classification"] not in CLASSIFICATIONS:
                report.reject(
                    row.line,
                    "classification",
                    f"classification inconnue : « {row['classification']} » "
                    "(PRINCIPALE ou SYNONYME attendu)",
                )
            elif row["peu_usite"] not in YES_NO:
                report.reject(
                    row.line, "peu_usite", f"valeur inconnue : « {row['peu_usite']} » (O ou N)"
                )
            else:
                label = row["libelle_appellation_long"]
                job_titles[ogr] = {
                    "label": label,
                    "short_label": row["libelle_appellation_court"],
                    "search_label": normalize(label),
                    "occupation_id": rome,
                    "is_main": CLASSIFICATIONS[row["classification"]],
                    "rarely_used": YES_NO[row["peu_usite"]],
                }
    raise_if_rejected(
        {
            occupations_file.label: reports["métiers"],
            **({titles_file.label: reports["appellations"]} if job_titles_path else {}),
        }
    )

    for name, model, rows in (
        ("métiers", Occupation, occupations),
        ("appellations", JobTitle, job_titles),
    ):
        if name in reports:
            counts = sync_table(model, rows)
            reports[name].created, reports[name].updated = counts.created, counts.updated
            reports[name].unchanged = counts.unchanged
    return reports
