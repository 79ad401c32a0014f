from maillage.core.management.base import MaillageCommand
from maillage.referrals.actions import remind_and_expire


class Command(MaillageCommand):
    help = (
        "Relance les partenaires des orientations sans réponse et fait expirer les plus "
        "anciennes, selon les délais de chaque réseau. À lancer chaque jour (cron) ; sans effet "
        "si on la relance."
    )

    def add_command_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=None, help="nombre maximal d'orientations traitées"
        )

    def run(self, *, limit: int | None = None, **options) -> str:
        counts = remind_and_expire(limit=limit)
        return (
            f"Orientations : {counts['reminded']} relance{'s' if counts['reminded'] > 1 else ''}"
            f" envoyée{'s' if counts['reminded'] > 1 else ''}, {counts['expired']} "
            f"expirée{'s' if counts['expired'] > 1 else ''}"
        )
