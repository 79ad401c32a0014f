"""Every URL × every persona × the status they get. A URL added without an entry here fails.

Statuses: 200 shown; 302 redirected (anonymous → sign-in, or a completed action); 400 a bad
link; 403 visible but forbidden; 404 hidden; 405 method not allowed (actions take POST only).
"""

import pytest
from django.urls import get_resolver

from tests.accounts.matrix import intake as matrix_intake
from tests.accounts.matrix import outreach as matrix_outreach
from tests.accounts.matrix import referrals as matrix_referrals
from tests.accounts.matrix.common import ALL, POST_ONLY, SIGNED_IN, row
from tests.personas import PERSONAS


def a_service():
    from maillage.directory.models import Service, Structure

    structure = Structure.objects.create(source="tests", di_id="s1", nom="Structure")
    from maillage.directory.indexing import refresh

    service = Service.objects.create(
        source="tests", di_id="v1", structure=structure, nom="Service", description="Un service"
    )
    refresh([service.pk])
    service.refresh_from_db()
    return service


def owned_structure(w):
    from maillage.directory.models import Structure

    return Structure.objects.get_or_create(
        source="tests", di_id="owned", defaults={"nom": "Fiche", "organisation": w.organisation}
    )[0]


def owned_service(w):
    from maillage.directory.models import Service

    return Service.objects.get_or_create(
        source="tests",
        di_id="owned-service",
        defaults={"structure": owned_structure(w), "nom": "Service", "description": "x"},
    )[0]


EDITORS = row(
    coordinator=404,
    org_admin=200,
    counsellor=200,
    other_org_counsellor=404,
    outsider=404,
    funder=404,
    capteur=404,
)
ORGANISATION_VIEWERS = row(
    coordinator=200,
    org_admin=200,
    counsellor=200,
    other_org_counsellor=404,
    outsider=404,
    funder=404,
    capteur=404,
)
NETWORK_VIEWERS = row(
    coordinator=200,
    org_admin=200,
    counsellor=200,
    other_org_counsellor=200,
    outsider=404,
    funder=200,
    capteur=200,
)
NETWORK_ADMIN = row(
    coordinator=200,
    org_admin=403,
    counsellor=403,
    other_org_counsellor=403,
    outsider=404,
    funder=403,
    capteur=403,
)

