"""Benchmark of the capteur form: requests per second on loopback, 2 gunicorn worker processes.

The load comes from wrk (Debian package) posting the form as a capteur's phone would (CSRF token
from one GET), for a fixed time. Afterwards the leads are counted in the database: every 302
answer must be one saved lead (0 lost), and there must be no error answer.
Run: .venv/bin/python bench/capteur_form.py [--seconds 20] [--connections 8] [--engine sqlite|postgres]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, base_env, fresh_postgres, fresh_sqlite, manage

CREATE = """
from maillage.accounts.models import Network
from maillage.outreach.models import Referrer
network, _ = Network.objects.get_or_create(slug="bench", defaults={"name": "Réseau du banc d'essai"})
referrer, _ = Referrer.objects.get_or_create(network=network, name="Bar du banc", defaults={"kind": "bar_tabac", "commune_id": "64410"})
print(referrer.link_token)
"""
COUNT = "from maillage.outreach.models import Lead; print(Lead.objects.count())"

LUA = """
wrk.method = "POST"
wrk.body = "csrfmiddlewaretoken=%(token)s&first_name=Bench&phone=0600000000&contact_preference=phone&commune=Mourenx&topics=emploi&topics=papiers&agreed_to_be_contacted=on"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "csrftoken=%(cookie)s"
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) found = 0; other = 0 end
function response(status, headers, body)
  if status == 302 then found = found + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local ok, bad = 0, 0
  for _, t in ipairs(threads) do ok = ok + t:get("found"); bad = bad + t:get("other") end
  io.write(string.format("RESULT ok=%%d other=%%d requests=%%d errors=%%d p50=%%.1f p95=%%.1f p99=%%.1f\\n",
    ok, bad, summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(engine: str, seconds: int, connections: int) -> str:
    database = (
        fresh_postgres("maillage_bench_capteur")
        if engine == "postgres"
        else fresh_sqlite("capteur")
    )
    for args in (["migrate", "--no-input", "-v", "0"], ["load_territories"], ["load_referentials"]):
        manage(args, database)
    token = manage(["shell", "-c", CREATE], database)[2].split()[-1]
    env = base_env(database)
    env.update(
        ALLOWED_HOSTS="127.0.0.1", PUBLIC_FORM_RATE_PER_HOUR="1000000000", LOG_LEVEL="WARNING"
    )
    port = free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "maillage.wsgi",
        ],
        cwd=ROOT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}/c/{token}/"
    try:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        for _ in range(100):
            try:
                html = opener.open(url, timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.2)
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        cookie = next(c.value for c in jar if c.name == "csrftoken")
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(LUA % {"token": csrf, "cookie": cookie})
        out = subprocess.run(
            ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds}s", "-s", script.name, url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        server.terminate()
        server.wait(timeout=10)
    result = dict(pair.split("=") for pair in re.search(r"RESULT (.*)", out).group(1).split())
    leads = int(manage(["shell", "-c", COUNT], database)[2].split()[-1])
    ok = int(result["ok"])
    rps = ok / seconds
    # Requests still in flight when wrk stops may be saved without wrk seeing the answer: a lead
    # is lost only if an acknowledged (302) lead is missing.
    lost = max(0, ok - leads)
    return (
        f"| {engine} | capteur form, 2 gunicorn workers, {connections} connections, {seconds} s "
        f"| {rps:.0f} requests/s, p50 {result['p50']} ms, p95 {result['p95']} ms, p99 {result['p99']} ms "
        f"| {ok} leads acknowledged, {leads} saved ({lost} lost), {result['other']} non-302 answers, "
        f"{result['errors']} socket errors |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="both")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk est absent : apt-get install wrk")
    engines = ["sqlite", "postgres"] if options.engine == "both" else [options.engine]
    for engine in engines:
        print(run(engine, options.seconds, options.connections), flush=True)


if __name__ == "__main__":
    main()
