"""Time `make demo` on a fresh clone: until the product answers, and the database size.

    python bench/demo.py

Package download is excluded: `make install` runs first (timed apart); then `make demo` is timed
from its start until /healthz answers 200.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8765


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="maillage-demo-"))
    clone = workdir / "main"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    # The clone looks for ../shared like the real checkout (only tests use it).
    unset = ("SECRET_KEY", "DATABASE_URL", "DEBUG")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    started = time.perf_counter()
    subprocess.run(["make", "install"], cwd=clone, check=True, env=env, capture_output=True)
    install_s = time.perf_counter() - started

    started = time.perf_counter()
    demo = subprocess.Popen(
        ["make", "demo", f"PORT={PORT}"],
        cwd=clone,
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    ready_s = None
    try:
        while time.perf_counter() - started < 300:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2) as r:
                    if r.status == 200:
                        ready_s = time.perf_counter() - started
                        break
            except OSError:
                time.sleep(0.2)
    finally:
        os.killpg(demo.pid, signal.SIGTERM)
        output = demo.communicate(timeout=30)[0]
    size_mb = sum(p.stat().st_size for p in (clone / "var").glob("maillage.sqlite3*")) / 1e6
    print(f"| make install (dependencies from the local uv cache) | {install_s:.1f} s |")
    what = "make demo until /healthz answers (migrate, load reference data, seed)"
    print(f"| {what} | {ready_s:.1f} s |")
    print(f"| demo SQLite database size | {size_mb:.1f} MB |")
    if ready_s is None:
        print(output)
    shutil.rmtree(workdir)


if __name__ == "__main__":
    main()
