import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.directory.models import Service
from maillage.directory.search import SearchParams, search
from maillage.territories.models import Commune
from tests.personas import sign_in_verified

pytestmark = pytest.mark.django_db


def test_the_search_page_works_with_a_plain_form(client, demo_directory):
    html = client.get(
        "/services/", {"commune": "Mourenx", "q": "", "publics": "jeunes"}
    ).content.decode()
    assert "services ouverts aux habitants de Mourenx" in html
    assert "Contrat d&#x27;engagement jeune" in html
    assert 'value="jeunes" id="pu-jeunes" checked' in html  # the filter stays in the form (and URL)


def test_the_count_agrees_in_number(client, demo_directory):
    def count(**params):
        html = client.get("/services/", {"commune": "Pau", **params}).content.decode()
        return html.split('<p class="count">')[1].split(".")[0].strip()

    assert count(q="voiture") == "1 service ouvert aux habitants de Pau pour « voiture »"
    assert count(q="introuvablissime") == (
        "Aucun service ouvert aux habitants de Pau pour « introuvablissime »"
    )
    assert re.fullmatch(r"[2-9]\d* services ouverts aux habitants de Pau", count(q=""))


def test_htmx_gets_the_results_only_with_a_bounded_number_of_queries(client, demo_directory):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            "/services/", {"commune": "Mourenx", "q": "emploi"}, HTTP_HX_REQUEST="true"
        )
    assert b"<html" not in response.content
    # Queries: the commune by name and its postcodes (2), a page of services with their
    # structures (1); on PostgreSQL the total, every facet and the page's ids from the search
    # tokens (1); on SQLite count (1) and facets: value rows (1), thématiques by catégorie (1),
    # type and frais (1).
    expected = 4 if connection.vendor == "postgresql" else 7
    assert len(queries) == expected, [q["sql"][:80] for q in queries]


def test_malformed_parameters_never_break_the_page(client, demo_directory):
    for params in [
        {"rayon": "abc"},
        {"page": "-3"},
        {"thematiques": "n'importe"},
        {"commune": "x" * 500},
    ]:
        assert client.get("/services/", params).status_code == 200


def test_the_map_view_lists_the_same_services_and_loads_only_our_assets(client, demo_directory):
    html = client.get("/services/", {"commune": "Pau", "vue": "carte"}).content.decode()
    assert 'id="carte"' in html and '<script id="map-data" type="application/json">' in html
    assert "/static/vendor/leaflet/leaflet" in html and "Hébergement" in html
    assert "https://" not in html.split("<main")[1].split("</main>")[0].replace("https://docs", "")


def test_a_service_page_says_what_for_whom_where_when_how_and_who(client, demo_directory):
    service = Service.objects.get(di_id="ml-bearn-garantie-jeunes")
    html = client.get(f"/services/{service.pk}/").content.decode()
    for heading in (
        "De quoi s'agit-il ?",
        "Pour qui ?",
        "Où et quand ?",
        "Comment en bénéficier ?",
        "Contact",
    ):
        assert heading in html
    assert "Âge : à partir de 16 ans, jusqu'à 25 ans." in html
    assert "Du lundi au vendredi : de 9 h à 12 h et de 14 h à 17 h" in html
    Service.objects.filter(pk=service.pk).update(mobilisable_par=["professionnels"])
    html = client.get(f"/services/{service.pk}/").content.decode()
    assert "Qui peut le demander : un professionnel qui accompagne la personne" in html


def test_a_shelter_address_is_shown_to_partners_only(client, world, demo_directory):
    shelter = Service.objects.get(di_id="hebergement-urgence-pau")
    html = client.get(f"/services/{shelter.pk}/").content.decode()
    assert "Lieu protégé" in html and "14 rue des Abris" not in html
    sign_in_verified(client, world.users["counsellor"])
    html = client.get(f"/services/{shelter.pk}/").content.decode()
    assert "14 rue des Abris" in html


def test_unpublished_services_answer_404(client, demo_directory):
    service = Service.objects.get(di_id="permis-solidaire")
    Service.objects.filter(pk=service.pk).update(status="draft")
    response = client.get(f"/services/{service.pk}/")
    assert response.status_code == 404
    assert "Page introuvable" in response.text  # in French, and nothing of the draft
    assert service.nom not in response.text


def test_a_saved_link_to_a_suspended_or_archived_service_says_what_became_of_it(
    client, demo_directory
):
    service = Service.objects.get(di_id="permis-solidaire")
    today = datetime.date.today()
    until = today + datetime.timedelta(days=10)
    Service.objects.filter(pk=service.pk).update(
        status="suspended", suspended_from=today, suspended_until=until
    )
    response = client.get(f"/services/{service.pk}/")
    assert response.status_code == 404
    assert "Ce service est suspendu jusqu'au" in response.text
    similar = re.search(r'href="(/services/\?[^"]+)">Chercher un service semblable', response.text)
    assert "thematiques=mobilite" in similar.group(1)
    assert client.get(similar.group(1).replace("&amp;", "&")).status_code == 200
    Service.objects.filter(pk=service.pk).update(status="archived")
    response = client.get(f"/services/{service.pk}/")
    assert response.status_code == 410 and "Ce service n'est plus proposé" in response.text


