"""Benchmarks of issue 2: loading all communes, and the commune autocomplete.

    python bench/territories.py [--engines sqlite,postgres] [--queries 1000]

Prints Markdown rows for docs/benchmarks.md. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

from _common import ROOT, base_env, fresh_postgres, fresh_sqlite, manage, percentiles

AUTOCOMPLETE_PROBE = r"""
import json, random, statistics, sys, time
import django
django.setup()
from django.test import Client
from maillage.territories.models import Commune
from maillage.territories.lookups import search_communes

rng = random.Random(2026)
rows = list(Commune.objects.communes().values_list("name", "code"))
postcodes = [c for (c,) in Commune.objects.communes().values_list("postal_codes__code") if c]
queries = []
for _ in range(int(sys.argv[1])):
    if rng.random() < 0.2:
        code = rng.choice(postcodes)
        queries.append(code[: rng.randint(2, 5)])
    else:
        name = rng.choice(rows)[0]
        queries.append(name[: rng.randint(2, min(10, len(name)))])
client = Client()
client.get("/territoires/communes/suggestions/", {"q": "pa"})  # warm-up
lookup, page = [], []
for q in queries:
    t = time.perf_counter()
    search_communes(q, limit=10)
    lookup.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter()
    r = client.get("/territoires/communes/suggestions/", {"q": q})
    page.append((time.perf_counter() - t) * 1000)
    assert r.status_code == 200
print(json.dumps({"lookup": lookup, "page": page}))
"""


def bench_engine(engine: str, queries: int) -> list[str]:
    url = fresh_sqlite("territories") if engine == "sqlite" else fresh_postgres("maillage_bench")
    manage(["migrate", "--no-input", "-v", "0"], url)
    load_s, load_mb, _ = manage(["load_territories"], url)
    again_s, _, _ = manage(["load_territories"], url)
    _, baseline_mb, _ = manage(["check"], url)
    env = base_env(url) | {
        "DJANGO_SETTINGS_MODULE": "maillage.settings",
        "ALLOWED_HOSTS": "testserver",
    }
    out = subprocess.run(
        [sys.executable, "-c", AUTOCOMPLETE_PROBE, str(queries)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    samples = json.loads(out)
    lookup, page = percentiles(samples["lookup"]), percentiles(samples["page"])
    return [
        f"| {engine} | load_territories (empty database) | {load_s:.1f} s | peak RSS {load_mb} MB "
        f"(Django alone: {baseline_mb} MB) |",
        f"| {engine} | load_territories again (nothing to change) | {again_s:.1f} s | |",
        f"| {engine} | autocomplete lookup, {queries} random prefixes | "
        f"p50 {lookup['p50']:.2f} ms, "
        f"p95 {lookup['p95']:.2f} ms, p99 {lookup['p99']:.2f} ms | max {lookup['max']:.1f} ms |",
        f"| {engine} | autocomplete page (server time, request to response) | "
        f"p50 {page['p50']:.2f} ms, p95 {page['p95']:.2f} ms, p99 {page['p99']:.2f} ms | "
        f"max {page['max']:.1f} ms |",
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engines", default="sqlite,postgres")
    parser.add_argument("--queries", type=int, default=1000)
    args = parser.parse_args()
    print(f"<!-- bench/territories.py, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores -->")
    print("| engine | what | time | notes |")
    print("|---|---|---|---|")
    for engine in args.engines.split(","):
        for row in bench_engine(engine, args.queries):
            print(row, flush=True)


if __name__ == "__main__":
    main()
