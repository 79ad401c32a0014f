from maillage.core.management.base import MaillageCommand
from maillage.referentials.importers import import_rome


class Command(MaillageCommand):
    help = (
        "Importe le référentiel ROME 4.0 de France Travail (fichiers CSV officiels) : métiers et, "
        "si le fichier est donné, appellations. Tout ou rien."
    )

    def add_command_arguments(self, parser):
        parser.add_argument(
            "--occupations", required=True, help="unix_referentiel_code_rome_v…_utf8.csv"
        )
        parser.add_argument("--job-titles", help="unix_referentiel_appellation_v…_utf8.csv")

    def run(self, *, occupations: str, job_titles: str | None = None, **options) -> str:
        reports = import_rome(occupations, job_titles)
        return "ROME : " + " ; ".join(f"{name} : {r.summary()}" for name, r in reports.items())
