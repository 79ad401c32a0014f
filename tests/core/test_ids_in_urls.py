"""Identifiers typed or crafted in URLs and forms: never a 500."""

import pytest

from maillage.core.text import parse_id


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), (" 7 ", 7), ("", None), ("²", None), ("-1", None), ("0", None), ("9" * 30, None)],
)
def test_parse_id(value, expected):
    assert parse_id(value) == expected


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("facilitator", "/personnes/nouvelle/?lead=²"),
        ("facilitator", "/reseaux/reseau-a/signalements/nouveau/?action=²"),
        ("counsellor", "/personnes/?q=1/1/99999999999999999999"),
        ("counsellor", "/orientations/nouvelle/?person=99999999999999999999"),
    ],
)
def test_odd_identifiers_in_urls_are_not_errors(world, persona, url):
    assert world.client(persona).get(url).status_code in (200, 404)


def test_a_huge_service_id_in_the_send_form_is_a_400(world):
    from maillage.intake.models import Person

    person = Person.objects.create(
        network=world.network,
        organisation=world.organisation,
        first_name="A",
        last_name="B",
        commune_id="64410",
    )
    response = world.client("counsellor").post(
        f"/orientations/nouvelle/?person={person.pk}&service=99999999999999999999",
        {"services": ["99999999999999999999"], "message": "x", "notify_person": ""},
    )
    assert response.status_code in (200, 400)
    assert "Ce service n&#x27;existe pas." in response.content.decode()
