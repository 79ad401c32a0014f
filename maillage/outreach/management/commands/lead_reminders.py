"""Periodic (cron, e.g. every morning): remind facilitators of leads nobody acted on."""

from maillage.core.management.base import MaillageCommand
from maillage.outreach.actions import remind_untouched_leads


class Command(MaillageCommand):
    help = "Relance les facilitateurs pour les signalements restés sans action."

    def run(self, **options) -> str:
        count = remind_untouched_leads()
        return f"{count} signalement(s) relancé(s)"
