import json
from pathlib import Path

import jsonschema
import pytest
from data_inclusion.schema import v1
from django.conf import settings

from maillage.directory.models import Service

pytestmark = pytest.mark.django_db


def test_search_takes_the_page_parameters_and_returns_source_id_distance_score(
    client, demo_directory
):
    response = client.get(
        "/api/v1/services/search",
        {"commune": "64410", "thematiques": ["trouver-un-emploi"], "q": "emploi"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["total"] >= 1
    first = body["items"][0]
    assert set(first) >= {"source", "id", "nom", "structure", "distance_km", "score"}
    assert first["source"] == "maillage-demo"


@pytest.mark.parametrize(
    "params, message",
    [
        ({"commune": "zz"}, "commune"),
        ({"commune": "99999"}, "Commune inconnue"),
        ({"radius_km": "abc"}, "radius_km"),
        ({"page": "0"}, "page"),
    ],
)
def test_malformed_parameters_are_a_clear_400(client, params, message):
    response = client.get("/api/v1/services/search", params)
    assert response.status_code == 400
    assert message in json.dumps(response.json(), ensure_ascii=False)


def test_openapi_is_3_1_and_docs_are_served_by_us(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    assert "/api/v1/services/search" in spec["paths"]
    docs = client.get("/api/v1/docs").content.decode()
    assert "cdn." not in docs and "/static/ninja/swagger-ui" in docs


def test_data_inclusion_export_is_paginated_and_valid(client, demo_directory):
    body = client.get("/api/v1/dataincl/services", {"size": 10, "page": 2}).json()
    assert (body["total"], body["page"], body["size"], len(body["items"])) == (25, 2, 10, 10)
    for item in client.get("/api/v1/dataincl/services", {"size": 100}).json()["items"]:
        v1.Service.model_validate(item)
    for item in client.get("/api/v1/dataincl/structures", {"size": 100}).json()["items"]:
        v1.Structure.model_validate(item)


def test_the_export_leaves_out_a_shelter_address(client, demo_directory):
    items = client.get("/api/v1/dataincl/services", {"size": 100}).json()["items"]
    shelter = next(i for i in items if i["id"] == "hebergement-urgence-pau")
    assert shelter["adresse"] is None and shelter["latitude"] is None


@pytest.fixture
def hsds_schema(shared_data):
    folder = Path(settings.SHARED_DATA_DIR) / "hsds-3.0" / "compiled"
    return {
        name: json.loads((folder / f"{name}.json").read_text())
        for name in ("service", "service_list")
    }


def test_hsds_responses_validate_against_the_official_schemas(client, demo_directory, hsds_schema):
    checker = jsonschema.FormatChecker()
    page = client.get("/hsds/services", {"per_page": 100}).json()
    assert page["total_items"] == 25 and page["first_page"] and page["last_page"]
    for item in page["contents"]:
        jsonschema.validate(item, hsds_schema["service_list"], format_checker=checker)
    one = client.get(f"/hsds/services/{page['contents'][0]['id']}")
    assert one.status_code == 200
    jsonschema.validate(one.json(), hsds_schema["service"], format_checker=checker)
    assert client.get("/hsds/services/00000000-0000-0000-0000-000000000000").status_code == 404
    assert client.get("/hsds/").json()["version"] == "3.0"


def test_hsds_ids_are_stable(demo_directory, client):
    first = client.get("/hsds/services", {"per_page": 100}).json()["contents"]
    Service.objects.filter(di_id="permis-solidaire").update(nom="Permis B solidaire")
    again = client.get("/hsds/services", {"per_page": 100}).json()["contents"]
    assert [i["id"] for i in first] == [i["id"] for i in again]


def test_an_organisation_writes_its_own_services_with_its_token(client, world):
    from maillage.directory.models import Structure

    admin = world.client("org_admin")
    html = admin.post(
        f"/structures/{world.organisation.pk}/jetons/", {"name": "Logiciel"}
    ).content.decode()
    secret = html.split("<code>mlg_")[1].split("</code>")[0]
    own = Structure.objects.create(
        source="maillage", di_id="ml", nom="ML", organisation=world.organisation
    )
    other = Structure.objects.create(
        source="maillage", di_id="asso", nom="Asso", organisation=world.other_organisation
    )
    body = {
        "nom": "Atelier CV",
        "description": "Faire son CV.",
        "date_maj": "2026-11-20",
        "thematiques": ["preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation"],
    }
    auth = {"HTTP_AUTHORIZATION": f"Bearer mlg_{secret}"}
    url = f"/api/v1/structures/{own.pk}/services/atelier-cv"
    response = client.put(url, body, content_type="application/json", **auth)
    assert response.status_code == 200, response.content
    assert Service.objects.get(di_id="atelier-cv").structure == own
    # Not someone else's structure, not without a token, not with bad data.
    assert (
        client.put(
            f"/api/v1/structures/{other.pk}/services/x",
            body,
            content_type="application/json",
            **auth,
        ).status_code
        == 404
    )
    assert client.put(url, body, content_type="application/json").status_code == 401
    bad = client.put(
        url, {**body, "thematiques": ["cuisine"]}, content_type="application/json", **auth
    )
    assert bad.status_code == 400 and "valeur inconnue" in bad.json()["detail"]
    # A revoked token is refused.
    from maillage.accounts.models import ApiToken

    token = ApiToken.objects.get()
    admin.post(f"/structures/{world.organisation.pk}/jetons/{token.pk}/revoquer/")
    assert client.put(url, body, content_type="application/json", **auth).status_code == 401
