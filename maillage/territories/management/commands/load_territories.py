from maillage.core.management.base import MaillageCommand
from maillage.territories.loading import load_territories


class Command(MaillageCommand):
    help = (
        "Charge (ou met à jour) régions, départements, EPCI, communes et codes postaux depuis les "
        "fichiers de référence livrés avec Maillage. Peut être relancée sans risque."
    )

    def run(self, **options) -> str:
        counts = load_territories()
        return "Territoires : " + " ; ".join(f"{name} : {c}" for name, c in counts.items())
