from maillage.core.management.base import MaillageCommand
from maillage.territories.importers import import_qpv


class Command(MaillageCommand):
    help = (
        "Importe les quartiers prioritaires de la politique de la ville (fichier listeqp2024 de "
        "l'ANCT, CSV séparé par des points-virgules). Tout ou rien."
    )

    def add_command_arguments(self, parser):
        parser.add_argument("file", help="chemin du fichier CSV listeqp2024")

    def run(self, *, file: str, **options) -> str:
        return f"QPV : {import_qpv(file).summary()}"