# route -> (how to build the URL from the world, expected GET status per persona)
GET_MATRIX = {
    "": (lambda w: "/", ALL),
    "healthz": (lambda w: "/healthz", ALL),
    "favicon.ico": (lambda w: "/favicon.ico", dict.fromkeys(PERSONAS, 302)),
    "sources/": (lambda w: "/sources/", ALL),
    "territoires/communes/": (lambda w: "/territoires/communes/?q=pau", ALL),
    "territoires/communes/suggestions/": (
        lambda w: "/territoires/communes/suggestions/?q=pau",
        ALL,
    ),
    "territoires/communes/<insee:code>/": (lambda w: "/territoires/communes/64445/", ALL),
    "territoires/distance/": (lambda w: "/territoires/distance/", ALL),
    "referentiels/metiers/": (lambda w: "/referentiels/metiers/", ALL),
    "referentiels/metiers/suggestions/": (
        lambda w: "/referentiels/metiers/suggestions/?q=cariste",
        ALL,
    ),
    "referentiels/thematiques/": (lambda w: "/referentiels/thematiques/", ALL),
    "services/": (lambda w: "/services/?commune=Pau&q=emploi", ALL),
    "services/compteurs/": (lambda w: "/services/compteurs/?commune=Pau&frais=gratuit", ALL),
    "services/<int:pk>/": (lambda w: f"/services/{a_service().pk}/", ALL),
    "services/gerer/": (lambda w: "/services/gerer/", SIGNED_IN),
    "services/gerer/structures/nouvelle/": (
        lambda w: f"/services/gerer/structures/nouvelle/?organisation={w.organisation.pk}",
        row(
            coordinator=403,
            org_admin=200,
            counsellor=200,
            other_org_counsellor=403,
            outsider=403,
            funder=403,
            capteur=403,
        ),
    ),
    "services/gerer/structures/<int:pk>/": (
        lambda w: f"/services/gerer/structures/{owned_structure(w).pk}/",
        EDITORS,
    ),
    "services/gerer/structures/<int:structure_pk>/nouveau-service/": (
        lambda w: f"/services/gerer/structures/{owned_structure(w).pk}/nouveau-service/",
        EDITORS,
    ),
    "services/<int:pk>/modifier/": (
        lambda w: f"/services/{owned_service(w).pk}/modifier/",
        EDITORS,
    ),
    "services/<int:pk>/verifie/": (
        lambda w: f"/services/{owned_service(w).pk}/verifie/",
        POST_ONLY,
    ),
    "services/reseaux/<slug:slug>/a-verifier/": (
        lambda w: "/services/reseaux/reseau-a/a-verifier/",
        NETWORK_ADMIN,
    ),
    # The API's reads are public (rate-limited per address).
    "api/v1/": (lambda w: "/api/v1/", dict.fromkeys(PERSONAS, 404)),
    "api/v1/docs": (lambda w: "/api/v1/docs", ALL),
    "api/v1/openapi.json": (lambda w: "/api/v1/openapi.json", ALL),
    "api/v1/services/search": (lambda w: "/api/v1/services/search?commune=64445", ALL),
    "api/v1/dataincl/services": (lambda w: "/api/v1/dataincl/services", ALL),
    "api/v1/dataincl/structures": (lambda w: "/api/v1/dataincl/structures", ALL),
    "hsds/": (lambda w: "/hsds/", ALL),
    "hsds/docs": (lambda w: "/hsds/docs", ALL),
    "hsds/openapi.json": (lambda w: "/hsds/openapi.json", ALL),
    "hsds/services": (lambda w: "/hsds/services", ALL),
    "hsds/services/<service_id>": (
        lambda w: f"/hsds/services/{a_service().hsds_id}",
        dict.fromkeys(PERSONAS, 200),
    ),
    # Signed-in people are sent on from the sign-in page.
    "connexion/": (lambda w: "/connexion/", {**dict.fromkeys(PERSONAS, 302), "anonymous": 200}),
    "connexion/lien/": (lambda w: "/connexion/lien/", ALL),
    # ProConnect is off unless configured (tests/accounts/test_proconnect.py turns it on).
    "connexion/proconnect/": (lambda w: "/connexion/proconnect/", dict.fromkeys(PERSONAS, 404)),
    "connexion/proconnect/retour/": (
        lambda w: "/connexion/proconnect/retour/",
        dict.fromkeys(PERSONAS, 404),
    ),
    "connexion/lien/<uidb64>/<token>/": (
        lambda w: "/connexion/lien/MQ/abc-def/",
        dict.fromkeys(PERSONAS, 400),
    ),
    "mot-de-passe-oublie/": (lambda w: "/mot-de-passe-oublie/", ALL),
    "mot-de-passe-oublie/envoye/": (lambda w: "/mot-de-passe-oublie/envoye/", ALL),
    "mot-de-passe-oublie/<uidb64>/<token>/": (lambda w: "/mot-de-passe-oublie/MQ/abc-def/", ALL),
    "mot-de-passe-oublie/termine/": (lambda w: "/mot-de-passe-oublie/termine/", ALL),
    "invitation/<str:token>/": (lambda w: "/invitation/inconnue/", dict.fromkeys(PERSONAS, 400)),
    "deconnexion/": (lambda w: "/deconnexion/", POST_ONLY),
    # Already past the second factor, or without one: sent on.
    "connexion/verification/": (
        lambda w: "/connexion/verification/",
        {**dict.fromkeys(PERSONAS, 302)},
    ),
    "compte/": (lambda w: "/compte/", SIGNED_IN),
    "compte/mot-de-passe/": (lambda w: "/compte/mot-de-passe/", SIGNED_IN),
    "compte/double-authentification/": (lambda w: "/compte/double-authentification/", SIGNED_IN),
    "compte/codes-de-secours/": (lambda w: "/compte/codes-de-secours/", POST_ONLY),
    "structures/": (lambda w: "/structures/", SIGNED_IN),
    "structures/<int:pk>/": (lambda w: f"/structures/{w.organisation.pk}/", ORGANISATION_VIEWERS),
    "structures/<int:pk>/modifier/": (
        lambda w: f"/structures/{w.organisation.pk}/modifier/",
        row(
            coordinator=403,
            org_admin=200,
            counsellor=403,
            other_org_counsellor=404,
            outsider=404,
            funder=404,
            capteur=404,
        ),
    ),
    "structures/<int:pk>/inviter/": (
        lambda w: f"/structures/{w.organisation.pk}/inviter/",
        POST_ONLY,
    ),
    "structures/<int:pk>/jetons/": (
        lambda w: f"/structures/{w.organisation.pk}/jetons/",
        POST_ONLY,
    ),
    "structures/<int:pk>/jetons/<int:token_pk>/revoquer/": (
        lambda w: f"/structures/{w.organisation.pk}/jetons/1/revoquer/",
        POST_ONLY,
    ),
    "api/v1/structures/<structure_pk>/services/<service_id>": (
        lambda w: "/api/v1/structures/1/services/x",
        dict.fromkeys(PERSONAS, 405),
    ),
    "structures/<int:pk>/rejoindre/": (
        lambda w: f"/structures/{w.organisation.pk}/rejoindre/",
        POST_ONLY,
    ),
    "structures/<int:pk>/membres/<int:membership_pk>/": (
        lambda w: f"/structures/{w.organisation.pk}/membres/1/",
        POST_ONLY,
    ),
    "structures/<int:pk>/invitations/<int:invitation_pk>/annuler/": (
        lambda w: f"/structures/{w.organisation.pk}/invitations/1/annuler/",
        POST_ONLY,
    ),
    "structures/<int:pk>/demandes/<int:request_pk>/": (
        lambda w: f"/structures/{w.organisation.pk}/demandes/1/",
        POST_ONLY,
    ),
    "reseaux/": (lambda w: "/reseaux/", SIGNED_IN),
    "reseaux/<slug:slug>/": (lambda w: "/reseaux/reseau-a/", NETWORK_VIEWERS),
    "reseaux/<slug:slug>/inviter-structure/": (
        lambda w: "/reseaux/reseau-a/inviter-structure/",
        POST_ONLY,
    ),
    "reseaux/<slug:slug>/inviter-role/": (lambda w: "/reseaux/reseau-a/inviter-role/", POST_ONLY),
    "reseaux/<slug:slug>/structures/<int:organisation_pk>/retirer/": (
        lambda w: f"/reseaux/reseau-a/structures/{w.other_organisation.pk}/retirer/",
        POST_ONLY,
    ),
    "reseaux/<slug:slug>/roles/<int:role_pk>/retirer/": (
        lambda w: "/reseaux/reseau-a/roles/1/retirer/",
        POST_ONLY,
    ),
    "reseaux/<slug:slug>/journal/": (lambda w: "/reseaux/reseau-a/journal/", NETWORK_ADMIN),
    "reseaux/<slug:slug>/modifier/": (lambda w: "/reseaux/reseau-a/modifier/", NETWORK_ADMIN),
}

