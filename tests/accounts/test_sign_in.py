import re

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from maillage.core.enums import AuditAction
from maillage.core.models import AuditEvent
from tests.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/connexion/"


def attempt(client, email, password):
    return client.post(LOGIN, {"username": email, "password": password})


def test_sign_in_is_written_to_the_audit_log(client):
    UserFactory(email="capteur@exemple.test")
    response = attempt(client, "Capteur@Exemple.test", PASSWORD)
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_SUCCEEDED)
    assert event.target_label == "capteur@exemple.test"
    assert event.ip_address == "127.0.0.1"


def test_failures_are_logged_and_lock_the_address_after_five(client):
    UserFactory(email="victime@exemple.test")
    for _ in range(5):
        response = attempt(client, "victime@exemple.test", "mauvais")
        assert "Adresse électronique ou mot de passe incorrect" in response.content.decode()
    # Locked: even the right password is refused, with a message saying why and for how long.
    response = attempt(client, "victime@exemple.test", PASSWORD)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Trop de tentatives de connexion pour cette adresse" in html
    assert "pendant encore 15 minutes" in html
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).count() == 5
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_LOCKED).count() == 1
    assert "_auth_user_id" not in client.session


def test_the_lock_lifts_after_the_window(client):
    UserFactory(email="victime@exemple.test")
    for _ in range(5):
        attempt(client, "victime@exemple.test", "mauvais")
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=16)):
        assert attempt(client, "victime@exemple.test", PASSWORD).status_code == 302


def test_a_success_resets_the_count(client):
    UserFactory(email="distraite@exemple.test")
    for _ in range(4):
        attempt(client, "distraite@exemple.test", "mauvais")
    assert attempt(client, "distraite@exemple.test", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, "distraite@exemple.test", "mauvais")
    assert attempt(client, "distraite@exemple.test", PASSWORD).status_code == 302


def test_too_many_attempts_from_one_address_are_slowed_down(client):
    for n in range(30):
        attempt(client, f"inconnu{n}@exemple.test", "x")
    response = attempt(client, "encore@exemple.test", "x")
    assert "Trop de tentatives depuis votre connexion" in response.content.decode()


def test_password_reset_sends_a_link_that_sets_a_new_password(client):
    UserFactory(email="oubli@exemple.test")
    response = client.post("/mot-de-passe-oublie/", {"email": "oubli@exemple.test"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.PASSWORD_RESET_REQUESTED).exists()
    link = re.search(r"http://testserver(/mot-de-passe-oublie/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert "Choisir un nouveau mot de passe" in form.content.decode()
    response = client.post(
        form.redirect_chain[-1][0],
        {
            "new_password1": "nouveau-mot-de-passe-2026",
            "new_password2": "nouveau-mot-de-passe-2026",
        },
    )
    assert response.status_code == 302
    assert attempt(client, "oubli@exemple.test", "nouveau-mot-de-passe-2026").status_code == 302


def test_password_reset_says_nothing_about_unknown_addresses(client):
    UserFactory(email="connue@exemple.test")
    known = client.post("/mot-de-passe-oublie/", {"email": "connue@exemple.test"})
    unknown = client.post("/mot-de-passe-oublie/", {"email": "personne@exemple.test"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert [m.to for m in mail.outbox] == [["connue@exemple.test"]]


def test_a_counsellor_signing_in_goes_straight_to_the_second_factor(client):
    counsellor = MembershipFactory(user__email="conseil@exemple.test").user
    response = attempt(client, counsellor.email, PASSWORD)
    assert response["Location"].startswith("/compte/double-authentification/?next=")
