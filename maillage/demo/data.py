"""The demo networks: real territories of our field, fictitious people, every name marked demo."""

from maillage.accounts.enums import MemberRole, NetworkRoleKind, OrganisationKind

DEMO_DOMAIN = "demo.maillage.test"
# Printed by `make demo`. Never created outside a demo: seed_demo refuses when DEBUG is off.
DEMO_PASSWORD = "demo-maillage-2026"

NETWORKS = [
    {
        "slug": "gare-a-idees-grand-poitiers",
        "name": "Gare à idées — Grand Poitiers (démo)",
        "territory": "Grand Poitiers (Vienne)",
        "description": "Collectif de l'économie sociale et solidaire, de l'emploi et de la "
        "création d'activité du Grand Poitiers, coordonné par la CRESS.",
        "departements": ["86"],
        "organisations": [
            ("CRESS Nouvelle-Aquitaine (démo)", OrganisationKind.ASSOCIATION, "86194"),
            ("France Active Nouvelle-Aquitaine (démo)", OrganisationKind.ASSOCIATION, "86194"),
            ("Coopérative d'activité et d'emploi du Poitou (démo)", OrganisationKind.CAE, "86194"),
            ("Mission locale du Poitou (démo)", OrganisationKind.MISSION_LOCALE, "86194"),
        ],
    },
    {
        "slug": "reperer-et-reparer-ouest-bearn",
        "name": "Repérer et réparer — Ouest Béarn (démo)",
        "territory": "Lacq-Orthez, Mourenx, Oloron-Sainte-Marie (Pyrénées-Atlantiques)",
        "description": "Réseau de capteurs animé par le PLIE pour aller vers les personnes "
        "qu'aucun service n'accompagne.",
        "departements": ["64"],
        "organisations": [
            ("PLIE Ouest Béarn (démo)", OrganisationKind.PLIE, "64410"),
            ("Mission locale du Béarn (démo)", OrganisationKind.MISSION_LOCALE, "64430"),
            ("Bar-tabac Le Central, Mourenx (démo)", OrganisationKind.ENTREPRISE, "64410"),
            ("Point info logement Béarn (démo)", OrganisationKind.ASSOCIATION, "64445"),
            ("Garage solidaire de Pau (démo)", OrganisationKind.SIAE, "64445"),
        ],
    },
]