def test_htmx_results_bring_fresh_counts_for_the_filters_in_place(client, demo_directory):
    full = client.get("/services/")  # no search yet: the counts are empty places
    assert b'id="n-th-famille"></span>' in full.content
    response = client.get("/services/", {"commune": "Mourenx"}, HTTP_HX_REQUEST="true")
    facets = search(SearchParams(commune=Commune.objects.get(code="64410"))).facets
    html = response.content.decode()
    assert facets["categories"]["trouver-un-emploi"] > 0
    for prefix, facet, value in [
        ("th", "categories", "trouver-un-emploi"),
        ("th", "categories", "famille"),
        ("pu", "publics", "jeunes"),
        ("ty", "type", "accompagnement"),
        ("fr", "frais", "gratuit"),
        ("ma", "modes_accueil", "en-presentiel"),
    ]:
        count = facets[facet].get(value, 0)
        assert f'id="n-{prefix}-{value}" hx-swap-oob="true">({count})</span>' in html


def test_once_a_value_is_ticked_the_page_gives_its_alternatives_no_count(client, demo_directory):
    """The values of a group widen the results: beside an unticked one, the number of results
    that also have it would read as what ticking it gives. What ticking it gives comes after
    (/services/compteurs/, the next test)."""
    query = {"commune": "Pau", "thematiques": "logement-hebergement"}
    total = int(
        client.get("/services/", query).content.decode().split('<p class="count">')[1].split()[0]
    )
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        html = client.get("/services/", query, **headers).content.decode()
        assert re.search(rf'id="n-th-logement-hebergement"[^>]*>\({total}\)</span>', html)
        assert re.search(r'id="n-th-mobilite"[^>]*></span>', html)
        assert re.search(r'id="n-ma-en-presentiel"[^>]*>\(\d+\)</span>', html)  # another group
    # A sub-thématique (a link may name one) ticks its catégorie.
    html = client.get(
        "/services/",
        {"commune": "Pau", "thematiques": "logement-hebergement--reduire-les-impayes-de-loyer"},
    ).content.decode()
    assert re.search(r'id="n-th-logement-hebergement"[^>]*>\(\d+\)</span>', html)
    assert re.search(r'id="n-th-mobilite"[^>]*></span>', html)


@pytest.mark.parametrize(
    "url, extra",
    [
        ("/services/", {}),
        ("/services/", {"vue": "carte"}),
        ("/api/v1/services/search", {}),
    ],
)
def test_a_result_costs_no_query_of_its_own(client, world, demo_directory, url, extra):
    """The page, its map and the API show only the fields search loads for each hit."""
    sign_in_verified(client, world.users["counsellor"])  # partners see shelters on the map

    def queries_and_hits(q):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"q": q, **extra})
        assert response.status_code == 200
        if url == "/services/":
            return len(queries), len(re.findall(r'href="/services/\d+/"', response.text))
        return len(queries), len(response.json()["items"])

    queries_and_hits("garde")  # the session, the rate-limit counter: once per visitor
    few, one_hit = queries_and_hits("voiture")
    many, twenty = queries_and_hits("")  # every service: a whole page
    assert one_hit < twenty
    assert few == many


def test_once_the_results_are_shown_the_alternatives_get_what_ticking_them_keeps(
    client, demo_directory
):
    query = {"commune": "Pau", "thematiques": "logement-hebergement"}
    page = client.get("/services/", query).content.decode()
    asks = re.search(r'<div hidden hx-get="(/services/compteurs/\?[^"]+)" hx-trigger="load"', page)
    assert asks, "the results ask for the alternatives' counts"
    counts = client.get(asks.group(1).replace("&amp;", "&"), HTTP_HX_REQUEST="true").text
    mobility = search(
        SearchParams(commune=Commune.objects.get(code="64445"), thematiques=["mobilite"])
    ).total
    assert mobility > 0
    assert f'id="n-th-mobilite" hx-swap-oob="true">({mobility})</span>' in counts
    assert 'id="n-ma-' not in counts  # a group with nothing ticked keeps the results' counts
    plain = client.get("/services/", {"commune": "Pau"}).content.decode()
    assert "/services/compteurs/" not in plain  # nothing ticked: nothing to ask


def test_a_commune_not_alone_asks_which_one_and_shows_no_results_from_elsewhere(
    client, demo_directory
):
    html = client.get("/services/", {"commune": "64150", "q": "emploi"}).text
    assert "Plusieurs communes correspondent à « 64150 »" in html  # at the field
    assert "…." not in html
    assert '<p class="count">Plusieurs communes portent ce nom ou ce code postal' in html
    assert "services ouverts" not in html and "service ouvert" not in html
    choice = re.search(r'<a href="\?([^"]*)">Mourenx \(64150\)</a>', html)
    assert choice, "each namesake is a link"
    chosen = client.get("/services/?" + choice.group(1).replace("&amp;", "&")).text
    assert "ouvert aux habitants de Mourenx pour « emploi »" in chosen or (
        "ouverts aux habitants de Mourenx pour « emploi »" in chosen
    )
    unknown = client.get("/services/", {"commune": "Introuvableville"}).text
    assert (
        "la commune n&#x27;est pas reconnue" in unknown
        or "la commune n'est pas reconnue" in unknown
    )
    assert "services ouverts" not in unknown


@pytest.mark.parametrize(
    "name, said",
    [
        ("Pau", "de Pau"),
        ("Orthez", "d’Orthez"),
        ("Agen", "d’Agen"),
        ("Le Havre", "du Havre"),
        ("Les Ulis", "des Ulis"),
        ("La Seyne-sur-Mer", "de La Seyne-sur-Mer"),
        ("Écouen", "d’Écouen"),
    ],
)
def test_a_commune_is_named_as_french_says_it(name, said):
    from maillage.core.templatetags.maillage import de

    assert de(name) == said


def test_the_count_elides_before_a_vowel(client, demo_directory):
    html = client.get("/services/", {"commune": "Orthez", "q": ""}).text
    assert "aux habitants d’Orthez" in html