MEMBER_ADMIN = row(
    coordinator=403,
    org_admin=302,
    counsellor=403,
    other_org_counsellor=404,
    outsider=404,
    funder=404,
    capteur=404,
)
NETWORK_ACTION = row(
    coordinator=302,
    org_admin=403,
    counsellor=403,
    other_org_counsellor=403,
    outsider=404,
    funder=403,
    capteur=403,
)

# Actions: (URL, data, expected status per persona). Each runs on a fresh world.
POST_MATRIX = {
    "invite a member": (
        lambda w: f"/structures/{w.organisation.pk}/inviter/",
        {"email": "nouvelle@ml.test", "role": "counsellor"},
        MEMBER_ADMIN,
    ),
    "change a member's role": (
        lambda w: (
            f"/structures/{w.organisation.pk}/membres/{w.users['counsellor'].memberships.get().pk}/"
        ),
        {"action": "update", "role": "facilitator"},
        MEMBER_ADMIN,
    ),
    "create an API token": (
        lambda w: f"/structures/{w.organisation.pk}/jetons/",
        {"name": "Logiciel"},
        {**MEMBER_ADMIN, "org_admin": 200},
    ),
    "edit the organisation": (
        lambda w: f"/structures/{w.organisation.pk}/modifier/",
        {"name": "Mission locale renommée", "kind": "mission_locale"},
        MEMBER_ADMIN,
    ),
    "reset a member's second factor": (
        lambda w: (
            f"/structures/{w.organisation.pk}/membres/{w.users['counsellor'].memberships.get().pk}/"
        ),
        {"action": "reset_2fa"},
        MEMBER_ADMIN,
    ),
    "invite an organisation into the network": (
        lambda w: "/reseaux/reseau-a/inviter-structure/",
        {"email": "autre@structure.test"},
        NETWORK_ACTION,
    ),
    "edit the network": (
        lambda w: "/reseaux/reseau-a/modifier/",
        {"name": "Réseau A", "departements": "64"},
        NETWORK_ACTION,
    ),
    "invite a funder": (
        lambda w: "/reseaux/reseau-a/inviter-role/",
        {"email": "f@region.test", "role": "funder"},
        NETWORK_ACTION,
    ),
    "remove an organisation from the network": (
        lambda w: f"/reseaux/reseau-a/structures/{w.other_organisation.pk}/retirer/",
        {},
        NETWORK_ACTION,
    ),
}


# Each domain keeps its rows in its own module (tests/accounts/matrix/).
for part in (matrix_outreach, matrix_intake, matrix_referrals):
    GET_MATRIX.update(part.GET_MATRIX)
    POST_MATRIX.update(part.POST_MATRIX)


def routes():
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                if str(pattern.pattern) == "admin/":
                    continue  # Django's own admin: superusers only, behind its own checks
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    return set(walk(get_resolver().url_patterns))


def test_every_url_has_an_entry_in_the_matrix():
    missing = routes() - GET_MATRIX.keys()
    assert not missing, f"Ajoutez ces URL à la matrice des permissions : {sorted(missing)}"
    assert not GET_MATRIX.keys() - routes(), "La matrice cite des URL qui n'existent plus."


@pytest.mark.parametrize("route", sorted(GET_MATRIX))
def test_get(route, world):
    build, expected = GET_MATRIX[route]
    url = build(world)
    got = {persona: world.client(persona).get(url).status_code for persona in PERSONAS}
    assert got == expected, url


@pytest.mark.parametrize("action", sorted(POST_MATRIX))
@pytest.mark.parametrize("persona", PERSONAS)
def test_post(action, persona, world):
    build, data, expected = POST_MATRIX[action]
    assert world.client(persona).post(build(world), data).status_code == expected[persona]
