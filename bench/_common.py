"""Helpers shared by the benchmarks: fresh databases, child processes, percentiles."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgres://postgres@127.0.0.1:5432"


def base_env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(SECRET_KEY="bench-only", DEBUG="0", USE_HTTPS="0", DATABASE_URL=database_url)
    return env


def manage(args: list[str], database_url: str) -> tuple[float, int, str]:
    """Run manage.py in a child process: (wall seconds, peak RSS in MB of that child, stdout)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=base_env(database_url),
            stdout=out,
            stderr=err,
            text=True,
        )
        # wait4 gives this child's own resource usage (RUSAGE_CHILDREN would be a running max).
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if child.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} a échoué :\n{err.read()}")
        return elapsed, usage.ru_maxrss // 1024, out.read()


def fresh_sqlite(name: str) -> str:
    path = ROOT / "var" / "bench" / f"{name}.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def fresh_postgres(name: str) -> str:
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    return f"{PG_ADMIN}/{name}"


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    q = statistics.quantiles(ordered, n=100, method="inclusive")
    return {"p50": q[49], "p95": q[94], "p99": q[98], "max": ordered[-1]}


def import_directory(database_url: str, structures: str, services: str) -> tuple[float, int, str]:
    """A fresh database with the reference data and the generated directory imported:
    (import wall seconds, its peak RSS in MB, its output)."""
    for args in (["migrate", "--no-input", "-v", "0"], ["load_territories"], ["load_referentials"]):
        manage(args, database_url)
    return import_files(database_url, structures, services)


def import_files(database_url: str, structures: str, services: str) -> tuple[float, int, str]:
    """The generated directory imported into the database as it is (empty, or holding it
    already, as when a network imports the same source every night)."""
    return manage(
        [
            "import_dataincl",
            "--source",
            "bench",
            "--structures",
            structures,
            "--services",
            services,
        ],
        database_url,
    )


def run_probe(code: str, database_url: str, *args: str) -> dict:
    """Run a probe (Python code that prints one JSON object) in a child process against the
    database, with Django's test client allowed to call it."""
    env = base_env(database_url) | {
        "DJANGO_SETTINGS_MODULE": "maillage.settings",
        "ALLOWED_HOSTS": "testserver",
    }
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)
