"""Load the committed territory files (built by scripts/build_territories.py) into the database."""

from __future__ import annotations

from pathlib import Path

from django.db import connection, transaction

from maillage.core.bulk import SyncCounts, sync_table
from maillage.core.datafiles import read_csv
from maillage.core.text import normalize
from maillage.territories.models import (
    Commune,
    CommuneSearchTerm,
    Departement,
    Epci,
    PostalCode,
    Region,
)

DATA_DIR = Path(__file__).resolve().parent / "data"


def _read(name: str) -> list[dict[str, str]]:
    return read_csv(DATA_DIR / name)


def _int(value: str) -> int | None:
    return int(value) if value else None


def _float(value: str) -> float | None:
    return float(value) if value else None


@transaction.atomic
def load_territories() -> dict[str, SyncCounts | int]:
    """Create or update régions, départements, EPCI, communes and postcodes; idempotent."""
    counts: dict[str, SyncCounts | int] = {}
    counts["régions"] = sync_table(
        Region, {r["code"]: {"name": r["name"]} for r in _read("regions.csv")}
    )
    counts["départements"] = sync_table(
        Departement,
        {
            d["code"]: {"name": d["name"], "region_id": d["region"]}
            for d in _read("departements.csv")
        },
    )
    counts["EPCI"] = sync_table(
        Epci,
        {
            e["code"]: {"name": e["name"], "kind": e["kind"], "population": _int(e["population"])}
            for e in _read("epcis.csv")
        },
    )
    communes = _read("communes.csv.gz")
    counts["communes"] = sync_table(
        Commune,
        {
            c["code"]: {
                "kind": c["kind"],
                "name": c["name"],
                "search_name": normalize(c["name"]),
                "departement_id": c["departement"],
                "epci_id": c["epci"] or None,
                "parent_id": c["parent"] or None,
                "population": _int(c["population"]),
                "latitude": _float(c["latitude"]),
                "longitude": _float(c["longitude"]),
                "siren": c["siren"],
            }
            for c in communes
        },
    )
    wanted = {(postcode, c["code"]) for c in communes for postcode in c["postcodes"].split()}
    existing = {
        (code, commune_id): pk
        for pk, code, commune_id in PostalCode.objects.values_list("pk", "code", "commune_id")
    }
    stale = [pk for key, pk in existing.items() if key not in wanted]
    PostalCode.objects.filter(pk__in=stale).delete()
    new = [PostalCode(code=code, commune_id=commune) for code, commune in wanted - existing.keys()]
    PostalCode.objects.bulk_create(new, batch_size=2000)
    counts["codes postaux"] = SyncCounts(
        created=len(new), deleted=len(stale), unchanged=len(wanted) - len(new)
    )
    counts["termes de recherche"] = sync_search_terms()
    # Fresh statistics let the planner pick the name and postcode indexes from the first query.
    with connection.cursor() as cursor:
        for model in (Commune, CommuneSearchTerm, PostalCode):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return counts


def sync_search_terms() -> SyncCounts:
    """Keep CommuneSearchTerm in step with the names and populations of current communes."""
    wanted = {
        (code, position): (term, population)
        for code, search_name, population in Commune.objects.communes().values_list(
            "code", "search_name", "population"
        )
        for position, term in CommuneSearchTerm.terms_of(search_name)
    }
    existing = {
        (commune_id, position): (pk, (term, population))
        for pk, commune_id, position, term, population in CommuneSearchTerm.objects.values_list(
            "pk", "commune_id", "position", "term", "population"
        )
    }
    kept = {key for key, (_, values) in existing.items() if wanted.get(key) == values}
    stale = [pk for key, (pk, _) in existing.items() if key not in kept]
    CommuneSearchTerm.objects.filter(pk__in=stale).delete()
    new = [
        CommuneSearchTerm(commune_id=code, position=position, term=term, population=population)
        for (code, position), (term, population) in wanted.items()
        if (code, position) not in kept
    ]
    CommuneSearchTerm.objects.bulk_create(new, batch_size=5000)
    return SyncCounts(created=len(new), deleted=len(stale), unchanged=len(kept))
