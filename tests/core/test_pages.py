"""The page shell: public pages, health check, security headers, no third-party requests."""

import re

import pytest
from django.templatetags.static import static
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/sources/",
    "/connexion/",
    "/territoires/communes/",
    "/territoires/communes/?q=pau",
    "/territoires/communes/64410/",
    "/territoires/distance/",
    "/referentiels/metiers/",
    "/referentiels/thematiques/",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_are_in_french_accessible_and_request_no_third_party_host(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert '<a class="skip-link" href="#contenu">Aller au contenu</a>' in html
    assert '<main id="contenu"' in html and "<header" in html and "<footer" in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    # Every src/href that points to a host points to none: assets are ours.
    assert not re.search(r'(src|href|action)="(https?:)?//', html)
    assert "<script>" not in html and " style=" not in html
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp


def test_home_shows_the_reference_data_figures(client):
    html = client.get("/").content.decode()
    assert "<strong>34\u00a0969</strong> communes" in html
    assert "<strong>1\u00a0584</strong> métiers du ROME" in html
    assert "<strong>69</strong> thématiques data·inclusion" in html


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert "no-cache" in response.headers["Cache-Control"]


def test_pages_need_a_signed_in_user_unless_they_opt_out(client):
    response = client.get("/compte/")
    assert response.status_code == 302
    assert response["Location"] == "/connexion/?next=/compte/"


def test_healthz_does_not_reveal_database_details(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper
    from django.db.utils import OperationalError

    def broken(self, sql, params=None):
        raise OperationalError('could not connect to server "db.interne" as user "maillage"')

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}


def test_a_user_signs_in_with_email_and_password(client):
    UserFactory(email="conseillere@exemple.test")
    response = client.post(
        reverse("accounts:login"),
        {"username": "conseillere@exemple.test", "password": "un-mot-de-passe-solide"},
    )
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert "Se déconnecter" in html


def test_a_wrong_password_is_refused_in_french(client):
    UserFactory(email="conseillere@exemple.test")
    response = client.post(
        reverse("accounts:login"), {"username": "conseillere@exemple.test", "password": "faux"}
    )
    assert response.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect" in response.content.decode()


def test_unknown_pages_answer_404(client):
    assert client.get("/territoires/communes/00000/").status_code == 404


def test_the_icon_is_found_where_browsers_look_for_it(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("core/favicon.svg")
