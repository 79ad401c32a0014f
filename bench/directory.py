"""Benchmarks of issue 4: import of 100,000 services, the same files imported again (as a network
does every night), and search at that size.

    python bench/directory.py [--engines sqlite,postgres] [--services 100000] [--queries 500]
                              [--pg-database maillage_bench_dir]

The generator spreads structures over the real communes (weighted by population) with
data·inclusion vocabularies from the official package; every record is valid. Not a test.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import os
import random
import time

from _common import (
    ROOT,
    fresh_postgres,
    fresh_sqlite,
    import_directory,
    import_files,
    manage,
    percentiles,
    run_probe,
)

WORDS = [
    "accompagnement",
    "atelier",
    "permis",
    "garde",
    "logement",
    "emploi",
    "formation",
    "numérique",
    "santé",
    "français",
    "budget",
    "mobilité",
    "création",
    "entreprise",
    "jeunes",
    "femmes",
    "insertion",
    "orientation",
    "métiers",
    "candidature",
    "entretien",
    "bénévolat",
    "alimentation",
]
# Descriptions as partners write them: one sentence of a kind, a few words of their own.
SENTENCES = [
    "Un accompagnement individuel pour retrouver un emploi durable",
    "Des ateliers collectifs pour préparer sa candidature",
    "Une aide pour financer et préparer le permis de conduire",
    "Des places de garde d'enfants pour les parents qui reprennent un travail",
    "Des cours de français à l'oral et à l'écrit pour les adultes",
    "Des informations sur l'accès au logement et les aides",
    "Un bilan de santé complet et gratuit",
    "Des ateliers pour apprendre à utiliser un ordinateur et faire ses démarches",
    "Un véhicule prêté pour aller travailler ou se former",
    "Un appui pour créer son entreprise et la faire grandir",
    "Des visites et rencontres pour découvrir les métiers qui recrutent",
    "Des produits à petit prix et un suivi budgétaire",
    "Un rendez-vous pour faire le point sur ses dettes",
    "Des rencontres avec des employeurs qui recrutent",
    "Un parcours renforcé vers l'emploi avec un référent unique",
]
NAMES = [
    "Accompagnement vers l'emploi",
    "Atelier CV et lettre de motivation",
    "Aide au permis B",
    "Garde d'enfants d'urgence",
    "Cours de français",
    "Point info logement",
    "Bilan de santé",
    "Atelier numérique",
    "Prêt de véhicule",
    "Création d'entreprise",
    "Découverte des métiers",
    "Épicerie solidaire",
    "Soutien budgétaire",
    "Forum de l'emploi",
    "Parcours d'insertion",
]


def generate(folder, count: int, seed: int = 2026) -> tuple[str, str]:
    from data_inclusion.schema import v1

    rng = random.Random(seed)
    text = gzip.decompress((ROOT / "maillage/territories/data/communes.csv.gz").read_bytes())
    rows = csv.DictReader(io.StringIO(text.decode("utf-8")))
    communes = [c for c in rows if c["kind"] == "COM" and c["population"]]
    weights = [int(c["population"]) for c in communes]
    thematiques = [t.value for t in v1.Thematique]
    publics = [p.value for p in v1.Public if p.value != "tous-publics"]
    types = [t.value for t in v1.TypeService]
    structures_path = folder / "structures.json"
    services_path = folder / "services.json"
    n_structures = max(1, count // 5)
    chosen = rng.choices(communes, weights=weights, k=n_structures)
    with open(structures_path, "w", encoding="utf-8") as f:
        f.write("[")
        for i, c in enumerate(chosen):
            record = {
                "id": f"s{i}",
                "nom": f"Structure {i} de {c['name']}",
                "date_maj": "2026-10-01",
                "code_insee": c["code"],
                "commune": c["name"],
                "code_postal": c["postcodes"].split()[0] if c["postcodes"] else None,
                "latitude": float(c["latitude"]) + rng.uniform(-0.01, 0.01)
                if c["latitude"]
                else None,
                "longitude": float(c["longitude"]) + rng.uniform(-0.01, 0.01)
                if c["longitude"]
                else None,
                "adresse": f"{rng.randint(1, 120)} rue de la République",
            }
            f.write(("," if i else "") + json.dumps(record, ensure_ascii=False))
        f.write("]")
    with open(services_path, "w", encoding="utf-8") as f:
        f.write("[")
        for i in range(count):
            s = rng.randrange(n_structures)
            c = chosen[s]
            zone_kind = rng.random()
            zone = (
                [c["code"]]
                if zone_kind < 0.3
                else [c["epci"]]
                if zone_kind < 0.6 and c["epci"]
                else [c["departement"]]
                if zone_kind < 0.95
                else ["france"]
            )
            record = {
                "id": f"v{i}",
                "structure_id": f"s{s}",
                "date_maj": "2026-10-01",
                "nom": f"{rng.choice(NAMES)} — {c['name']}",
                "description": f"{rng.choice(SENTENCES)} {' '.join(rng.choices(WORDS, k=3))}.",
                "type": rng.choice(types),
                "frais": rng.choice(["gratuit", "payant"]),
                "thematiques": rng.sample(thematiques, k=rng.randint(1, 3)),
                "publics": rng.sample(publics, k=rng.randint(1, 2)),
                "modes_accueil": rng.sample(["en-presentiel", "a-distance"], k=rng.randint(1, 2)),
                "zone_eligibilite": zone,
                "code_insee": c["code"],
            }
            f.write(("," if i else "") + json.dumps(record, ensure_ascii=False))
        f.write("]")
    return str(structures_path), str(services_path)


SEARCH_PROBE = r"""
import json, random, sys, time
import django
django.setup()
from maillage.core import worker
worker.prepare()  # as the server's wsgi.py does
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from maillage.directory.search import SearchParams, search
from maillage.territories.models import Commune

