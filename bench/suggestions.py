"""Benchmark of issue 5: suggestions at 100,000 services.

    python bench/suggestions.py [--engines sqlite,postgres] [--services 100000] [--queries 300]

The directory is bench/directory.py's generated one, imported with import_dataincl; a fixed share
of services then gets Maillage's eligibility extensions (ages, French level, France Travail,
places, referrals, stale reviews). 300 criteria are drawn with a fixed seed. "Engine" times
``suggest()``; "API" times the whole ``POST /api/v1/suggestions`` request. Not a test.
"""

from __future__ import annotations

import argparse
import time

from _common import (
    PG_ADMIN,
    ROOT,
    fresh_postgres,
    fresh_sqlite,
    import_directory,
    percentiles,
    run_probe,
)
from directory import generate

PROBE = r"""
import json, random, sys, time
import django
django.setup()
from datetime import timedelta
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from maillage.directory.models import Service
from maillage.intake.suggestions import Criteria, suggest
from maillage.referentials import vocabularies
from maillage.territories.models import Commune

# Eligibility extensions on a fixed share of services (by id), as partners fill them in.
services = Service.objects.annotate(m=F("pk") % 100)
services.filter(m__lt=8).update(min_age=16, max_age=25)
services.filter(m__gte=8, m__lt=12).update(min_age=26)
services.filter(m__gte=12, m__lt=17).update(french_level="B1")
services.filter(m__gte=17, m__lt=22).update(france_travail="required")
services.filter(m__gte=22, m__lt=27).update(excludes_supported_elsewhere=True)
services.filter(m__gte=27, m__lt=32).update(places_left=0)
services.filter(m__gte=32, m__lt=50).update(places_left=3, accepts_referrals=True)
services.filter(m__gte=50, m__lt=60).update(
    last_reviewed_at=timezone.localdate() - timedelta(days=400), date_maj="2024-01-01"
)
if connection.vendor == "postgresql":  # what autovacuum does after an import (off on some servers)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE directory_service, directory_serviceterm, "
                       "directory_servicezone, directory_structure")

rng = random.Random(11)
communes = list(Commune.objects.communes().exclude(latitude=None).exclude(population=None)
                .select_related("departement", "epci").order_by("-population")[:3000])
needs = [t.value for t in vocabularies.terms("categories")] + [
    t.value for t in vocabularies.terms("thematiques")]
publics = [p.value for p in vocabularies.terms("publics")]
barriers = ["mobilite", "garde_enfants", "logement", "numerique", "langue"]
levels = ["A1", "A2", "B1", "B2", "C1", None]
drawn = []
for _ in range(int(sys.argv[1])):
    drawn.append(dict(
        commune=rng.choice(communes),
        radius_km=rng.choice([None, None, None, 20]),
        age=rng.choice([None, rng.randint(16, 65)]),
        french_level=rng.choice(levels),
        registered_france_travail=rng.choice([None, True, False]),
        already_supported_by=rng.choice([None, None, "PLIE"]),
        thematiques=rng.sample(needs, k=rng.randint(1, 3)),
        publics=rng.sample(publics, k=rng.randint(0, 1)),
        barriers=rng.sample(barriers, k=rng.randint(0, 2)),
        text=rng.choice(["", "", "", "permis", "atelier numérique"]),
    ))
engine, api, considered = [], [], []
client = Client()
for values in drawn:
    t = time.perf_counter(); result = suggest(Criteria(**values))
    engine.append((time.perf_counter() - t) * 1000)
    considered.append(result.considered)
    body = {**values, "commune": values["commune"].code}
    t = time.perf_counter()
    r = client.post("/api/v1/suggestions", body, content_type="application/json")
    api.append((time.perf_counter() - t) * 1000)
    assert r.status_code == 200, r.content
with CaptureQueriesContext(connection) as queries:  # Paris, two needs and a barrier
    suggest(Criteria(commune=communes[0], thematiques=["trouver-un-emploi", "mobilite"],
                     barriers=["logement"]))
print(json.dumps({"engine": engine, "api": api, "queries": len(queries),
                  "considered": sorted(considered)[len(considered) // 2]}))
"""


def bench(engine: str, structures: str, services: str, queries: int, reuse: bool) -> list[str]:
    if reuse:  # the database of a previous run, already imported
        url = (
            f"sqlite:///{ROOT / 'var' / 'bench' / 'suggestions.sqlite3'}"
            if engine == "sqlite"
            else f"{PG_ADMIN}/maillage_bench_sugg"
        )
    else:
        url = (
            fresh_sqlite("suggestions")
            if engine == "sqlite"
            else fresh_postgres("maillage_bench_sugg")
        )
        import_directory(url, structures, services)
    samples = run_probe(PROBE, url, str(queries))
    e, a = percentiles(samples["engine"]), percentiles(samples["api"])
    return [
        f"| {engine} | suggest(), {queries} drawn criteria | p50 {e['p50']:.1f} ms, "
        f"p95 {e['p95']:.1f} ms, p99 {e['p99']:.1f} ms | max {e['max']:.0f} ms; "
        f"{samples['queries']} queries; median {samples['considered']} candidates scored |",
        f"| {engine} | POST /api/v1/suggestions (server time) | p50 {a['p50']:.1f} ms, "
        f"p95 {a['p95']:.1f} ms, p99 {a['p99']:.1f} ms | max {a['max']:.0f} ms |",
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument(
        "--reuse", action="store_true", help="reuse the databases of a previous run (no import)"
    )
    args = parser.parse_args()
    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    structures, services = ("", "") if args.reuse else generate(folder, args.services)
    print(f"<!-- bench/suggestions.py, {time.strftime('%Y-%m-%d')}: {args.services} services -->")
    print("| engine | what | time | notes |")
    print("|---|---|---|---|")
    for engine in args.engines.split(","):
        for row in bench(engine, structures, services, args.queries, args.reuse):
            print(row, flush=True)


if __name__ == "__main__":
    main()
