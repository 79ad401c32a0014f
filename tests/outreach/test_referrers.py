"""Registering capteurs and following their activity."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from maillage.outreach.models import Lead, Referrer


def test_a_facilitator_registers_a_capteur_who_gets_a_personal_link(world):
    client = world.client("facilitator")
    response = client.post(
        "/reseaux/reseau-a/capteurs/nouveau/",
        {
            "name": "Épicerie solidaire",
            "kind": "banque_alimentaire",
            "commune": "Mourenx",
            "followed_by": world.users["facilitator"].pk,
            "is_active": "on",
        },
    )
    referrer = Referrer.objects.get()
    assert response["Location"] == f"/reseaux/reseau-a/capteurs/{referrer.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert f"/c/{referrer.link_token}/" in page
    assert "affiche.pdf" in page


def test_the_kind_must_come_from_the_list(world):
    response = world.client("facilitator").post(
        "/reseaux/reseau-a/capteurs/nouveau/",
        {"name": "X", "kind": "casino", "commune": "Mourenx"},
    )
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Referrer.objects.exists()


def test_capteurs_are_active_or_dormant_after_90_days(world):
    now = timezone.now()
    busy = Referrer.objects.create(
        network=world.network, name="Busy", kind="commerce", commune_id="64410"
    )
    quiet = Referrer.objects.create(
        network=world.network, name="Quiet", kind="commerce", commune_id="64410"
    )
    Lead.objects.create(
        network=world.network,
        channel="capteur",
        referrer=busy,
        first_name="A",
        created_at=now - timedelta(days=10),
    )
    Lead.objects.create(
        network=world.network,
        channel="capteur",
        referrer=quiet,
        first_name="B",
        created_at=now - timedelta(days=91),
    )
    client = world.client("coordinator")
    active = client.get("/reseaux/reseau-a/capteurs/?activite=actifs").content.decode()
    dormant = client.get("/reseaux/reseau-a/capteurs/?activite=dormants").content.decode()
    assert "Busy" in active and "Quiet" not in active
    assert "Quiet" in dormant and "Busy" not in dormant


def test_a_follow_up_visit_is_logged_but_never_in_the_future(world):
    bar = Referrer.objects.create(
        network=world.network, name="Bar", kind="bar_tabac", commune_id="64410"
    )
    client = world.client("facilitator")
    with time_machine.travel("2026-11-21 10:00 +0100"):
        client.post(f"/reseaux/reseau-a/capteurs/{bar.pk}/visite/", {"visited_on": "2026-11-25"})
        assert not bar.visits.exists()
        client.post(
            f"/reseaux/reseau-a/capteurs/{bar.pk}/visite/",
            {"visited_on": "2026-11-20", "notes": "Nouvelles affiches"},
        )
    visit = bar.visits.get()
    assert visit.visited_by == world.users["facilitator"]
    assert (
        "Nouvelles affiches" in client.get(f"/reseaux/reseau-a/capteurs/{bar.pk}/").content.decode()
    )


def test_a_capteur_of_another_network_is_hidden(world):
    other = Referrer.objects.create(
        network=world.other_network, name="Ailleurs", kind="commerce", commune_id="64445"
    )
    assert (
        world.client("facilitator").get(f"/reseaux/reseau-a/capteurs/{other.pk}/").status_code
        == 404
    )