# email (before @), first name, last name, what the login shows, memberships, network roles
PEOPLE = [
    (
        "coordination.poitiers",
        "Claire",
        "Coordination",
        "coordination du réseau Gare à idées",
        [],
        [("gare-a-idees-grand-poitiers", NetworkRoleKind.COORDINATOR)],
    ),
    (
        "admin.mission-locale",
        "Nadia",
        "Administratrice",
        "administratrice et conseillère, Mission locale du Poitou",
        [("Mission locale du Poitou (démo)", MemberRole.COUNSELLOR, True)],
        [],
    ),
    (
        "conseiller.mission-locale",
        "Karim",
        "Conseiller",
        "conseiller, Mission locale du Poitou",
        [("Mission locale du Poitou (démo)", MemberRole.COUNSELLOR, False)],
        [],
    ),
    (
        "conseillere.france-active",
        "Élodie",
        "Conseillère",
        "conseillère, France Active (autre structure du réseau)",
        [("France Active Nouvelle-Aquitaine (démo)", MemberRole.COUNSELLOR, True)],
        [],
    ),
    (
        "animatrice.cae",
        "Sophie",
        "Animatrice",
        "animatrice d'ateliers, CAE du Poitou",
        [("Coopérative d'activité et d'emploi du Poitou (démo)", MemberRole.HOST, True)],
        [],
    ),
    (
        "financeur",
        "Marc",
        "Financeur",
        "financeur : chiffres agrégés de Gare à idées seulement",
        [],
        [("gare-a-idees-grand-poitiers", NetworkRoleKind.FUNDER)],
    ),
    (
        "coordination.bearn",
        "Jean",
        "Coordination",
        "coordination du réseau Repérer et réparer",
        [],
        [("reperer-et-reparer-ouest-bearn", NetworkRoleKind.COORDINATOR)],
    ),
    (
        "facilitatrice.plie",
        "Amaia",
        "Facilitatrice",
        "facilitatrice de parcours, PLIE Ouest Béarn",
        [("PLIE Ouest Béarn (démo)", MemberRole.FACILITATOR, True)],
        [],
    ),
    (
        "conseiller.bearn",
        "Paul",
        "Conseiller",
        "conseiller, Mission locale du Béarn (hors Poitiers)",
        [("Mission locale du Béarn (démo)", MemberRole.COUNSELLOR, True)],
        [],
    ),
    (
        "conseillere.logement",
        "Inès",
        "Conseillère",
        "conseillère, Point info logement Béarn (reçoit des orientations)",
        [("Point info logement Béarn (démo)", MemberRole.COUNSELLOR, True)],
        [],
    ),
    (
        "garage.solidaire",
        "Luc",
        "Garagiste",
        "encadrant, Garage solidaire de Pau (reçoit des orientations)",
        [("Garage solidaire de Pau (démo)", MemberRole.COUNSELLOR, True)],
        [],
    ),
    (
        "capteur.bar",
        "Michel",
        "Capteur",
        "capteur, bar-tabac à Mourenx (connexion par lien)",
        [("Bar-tabac Le Central, Mourenx (démo)", MemberRole.CAPTEUR, False)],
        [],
    ),
]

DIRECTORY_SOURCE = "maillage-demo"
# Maillage's own fields on the demo services (data·inclusion has no place for them).
DIRECTORY_EXTENSIONS = {
    "ml-poitou-accompagnement": {
        "min_age": 16,
        "max_age": 25,
        "accepts_referrals": True,
        "excludes_supported_elsewhere": True,
    },
    "ml-bearn-garantie-jeunes": {
        "min_age": 16,
        "max_age": 25,
        "accepts_referrals": True,
        "excludes_supported_elsewhere": True,
        "places_left": 4,
    },
    "connexion-des-possibles": {"accepts_referrals": True, "places_left": 3, "french_level": "B1"},
    "plie-parcours": {
        "accepts_referrals": True,
        "excludes_supported_elsewhere": True,
        "min_age": 26,
    },
    "permis-solidaire": {"accepts_referrals": True, "min_age": 17},
    "location-vehicule-emploi": {
        "accepts_referrals": True,
        "referral_contact": "garage.solidaire@demo.maillage.test",
    },
    "impayes-loyer": {
        "accepts_referrals": True,
        "referral_contact": "conseillere.logement@demo.maillage.test",
    },
    "francais-debutants": {"accepts_referrals": True},
    "e2c-martigues": {"min_age": 16, "max_age": 25, "french_level": "A2"},
    "cidff-emploi-femmes": {"accepts_referrals": True},
    "hebergement-urgence-pau": {"confidential_address": True, "accepts_referrals": True},
    "garde-urgence-emploi": {"accepts_referrals": True, "france_travail": "required"},
}
# Directory structures kept by the demo partner organisations.
DIRECTORY_OWNERS = {
    "ml-poitou": "Mission locale du Poitou (démo)",
    "cae-poitou": "Coopérative d'activité et d'emploi du Poitou (démo)",
    "france-active-na": "France Active Nouvelle-Aquitaine (démo)",
    "cress-na": "CRESS Nouvelle-Aquitaine (démo)",
    "plie-ouest-bearn": "PLIE Ouest Béarn (démo)",
    "ml-bearn": "Mission locale du Béarn (démo)",
    "adil-64": "Point info logement Béarn (démo)",
    "garage-solidaire-pau": "Garage solidaire de Pau (démo)",
}
