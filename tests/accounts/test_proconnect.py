"""ProConnect sign-in against a local OpenID Connect provider (tests/fake_oidc.py)."""

import urllib.request
from urllib.parse import parse_qs, urlparse

import pytest

from maillage.core.enums import AuditAction
from maillage.core.models import AuditEvent
from tests.factories import MembershipFactory, UserFactory
from tests.fake_oidc import CLIENT_ID, CLIENT_SECRET, FakeProConnect

pytestmark = pytest.mark.django_db


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def provider(settings):
    with FakeProConnect() as fake:
        base = fake.base_url
        settings.PROCONNECT_ENABLED = True
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{base}/authorize"
        settings.OIDC_OP_TOKEN_ENDPOINT = f"{base}/token"
        settings.OIDC_OP_USER_ENDPOINT = f"{base}/userinfo"
        settings.OIDC_OP_JWKS_ENDPOINT = f"{base}/jwks"
        settings.OIDC_RP_SIGN_ALGO = "RS256"
        settings.OIDC_RP_SCOPES = "openid email given_name usual_name siret"
        settings.OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"acr_values": "eidas1"}
        settings.OIDC_CREATE_USER = False
        settings.OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:proconnect_callback"
        settings.AUTHENTICATION_BACKENDS = [
            "django.contrib.auth.backends.ModelBackend",
            "maillage.accounts.proconnect.ProConnectBackend",
        ]
        yield fake


def go_through_proconnect(client, next_url="/compte/"):
    """The browser's trip: our start page → the provider → back to our callback."""
    start = client.get("/connexion/proconnect/", {"next": next_url})
    assert start.status_code == 302
    authorize = start["Location"]
    query = parse_qs(urlparse(authorize).query)
    assert query["acr_values"] == ["eidas1"] and query["client_id"] == [CLIENT_ID]
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(authorize)
    except urllib.error.HTTPError as redirect:
        back = redirect.headers["Location"]
    callback = urlparse(back)
    return client.get(callback.path, parse_qs(callback.query))


def test_an_invited_capteur_signs_in_with_proconnect(client, provider):
    user = UserFactory(email="conseil@ml.test", first_name="", last_name="")
    MembershipFactory(user=user, role="capteur")
    response = go_through_proconnect(client)
    assert response["Location"] == "/compte/"
    assert client.get("/compte/").status_code == 200
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Camille", "Dupont")
    assert AuditEvent.objects.get(action=AuditAction.LOGIN_SUCCEEDED).details == {
        "method": "proconnect"
    }


def test_a_counsellor_still_gives_the_second_factor(client, provider):
    MembershipFactory(user__email="conseil@ml.test")
    response = go_through_proconnect(client)
    assert response["Location"].startswith("/compte/double-authentification/?next=")


def test_no_account_means_no_sign_in_and_a_french_explanation(client, provider):
    provider.claims = {**provider.claims, "email": "inconnue@ailleurs.test"}
    response = go_through_proconnect(client)
    assert response["Location"] == "/connexion/"
    page = client.get("/connexion/").content.decode()
    assert "Connexion avec ProConnect impossible : aucun compte" in page
    assert "_auth_user_id" not in client.session


def test_the_button_and_the_urls_exist_only_when_configured(client):
    assert "ProConnect" not in client.get("/connexion/").content.decode()
    assert client.get("/connexion/proconnect/").status_code == 404
    assert client.get("/connexion/proconnect/retour/").status_code == 404
