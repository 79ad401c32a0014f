"""A real server and Debian's Chromium for the tests that need a browser (marked ``browser``).

The server is a separate process (``manage.py runserver``) on its own SQLite file, prepared as
``make demo`` prepares the demo: the in-process test database, with its per-test transactions,
is not visible from another process.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.conf import settings

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        message = "Chromium absent : `apt-get install chromium` (.ci/run l'installe)."
        if os.environ.get("CI"):
            pytest.fail(message)  # in CI a skipped browser test would hide a missing browser
        pytest.skip(message)
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_manage(tmp_path_factory):
    """Runs ``manage.py`` against the live site's own database (to prepare data for a test)."""
    chromium_path()
    database = tmp_path_factory.mktemp("site") / "maillage.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": "browser-tests-only",
        "DEBUG": "0",
        "USE_HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
    }

    def manage(*args, **kwargs):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
            capture_output=True,
            **kwargs,
        )

    manage.env = env
    return manage


@pytest.fixture(scope="session")
def live_site(live_manage):
    """Base URL of a running Maillage with the real reference data."""
    manage, env = live_manage, live_manage.env
    manage("migrate", "--no-input", "-v", "0")
    manage("load_territories")
    manage("load_referentials")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        # A loaded machine may take a while to start Django: wait up to a minute, then say so.
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("Le serveur de test n'a pas démarré.")
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def phone(browser):
    """A page on a 360-px-wide phone screen that records console errors (e.g. CSP violations)."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="fr-FR")
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    yield page
    context.close()
