"""How a service is shown: the service page and its preview share it."""

from maillage.directory import opening_hours
from maillage.directory.models import Service
from maillage.referentials.vocabularies import label


def service_page_context(service: Service, *, show_address: bool) -> dict:
    """What the service page shows, labels in French (also used for an unsaved preview)."""
    return {
        "service": service,
        "show_address": show_address,
        "hours": opening_hours.in_french(
            service.horaires_accueil or service.structure.horaires_accueil
        ),
        "thematiques": [label("thematiques", v) for v in service.thematiques],
        "publics": [label("publics", v) for v in service.publics],
        "modes_accueil": [label("modes_accueil", v) for v in service.modes_accueil],
        "modes_mobilisation": [label("modes_mobilisation", v) for v in service.modes_mobilisation],
        "mobilisable_par": [label("personnes_mobilisatrices", v) for v in service.mobilisable_par],
        "type_label": label("types", service.type) if service.type else "",
        "frais_label": label("frais", service.frais) if service.frais else "",
    }
