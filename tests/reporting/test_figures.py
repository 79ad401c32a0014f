"""The network's figures: from each capteur to the partners' answers, with no one's name."""

from datetime import timedelta

from django.utils import timezone

from maillage.directory.models import Service, Structure
from maillage.intake.models import Consent, Person
from maillage.outreach.models import Lead, Referrer
from maillage.referrals.models import Referral
from maillage.reporting.figures import network_figures


def build(world):
    now = timezone.now()
    bar = Referrer.objects.create(
        network=world.network, name="Bar Le Central", kind="bar_tabac", commune_id="64410"
    )
    Referrer.objects.create(
        network=world.network, name="Club endormi", kind="club_sportif", commune_id="64410"
    )
    lead = Lead.objects.create(
        network=world.network,
        channel="capteur",
        referrer=bar,
        first_name="Alain",
        status="welcomed",
    )
    Lead.objects.create(
        network=world.network,
        channel="capteur",
        referrer=bar,
        first_name="Nadia",
        created_at=now - timedelta(days=5),
        last_activity_at=now - timedelta(days=5),
    )
    Lead.objects.create(network=world.network, channel="self_referral", first_name="Fatou")
    person = Person.objects.create(
        network=world.network,
        organisation=world.organisation,
        first_name="Alain",
        last_name="Dupuy",
        commune_id="64410",
        origin_lead=lead,
        origin_channel="capteur",
        origin_referrer=bar,
    )
    consent = Consent.objects.create(
        person=person, purposes=["sharing"], all_network_partners=True, given_to=world.organisation
    )
    structure = Structure.objects.create(
        source="t", di_id="s", nom="Logement", organisation=world.other_organisation
    )
    service = Service.objects.create(
        source="t",
        di_id="v",
        structure=structure,
        nom="Impayés",
        description="x",
        accepts_referrals=True,
    )
    for state, days in (("accepted", 2), ("declined", 4), ("sent", None)):
        Referral.objects.create(
            person=person,
            service=service,
            receiving_organisation=world.other_organisation,
            sending_organisation=world.organisation,
            network=world.network,
            consent=consent,
            message="m",
            state=state,
            sent_at=now - timedelta(days=10),
            answered_at=now - timedelta(days=10 - days) if days else None,
            origin_channel="capteur",
            origin_referrer=bar,
        )


def test_figures_follow_a_capteur_to_the_partners_answer(world):
    build(world)
    f = network_figures(world.network)
    assert f["leads_total"] == 3
    assert f["leads_waiting"] == 1  # Nadia, untouched for 5 days (the network's delay is 3)
    assert (f["referrers_active"], f["referrers_dormant"]) == (1, 1)
    (bar, club) = f["by_referrer"]
    assert (bar.label, bar.leads, bar.welcomed, bar.referred, bar.accepted) == (
        "Bar Le Central",
        2,
        1,
        1,
        1,
    )
    assert club.leads == 0
    assert dict(f["referrals_by_state"])["Acceptée"] == 1
    assert f["median_answer_days"] == 3.0  # answered in 2 and 4 days


def test_the_figures_page_names_no_one(world):
    build(world)
    page = world.client("funder").get("/reseaux/reseau-a/chiffres/").content.decode()
    assert "Bar Le Central" in page
    for name in ("Alain", "Dupuy", "Nadia", "Fatou"):
        assert name not in page
