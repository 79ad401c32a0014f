from maillage.core.management.base import MaillageCommand
from maillage.territories.importers import import_frr


class Command(MaillageCommand):
    help = (
        "Importe le classement France Ruralités Revitalisation des communes (liste de l'ANCT, "
        "CSV séparé par des points-virgules). Tout ou rien : une ligne rejetée annule l'import."
    )

    def add_command_arguments(self, parser):
        parser.add_argument(
            "file", help="chemin du fichier CSV de l'ANCT (liste-communes-FRR-….csv)"
        )

    def run(self, *, file: str, **options) -> str:
        return f"Communes FRR : {import_frr(file).summary()}"
