"""Malformed input on public pages never gives a 500."""

import pytest

pytestmark = pytest.mark.django_db

ODD_VALUES = ["٧٥", "７５", "𝟕𝟓", "%00", "\x00", "a" * 5000, "' OR 1=1 --", "<script>", "2a", "   "]


@pytest.mark.parametrize("value", ODD_VALUES)
def test_odd_search_text_is_answered_not_crashed(client, value):
    for url, params in [
        ("/territoires/communes/", {"q": value}),
        ("/territoires/communes/suggestions/", {"commune": value}),
        ("/territoires/distance/", {"origin": value, "destination": "Pau"}),
        ("/referentiels/metiers/", {"q": value, "page": value}),
    ]:
        response = client.get(url, params)
        assert response.status_code == 200, (url, value)
        assert "<script>" not in response.content.decode().replace("<script src=", "")


def test_commune_pages_accept_insee_codes_only(client):
    assert client.get("/territoires/communes/2A004/").status_code == 200
    assert client.get("/territoires/communes/%00/").status_code == 404
    assert client.get("/territoires/communes/abcde/").status_code == 404


def test_htmx_gets_a_fragment_but_a_history_restore_gets_the_whole_page(client):
    fragment = client.get("/territoires/communes/", {"q": "pau"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in fragment.content
    assert "HX-Request" in fragment["Vary"]
    restore = client.get(
        "/territoires/communes/",
        {"q": "pau"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert b"<html" in restore.content
