"""The demo's outbox page: every message sent, for the demo only."""

from django.test import override_settings

from maillage.core.models import OutboxMessage


def test_the_outbox_is_hidden_outside_the_demo(world):
    assert world.client("counsellor").get("/orientations/messages-envoyes/").status_code == 404


@override_settings(DEMO_OUTBOX=True)
def test_the_demo_outbox_lists_messages_sent(world):
    OutboxMessage.objects.create(
        channel="sms", recipient="06 12 34 56 78", body="Votre orientation est acceptée."
    )
    OutboxMessage.objects.create(
        channel="email",
        recipient="orientations@asso.test",
        subject="Nouvelle orientation",
        body="Bonjour",
        delivered=True,
    )
    page = world.client("counsellor").get("/orientations/messages-envoyes/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "SMS à 06 12 34 56 78" in html and "non parti" in html
    assert "Courriel à orientations@asso.test" in html and "Nouvelle orientation" in html


@override_settings(DEMO_OUTBOX=True)
def test_the_demo_outbox_asks_to_sign_in(world):
    assert world.client("anonymous").get("/orientations/messages-envoyes/").status_code == 302


@override_settings(DEMO_OUTBOX=True)
def test_capteurs_and_funders_do_not_read_the_demo_outbox(world):
    for persona in ("capteur", "funder"):
        assert world.client(persona).get("/orientations/messages-envoyes/").status_code == 404
