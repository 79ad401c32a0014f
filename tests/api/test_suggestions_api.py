"""POST /api/v1/suggestions: the engine's answer for criteria, in the issue's shape."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.intake.small_directory import EXAMPLE, build

pytestmark = pytest.mark.django_db
URL = "/api/v1/suggestions"


@pytest.fixture
def directory():
    return build()


def post(client, body):
    return client.post(URL, body, content_type="application/json")


def test_the_issue_example_answers_results_with_reasons_and_ineligible_with_rules(
    client, directory
):
    with CaptureQueriesContext(connection) as queries:
        response = post(client, {**EXAMPLE, "text": "texte libre, facultatif"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"results", "ineligible"}
    first = body["results"][0]
    assert first == {
        "service_id": directory["impayes-mourenx"].pk,
        "source": "tests",
        "name": "impayes-mourenx",
        "structure": "Structure de Mourenx",
        "score": 15.0,
        "distance_km": 0.0,
        "reasons": [
            "Couvre Mourenx (zone : Mourenx)",
            "Répond au besoin : Réduire les impayés de loyer",
            "Ouvert à tous les publics",
            "À 0,0 km",
        ],
    }
    assert [r["name"] for r in body["results"]] == [
        "impayes-mourenx",
        "emploi-64",
        "ancien",
        "national",
        "permis-orthez",
    ]
    assert body["ineligible"][0] == {
        "service_id": directory["jeunes"].pk,
        "name": "jeunes",
        "rules": ["Âge : réservé aux 16–25 ans"],
    }
    # The rate limit, on a first request: savepoint, update returning the count (no row yet),
    # savepoint, insert, release, delete of past windows, release (7). Then the engine: the
    # commune with its département and EPCI; the candidates with the zone code that covers the
    # commune; the services kept with their structures (3).
    assert len(queries) == 10, "\n".join(q["sql"][:150] for q in queries)


def test_the_commune_may_be_a_postcode_served_by_one_commune(client, directory):
    body = post(client, {**EXAMPLE, "commune": "64000"}).json()  # Pau
    assert body["results"][0]["reasons"][0] == "Couvre Pau (zone : Pyrénées-Atlantiques)"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"commune": "99999"}, "Commune inconnue : « 99999 »"),
        (
            {"thematiques": ["trouver-un-emploi", "jardinage"]},
            "Thématique inconnue : « jardinage »",
        ),
        ({"publics": ["inconnu"]}, "Public inconnu : « inconnu »"),
        ({"barriers": ["meteo"]}, "Frein inconnu : « meteo »"),
        ({"age": "cinquante"}, "age : nombre entier attendu"),
        ({"french_level": "D4"}, "french_level : valeur non permise"),
        ({"limit": 500}, "limit"),
        ({"radius_km": -3}, "radius_km"),
        ({"colour": "bleu"}, "colour : champ inconnu"),
        ({"commune": None}, "commune : texte attendu"),
    ],
)
def test_bad_criteria_are_a_400_that_names_the_bad_value_in_french(client, changes, message):
    response = post(client, {**EXAMPLE, **changes})
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_a_missing_commune_is_a_400(client):
    response = post(client, {"thematiques": ["trouver-un-emploi"]})
    assert response.status_code == 400
    assert "commune : champ obligatoire manquant" in response.json()["detail"]


def test_the_endpoint_is_in_the_openapi_description_with_its_request_schema(client):
    spec = client.get("/api/v1/openapi.json").json()
    operation = spec["paths"]["/api/v1/suggestions"]["post"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert {"commune", "thematiques", "barriers", "limit"} <= set(schema["properties"])
    assert operation["summary"] == "Proposer des services pour une situation"


def test_a_shelters_distance_is_not_given_to_the_public(client, directory):
    shelter = directory["impayes-mourenx"]
    type(shelter).objects.filter(pk=shelter.pk).update(confidential_address=True)
    first = post(client, EXAMPLE).json()["results"][0]
    assert first["service_id"] == shelter.pk
    assert first["distance_km"] is None
    assert not any(reason.startswith("À ") for reason in first["reasons"])
