"""A small directory around Mourenx (64410) where the right suggestions are known.

Distances from Mourenx's centre: Orthez ≈ 18.8 km, Pau ≈ 22.4 km, Bayonne ≈ 69.8 km,
Bordeaux ≈ 165 km. Mourenx and Orthez are in the CC de Lacq-Orthez (200039204), Pau is not.
"""

from datetime import timedelta

from django.utils import timezone

from maillage.directory.enums import ServiceStatus
from maillage.directory.indexing import refresh
from maillage.directory.models import Service, Structure

PLACES = {
    "mourenx": ("64410", 43.37399, -0.61701),
    "orthez": ("64430", 43.49421, -0.78017),
    "pau": ("64445", 43.32014, -0.35012),
    "bayonne": ("64102", 43.4924, -1.46579),
    "bordeaux": ("33063", 44.85756, -0.5734),
}
JOB = "trouver-un-emploi--repondre-a-des-offres-demploi"
RENT = "logement-hebergement--reduire-les-impayes-de-loyer"
LICENCE = "mobilite--preparer-un-permis"

# The criteria of the example, supported elsewhere: the person of the tests.
EXAMPLE = {
    "commune": "64410",
    "age": 52,
    "french_level": "C1",
    "registered_france_travail": False,
    "already_supported_by": "Cap emploi",
    "thematiques": ["trouver-un-emploi", RENT],
    "publics": ["demandeurs-emploi"],
    "barriers": ["mobilite"],
    "limit": 10,
}


def add(di_id: str, place: str, thematiques: list[str], zone: list[str], **fields) -> Service:
    code, lat, lon = PLACES[place]
    structure, _ = Structure.objects.get_or_create(
        source="tests",
        di_id=f"structure-{place}",
        defaults={"nom": f"Structure de {place.title()}", "code_insee": code},
    )
    structure.latitude, structure.longitude = lat, lon
    structure.save()
    fields.setdefault("last_reviewed_at", timezone.localdate())
    service = Service.objects.create(
        source="tests",
        di_id=di_id,
        structure=structure,
        nom=fields.pop("nom", di_id),
        description=fields.pop("description", "Un service."),
        thematiques=thematiques,
        zone_eligibilite=zone,
        code_insee=code,
        **fields,
    )
    refresh([service.pk])
    return service


def build() -> dict[str, Service]:
    today = timezone.localdate()
    services = [
        add(
            "emploi-64",
            "pau",
            [JOB],
            ["64"],
            publics=["demandeurs-emploi"],
            accepts_referrals=True,
            places_left=5,
        ),
        add("impayes-mourenx", "mourenx", [RENT], ["64410"], publics=["tous-publics"]),
        add("jeunes", "mourenx", [JOB], ["64"], min_age=16, max_age=25),
        add("ft-requis", "pau", [JOB], ["64"], france_travail="required"),
        add("sans-autre", "bayonne", [JOB], ["64"], excludes_supported_elsewhere=True),
        add("complet", "orthez", [JOB], ["200039204"], places_left=0),
        add(
            "suspendu",
            "mourenx",
            [JOB],
            ["64"],
            status=ServiceStatus.SUSPENDED,
            suspended_from=today - timedelta(days=1),
            suspended_until=today + timedelta(days=10),
        ),
        add("national", "bordeaux", [JOB], ["france"]),
        add("gironde", "bordeaux", [JOB], ["33"]),
        add("permis-orthez", "orthez", [LICENCE], ["200039204"]),
        add("sante-mourenx", "mourenx", ["sante--addictions"], ["64410"]),
        add(
            "ancien",
            "mourenx",
            [JOB],
            ["64410"],
            last_reviewed_at=today - timedelta(days=400),
            date_maj=today - timedelta(days=400),
        ),
        add("brouillon", "mourenx", [JOB], ["64"], status=ServiceStatus.DRAFT),
    ]
    return {s.di_id: Service.objects.select_related("structure").get(pk=s.pk) for s in services}
