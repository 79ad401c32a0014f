"""Permission-matrix rows of the intake package's URLs (see tests/accounts/test_permission_matrix.py)."""

from tests.accounts.matrix.common import POST_ONLY, row
from tests.personas import PERSONAS

# Professionals who follow people (not coordinators, funders or capteurs).
PROFESSIONALS = row(
    coordinator=404,
    org_admin=200,
    counsellor=200,
    other_org_counsellor=200,
    outsider=200,
    funder=404,
    capteur=404,
)
# A file held by the Mission locale: its professionals only.
HOLDERS = row(
    coordinator=404,
    org_admin=200,
    counsellor=200,
    other_org_counsellor=404,
    outsider=404,
    funder=404,
    capteur=404,
)


def person(w):
    from maillage.intake.models import Person

    found = Person.objects.filter(network=w.network, last_name="Martin").first()
    return found or Person.objects.create(
        network=w.network,
        organisation=w.organisation,
        first_name="Alain",
        last_name="Martin",
        commune_id="64410",
    )


def consent(w):
    from maillage.intake.models import Consent

    return Consent.objects.get_or_create(
        person=person(w), defaults={"purposes": ["follow_up"], "given_to": w.organisation}
    )[0]


GET_MATRIX: dict = {
    "personnes/": (lambda w: "/personnes/", PROFESSIONALS),
    "personnes/nouvelle/": (lambda w: "/personnes/nouvelle/", PROFESSIONALS),
    "personnes/<int:pk>/": (lambda w: f"/personnes/{person(w).pk}/", HOLDERS),
    "personnes/<int:pk>/modifier/": (lambda w: f"/personnes/{person(w).pk}/modifier/", HOLDERS),
    "personnes/<int:pk>/consentement/": (
        lambda w: f"/personnes/{person(w).pk}/consentement/",
        HOLDERS,
    ),
    "personnes/<int:pk>/consentement/<int:consent_pk>/retirer/": (
        lambda w: f"/personnes/{person(w).pk}/consentement/{consent(w).pk}/retirer/",
        POST_ONLY,
    ),
    "personnes/<int:pk>/diagnostic/": (
        lambda w: f"/personnes/{person(w).pk}/diagnostic/",
        HOLDERS,
    ),
    "personnes/<int:pk>/rendez-vous/": (
        lambda w: f"/personnes/{person(w).pk}/rendez-vous/",
        POST_ONLY,
    ),
    "personnes/<int:pk>/suggestions/": (
        lambda w: f"/personnes/{person(w).pk}/suggestions/",
        HOLDERS,
    ),
    # Criteria only, no personal data: public like the other reads; it answers POST only.
    "api/v1/suggestions": (lambda w: "/api/v1/suggestions", dict.fromkeys(PERSONAS, 405)),
}

POST_MATRIX: dict = {
    "withdraw a consent": (
        lambda w: f"/personnes/{person(w).pk}/consentement/{consent(w).pk}/retirer/",
        {},
        {**HOLDERS, "org_admin": 302, "counsellor": 302, "facilitator": 302},
    ),
    "log a meeting": (
        lambda w: f"/personnes/{person(w).pk}/rendez-vous/",
        {"kind": "follow_up", "held_at": "2026-11-20T10:00", "summary": "Point"},
        {**HOLDERS, "org_admin": 302, "counsellor": 302, "facilitator": 302},
    ),
}
