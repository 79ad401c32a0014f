"""The base class of Maillage's management commands: logging, one transaction, --dry-run."""

from __future__ import annotations

import logging
import time

from django.core.management.base import BaseCommand
from django.db import transaction


class DryRunRollback(Exception):
    pass


class MaillageCommand(BaseCommand):
    """Runs ``run(**options)`` in one transaction; ``--dry-run`` rolls it back at the end.

    Subclasses implement ``add_command_arguments`` and ``run``; ``run`` returns a one-line French
    summary that is printed (and logged) when the command ends.
    """

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Tout vérifier et tout calculer, puis annuler : rien n'est enregistré.",
        )
        self.add_command_arguments(parser)

    def add_command_arguments(self, parser):
        pass

    @property
    def logger(self) -> logging.Logger:
        return logging.getLogger(f"maillage.commands.{self.__module__.rsplit('.', 1)[-1]}")

    def run(self, **options) -> str:
        raise NotImplementedError

    def handle(self, *args, dry_run: bool = False, **options):
        started = time.monotonic()
        summary = ""
        try:
            with transaction.atomic():
                summary = self.run(**options)
                if dry_run:
                    raise DryRunRollback
        except DryRunRollback:
            summary += " (essai à blanc : rien n'a été enregistré)"
        elapsed = time.monotonic() - started
        self.logger.debug("%s en %.1f s", summary, elapsed)
        self.stdout.write(f"{summary} ({elapsed:.1f} s)")
