"""A capteur's personal link: the 30-second form, with no account."""

import pytest
from django.core import mail
from django.test import Client, override_settings

from maillage.core.models import AuditEvent
from maillage.outreach.enums import LeadChannel, LeadStatus
from maillage.outreach.models import Lead, Referrer

FORM = {
    "first_name": "Alain",
    "phone": "06 12 34 56 78",
    "contact_preference": "phone",
    "commune": "Mourenx",
    "topics": ["emploi", "papiers"],
    "agreed_to_be_contacted": "on",
}


@pytest.fixture
def bar(world):
    return Referrer.objects.create(
        network=world.network,
        name="Bar Le Central",
        kind="bar_tabac",
        commune_id="64410",
        followed_by=world.users["facilitator"],
    )


def test_the_form_greets_the_capteur_and_starts_from_its_commune(bar):
    page = Client().get(f"/c/{bar.link_token}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bar Le Central" in html
    assert 'value="Mourenx' in html
    assert "<script" not in html.split("</head>")[1]  # the form needs no script of its own


def test_a_lead_sent_by_a_capteur_keeps_its_capteur_and_tells_its_facilitator(bar, committed):
    response = committed(Client().post, f"/c/{bar.link_token}/", FORM)
    assert response.status_code == 302
    assert response["Location"] == f"/c/{bar.link_token}/merci/"
    lead = Lead.objects.get()
    assert (lead.channel, lead.referrer, lead.network) == (LeadChannel.CAPTEUR, bar, bar.network)
    assert lead.topics == ["emploi", "papiers"]
    assert lead.commune_id == "64410"
    assert lead.status == LeadStatus.NEW
    assert lead.agreed_to_be_contacted
    assert AuditEvent.objects.filter(action="lead_received", target_id=str(lead.pk)).exists()
    (message,) = mail.outbox
    assert message.to == ["facil@ml.test"]
    assert "Capteur : Bar Le Central" in message.body
    assert "Alain" not in message.body  # no personal data in an email


def test_without_the_persons_agreement_nothing_is_saved(bar):
    response = Client().post(f"/c/{bar.link_token}/", {**FORM, "agreed_to_be_contacted": ""})
    assert response.status_code == 200
    assert "Il faut l&#x27;accord de la personne pour la contacter." in response.content.decode()
    assert not Lead.objects.exists()


def test_a_way_to_reach_the_person_is_required(bar):
    response = Client().post(f"/c/{bar.link_token}/", {**FORM, "phone": ""})
    assert "Indiquez un téléphone ou une adresse électronique." in response.content.decode()
    assert not Lead.objects.exists()


def test_a_robot_filling_the_hidden_field_is_thanked_and_ignored(bar):
    response = Client().post(f"/c/{bar.link_token}/", {**FORM, "website": "http://spam"})
    assert response.status_code == 302
    assert not Lead.objects.exists()


@override_settings(PUBLIC_FORM_RATE_PER_HOUR=2)
def test_the_form_is_rate_limited_per_address(bar):
    client = Client()
    for _ in range(2):
        assert client.post(f"/c/{bar.link_token}/", FORM).status_code == 302
    refused = client.post(f"/c/{bar.link_token}/", FORM)
    assert refused.status_code == 429
    assert "Trop d&#x27;envois depuis cette connexion" in refused.content.decode()
    assert Lead.objects.count() == 2


def test_a_rotated_link_stops_working_at_once(bar, world):
    old = bar.link_token
    response = world.client("facilitator").post(
        f"/reseaux/reseau-a/capteurs/{bar.pk}/nouveau-lien/"
    )
    assert response.status_code == 302
    bar.refresh_from_db()
    assert bar.link_token != old
    assert Client().get(f"/c/{old}/").status_code == 404
    assert Client().get(f"/c/{bar.link_token}/").status_code == 200


def test_a_capteur_withdrawn_from_the_network_has_no_form(bar):
    Referrer.objects.filter(pk=bar.pk).update(is_active=False)
    assert Client().get(f"/c/{bar.link_token}/").status_code == 404
