import re

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from maillage.accounts.enums import MemberRole
from maillage.core.enums import AuditAction
from maillage.core.models import AuditEvent
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def capteur():
    return MembershipFactory(role=MemberRole.CAPTEUR, user__email="bar@capteur.test").user


def request_link(client, email):
    response = client.post("/connexion/lien/", {"email": email})
    assert "C'est envoyé" in response.content.decode()
    return response


def link_in_mail() -> str:
    return re.search(r"http://testserver(/connexion/lien/\S+/)", mail.outbox[-1].body).group(1)


def test_a_capteur_signs_in_with_the_emailed_link_once(client, capteur):
    request_link(client, "bar@capteur.test")
    link = link_in_mail()
    assert client.get(link).status_code == 200  # a mail scanner opening it spends nothing
    assert client.post(link)["Location"] == "/"
    assert client.get("/compte/").status_code == 200
    client.logout()
    reused = client.post(link)
    assert reused.status_code == 400
    assert "Ce lien ne marche plus" in reused.content.decode()
    signed_in = AuditEvent.objects.get(action=AuditAction.LOGIN_SUCCEEDED)
    assert signed_in.details == {"method": "magic_link"}
    assert AuditEvent.objects.filter(action=AuditAction.MAGIC_LINK_REFUSED).count() == 1


def test_the_link_expires_after_thirty_minutes(client, capteur):
    request_link(client, "bar@capteur.test")
    link = link_in_mail()
    # An aware local time: time-machine also sets the local zone the tokens count in.
    with time_machine.travel(timezone.localtime() + timezone.timedelta(minutes=31)):
        assert client.post(link).status_code == 400


def test_no_link_for_people_who_need_a_password_and_a_second_factor(client):
    MembershipFactory(role=MemberRole.COUNSELLOR, user__email="conseil@exemple.test")
    request_link(client, "conseil@exemple.test")  # the same answer: nothing is revealed
    request_link(client, "inconnu@exemple.test")
    assert mail.outbox == []


def test_link_requests_are_rate_limited(client, capteur):
    for _ in range(3):
        request_link(client, "bar@capteur.test")
    response = client.post("/connexion/lien/", {"email": "bar@capteur.test"})
    assert "Trop de demandes de lien" in response.content.decode()
    assert len(mail.outbox) == 3
