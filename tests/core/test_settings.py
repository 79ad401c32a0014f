"""Settings are read from the environment: production is safe by default and fails loudly."""

import os
import subprocess
import sys

from django.conf import settings

# What `make test` sets for the suite itself; a production process has none of them.
TEST_ONLY_VARIABLES = {
    "SECRET_KEY",
    "DEBUG",
    "USE_HTTPS",
    "EMAIL_BACKEND",
    "DATABASE_URL",
    "TASKS_BACKEND",
}

PRODUCTION = {
    "DATABASE_URL": "sqlite:///:memory:",
    "SECRET_KEY": "k" * 10 + "-Zq7uQm3vX9rT2sLp8yWc4nB6hJ1dF5gA0eK-" + "x" * 20,
    "ALLOWED_HOSTS": "maillage.example.org",
    "DEBUG": "0",
}


def manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_deployment_checks_pass_with_production_like_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_deployment_checks_warn_when_emails_would_leave_during_requests():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**PRODUCTION, "TASKS_BACKEND": "immediate"},
    )
    assert result.returncode != 0
    assert "maillage.W001" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    # Set but empty: absent for the settings, and manage.py's demo fallback stays off.
    env = {**PRODUCTION, "SECRET_KEY": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY est obligatoire" in result.stderr


def test_a_malformed_setting_stops_the_start_with_its_name():
    result = manage("check", env={**PRODUCTION, "DEBUG": "peut-être"})
    assert result.returncode != 0
    assert "DEBUG='peut-être' n'est pas un booléen" in result.stderr
    result = manage("check", env={**PRODUCTION, "DATABASE_URL": "mysql://root@localhost/x"})
    assert "seules SQLite et PostgreSQL sont prises en charge" in result.stderr


def test_production_defaults_are_secure():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, s.EMAIL_BACKEND.rsplit('.', 2)[-2], s.TASKS_BACKEND)",
        env=PRODUCTION,
    )
    assert result.stdout.split() == [
        "False",
        "True",
        "True",
        "True",
        "31536000",
        "smtp",
        "database",  # emails leave from the worker, never during a request
    ]


def test_the_database_comes_from_database_url():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.db import connection; print(connection.vendor)",
        env={**PRODUCTION, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test"},
    )
    assert result.stdout.strip() == "postgresql", result.stderr


def test_production_needs_an_explicit_database():
    env = {k: v for k, v in PRODUCTION.items() if k != "DATABASE_URL"}
    result = manage("check", env={**env, "DATABASE_URL": ""})
    assert "DATABASE_URL est obligatoire hors DEBUG" in result.stderr


def test_an_empty_variable_means_its_default_never_false():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT)",
        env={**PRODUCTION, "USE_HTTPS": ""},
    )
    assert result.stdout.strip() == "True"


def test_an_unknown_log_level_is_named():
    result = manage("check", env={**PRODUCTION, "LOG_LEVEL": "verbose"})
    assert "LOG_LEVEL='verbose' n'est pas une valeur permise" in result.stderr


def test_the_demo_outbox_cannot_be_turned_on_in_production():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.DEMO_OUTBOX)",
        env={**PRODUCTION, "DEMO_OUTBOX": "1"},
    )
    assert result.stdout.split() == ["False"]


def test_makemigrations_runs_on_a_fresh_clone_without_a_secret_key():
    # No SECRET_KEY, DEBUG or DATABASE_URL: what a fresh clone has. (A demo key in var/ would be
    # used if present; this command must not need it either way.)
    result = manage("makemigrations", "--check", "--dry-run", env={})
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_other_commands_still_need_a_secret_key_outside_the_demo(tmp_path):
    # A var/ without the demo's key: this checkout's may hold one (`make demo` ran here).
    env = {"DEBUG": "0", "DATABASE_URL": "sqlite:///:memory:", "MAILLAGE_VAR_DIR": str(tmp_path)}
    result = manage("migrate", "--plan", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY est obligatoire" in result.stderr
