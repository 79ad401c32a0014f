from maillage.core.management.base import MaillageCommand
from maillage.referentials.loading import load_referentials


class Command(MaillageCommand):
    help = (
        "Charge (ou met à jour) les vocabulaires data·inclusion et les 1 584 métiers ROME 4.0 "
        "livrés avec Maillage. Peut être relancée sans risque."
    )

    def run(self, **options) -> str:
        counts = load_referentials()
        return "Référentiels : " + " ; ".join(f"{name} : {c}" for name, c in counts.items())
