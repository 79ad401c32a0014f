import pytest

pytestmark = pytest.mark.django_db


def test_occupations_page_searches_by_words_and_paginates(client):
    html = client.get("/referentiels/metiers/", {"q": "cariste"}).content.decode()
    assert "<td>N1101</td>" in html
    html = client.get("/referentiels/metiers/").content.decode()
    assert "1584 métiers" in html and "Page 1 sur 32" in html


def test_occupations_page_answers_htmx_with_results_only(client):
    html = client.get("/referentiels/metiers/", {"q": "N1101"}, HTTP_HX_REQUEST="true").content
    assert b"<html" not in html and b"<td>N1101</td>" in html


def test_vocabularies_page_lists_every_thematique_under_its_category(client):
    html = client.get("/referentiels/thematiques/").content.decode()
    assert '<h3 id="cat-logement-hebergement">Logement et hébergement' in html
    assert "<code>logement-hebergement--reduire-les-impayes-de-loyer</code>" in html
    assert html.count("<code>") >= 223
