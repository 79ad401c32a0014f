"""The commune finder, the commune page and the distance tool, with and without htmx."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.territories.models import Commune, Qpv

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_finder_lists_matching_communes_with_their_postcodes(client):
    html = client.get("/territoires/communes/", {"q": "mourenx"}).content.decode()
    assert '<a href="/territoires/communes/64410/">Mourenx</a>' in html
    assert "64150 — Pyrénées-Atlantiques (64)" in html
    assert 'value="mourenx"' in html  # the search stays in the box (and in the URL)


def test_the_finder_answers_htmx_with_the_results_only(client):
    # Queries: matching name terms, ranked (1); those communes with their département (1);
    # their postcodes (1).
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/territoires/communes/", {"q": "pau"}, **HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert '<a href="/territoires/communes/64445/">Pau</a>' in html
    assert len(queries) == 3


def test_the_finder_says_when_nothing_matches(client):
    html = client.get("/territoires/communes/", {"q": "zzzz"}).content.decode()
    assert "Aucune commune ne correspond à « zzzz »" in html


def test_autocomplete_suggestions_are_datalist_options(client):
    html = client.get("/territoires/communes/suggestions/", {"origin": "poitiers"}).content.decode()
    assert html.startswith('<option value="Poitiers (86000)">Vienne</option>')
    assert client.get("/territoires/communes/suggestions/").content.strip() == b""


def test_the_commune_page_gives_epci_departement_region_frr_qpv_and_neighbours(client):
    Commune.objects.filter(code="64445").update(frr="non_classee")
    Qpv.objects.create(code="QN06401M", name="Saragosse").communes.add("64445")
    html = client.get("/territoires/communes/64445/").content.decode()
    assert "<h1>Pau" in html
    assert "CA Pau Béarn Pyrénées — Communauté d&#x27;agglomération" in html
    assert "Pyrénées-Atlantiques (64)" in html and "Nouvelle-Aquitaine" in html
    assert "Non classée" in html
    assert "Saragosse (QN06401M)" in html
    assert ">Lons</a>" in html  # a neighbour within 10 km


def test_the_distance_tool_works_with_plain_form_submission(client):
    response = client.get("/territoires/distance/", {"origin": "Mourenx", "destination": "Pau"})
    html = response.content.decode()
    assert "De Mourenx à Pau : <strong>22,4 km</strong>" in html


def test_the_distance_tool_accepts_the_autocomplete_labels(client):
    response = client.get(
        "/territoires/distance/", {"origin": "Poitiers (86000)", "destination": "Talence (33400)"}
    )
    assert "De Poitiers à Talence" in response.content.decode()


def test_an_ambiguous_or_unknown_commune_is_an_error_at_its_field(client):
    response = client.get(
        "/territoires/distance/", {"origin": "Saint-Pierre", "destination": "xyz"}
    )
    html = response.content.decode()
    assert '<div class="error" id="id_origin_error"><p>Plusieurs communes correspondent' in html
    assert "ajoutez le code postal, par exemple « Saint-Pierre (97410) »" in html
    # The namesakes are offered in the field's list, with no JavaScript needed.
    assert '<option value="Saint-Pierre (67140)">Bas-Rhin</option>' in html
    assert '<div class="error" id="id_destination_error"><p>Aucune commune ne correspond' in html
    assert 'aria-invalid="true"' in html
    assert "km</strong>" not in html


def test_a_commune_without_a_known_position_gets_a_clear_message(client):
    html = client.get("/territoires/distance/", {"origin": "15031", "destination": "Pau"}).content
    assert "La position de l&#x27;une de ces communes n&#x27;est pas connue." in html.decode()
