from django.core.management.base import CommandError

from maillage.core.management.base import MaillageCommand
from maillage.directory.importers import import_dataincl


class Command(MaillageCommand):
    help = (
        "Importe des structures et des services au format data·inclusion v1 (tableaux JSON, comme "
        "les publient l'API data·inclusion et data.gouv.fr, ou CSV). Chaque enregistrement est "
        "vérifié avec les modèles officiels ; tout ou rien ; mise à jour par (source, id)."
    )

    def add_command_arguments(self, parser):
        parser.add_argument("--structures", help="fichier des structures (.json ou .csv)")
        parser.add_argument("--services", help="fichier des services (.json ou .csv)")
        parser.add_argument(
            "--source", required=True, help="nom de la source, par exemple « dora »"
        )

    def run(self, *, structures=None, services=None, source: str, **options) -> str:
        if not structures and not services:
            raise CommandError("Donnez --structures, --services, ou les deux.")
        report = import_dataincl(source=source, structures_path=structures, services_path=services)
        return f"Import data·inclusion ({source}) : {report.summary()}"