rng = random.Random(7)
communes = list(Commune.objects.communes().exclude(latitude=None).exclude(population=None)
                .order_by("-population")[:3000])
categories = ["trouver-un-emploi", "mobilite", "famille", "logement-hebergement", "numerique", None, None]
words = ["permis", "garde enfants", "français", "emploi", "atelier numérique", "", "", ""]
engine, page, api, counts = [], [], [], []
client = Client()
for _ in range(int(sys.argv[1])):
    commune = rng.choice(communes)
    category = rng.choice(categories)
    q = rng.choice(words)
    radius = rng.choice([None, None, None, 20])
    params = SearchParams(commune=commune, radius_km=radius, thematiques=[category] if category else [], q=q)
    t = time.perf_counter(); search(params); engine.append((time.perf_counter() - t) * 1000)
    query = {"commune": f"{commune.name} ({commune.postal_codes.first().code})", "q": q}
    if category: query["thematiques"] = category
    if radius: query["rayon"] = radius
    t = time.perf_counter(); r = client.get("/services/", query); page.append((time.perf_counter() - t) * 1000)
    assert r.status_code == 200
    if category:  # what the results then ask for: the counts of the other catégories
        t = time.perf_counter(); r = client.get("/services/compteurs/", query, HTTP_HX_REQUEST="true")
        counts.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200 and b"n-th-" in r.content
    query = {"commune": commune.code, "q": q}
    if category: query["thematiques"] = category
    if radius: query["radius_km"] = radius
    t = time.perf_counter(); r = client.get("/api/v1/services/search", query); api.append((time.perf_counter() - t) * 1000)
    assert r.status_code == 200, r.content
with CaptureQueriesContext(connection) as queries:
    client.get("/services/", {"commune": "Pau", "q": "emploi"})
print(json.dumps({"engine": engine, "page": page, "api": api, "counts": counts, "queries": len(queries)}))
"""


def bench(engine: str, structures: str, services: str, queries: int, pg_database: str) -> list[str]:
    url = fresh_sqlite("directory") if engine == "sqlite" else fresh_postgres(pg_database)
    seconds, peak_mb, out = import_directory(url, structures, services)
    again_seconds, again_peak_mb, again_out = import_files(url, structures, services)
    manage(["collectstatic", "--no-input", "-v", "0"], url)  # the page probe runs with DEBUG=0
    samples = run_probe(SEARCH_PROBE, url, str(queries))
    e, p = percentiles(samples["engine"]), percentiles(samples["page"])
    a, c = percentiles(samples["api"]), percentiles(samples["counts"])
    return [
        f"| {engine} | import_dataincl, {out.split('services : ')[1].split(';')[0].strip()} | "
        f"{seconds:.1f} s | peak RSS {peak_mb} MB |",
        f"| {engine} | import_dataincl again, same files: "
        f"{again_out.split('services : ')[1].split(';')[0].strip()} | "
        f"{again_seconds:.1f} s | peak RSS {again_peak_mb} MB |",
        f"| {engine} | search engine, {queries} mixed searches | p50 {e['p50']:.1f} ms, p95 {e['p95']:.1f} ms, "
        f"p99 {e['p99']:.1f} ms | max {e['max']:.0f} ms |",
        f"| {engine} | search page (server time) | p50 {p['p50']:.1f} ms, p95 {p['p95']:.1f} ms, "
        f"p99 {p['p99']:.1f} ms | {samples['queries']} queries per page |",
        f"| {engine} | GET /api/v1/services/search (server time) | p50 {a['p50']:.1f} ms, "
        f"p95 {a['p95']:.1f} ms, p99 {a['p99']:.1f} ms | max {a['max']:.0f} ms |",
        f"| {engine} | GET /services/compteurs/ after a search with a catégorie (server time) | "
        f"p50 {c['p50']:.1f} ms, p95 {c['p95']:.1f} ms, p99 {c['p99']:.1f} ms | "
        f"{len(samples['counts'])} of the searches |",
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument(
        "--pg-database", default="maillage_bench_dir", help="dropped and created again"
    )
    args = parser.parse_args()
    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    structures, services = generate(folder, args.services)
    print(
        f"<!-- bench/directory.py, {time.strftime('%Y-%m-%d')}: generated {args.services} services "
        f"in {time.perf_counter() - t:.0f} s, {os.path.getsize(services) / 1e6:.0f} MB -->"
    )
    print("| engine | what | time | notes |")
    print("|---|---|---|---|")
    for engine in args.engines.split(","):
        for row in bench(engine, structures, services, args.queries, args.pg_database):
            print(row, flush=True)


if __name__ == "__main__":
    main()
