#!/usr/bin/env python
import os
import sys
from pathlib import Path


def use_demo_environment() -> None:
    """In a checkout where `make demo` ran, commands run against the demo as the Makefile does.

    Only when SECRET_KEY is not set and the demo's own key file exists: a production server sets
    its variables and has no var/secret_key, so this never applies there.
    """
    var = os.environ.get("MAILLAGE_VAR_DIR") or Path(__file__).resolve().parent / "var"
    key = Path(var) / "secret_key"
    if "SECRET_KEY" not in os.environ and key.exists():
        os.environ["SECRET_KEY"] = key.read_text().strip()
        os.environ.setdefault("DEBUG", "1")
        os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
        os.environ.setdefault("SMS_BACKEND", "maillage.core.notify.FileSmsBackend")
        os.environ.setdefault("DEMO_OUTBOX", "1")


# Commands that only read the code (models, migrations): they sign nothing and touch no data, so
# they run on a fresh clone without the secret a server needs.
CODE_ONLY_COMMANDS = {"makemigrations"}


def allow_code_only_commands() -> None:
    if "SECRET_KEY" not in os.environ and len(sys.argv) > 1 and sys.argv[1] in CODE_ONLY_COMMANDS:
        import secrets

        os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)  # thrown away at exit
        os.environ.setdefault("DEBUG", "1")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings")
    use_demo_environment()
    allow_code_only_commands()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
