"""Opening a person's file at the front door, finding it again, and who may read it."""

import datetime

import pytest

from maillage.core.models import AuditEvent
from maillage.intake.models import Person
from maillage.outreach.enums import LeadChannel, LeadStatus
from maillage.outreach.models import Lead, Referrer

PERSON = {
    "organisation": None,
    "network": None,
    "first_name": "Alain",
    "last_name": "Dupuy",
    "birth_date": "1974-03-02",
    "phone": "06 12 34 56 78",
    "preferred_channel": "phone",
    "commune": "Mourenx",
    "french_level": "C1",
    "registered_france_travail": "false",
}


@pytest.fixture
def form(world):
    return {**PERSON, "organisation": world.organisation.pk, "network": world.network.pk}


@pytest.fixture
def lead(world):
    bar = Referrer.objects.create(
        network=world.network, name="Bar Le Central", kind="bar_tabac", commune_id="64410"
    )
    return Lead.objects.create(
        network=world.network,
        channel="capteur",
        referrer=bar,
        first_name="Alain",
        phone="0612345678",
    )


def test_a_file_opened_from_a_lead_keeps_its_origin_and_closes_the_lead(world, form, lead):
    client = world.client("facilitator")
    start = client.get(f"/personnes/nouvelle/?lead={lead.pk}").content.decode()
    assert 'value="0612345678"' in start  # what the capteur said is not typed again
    response = client.post(f"/personnes/nouvelle/?lead={lead.pk}", form)
    person = Person.objects.get()
    assert response["Location"] == f"/personnes/{person.pk}/"
    assert (person.origin_channel, person.origin_referrer, person.origin_lead) == (
        LeadChannel.CAPTEUR,
        lead.referrer,
        lead,
    )
    assert person.registered_france_travail is False
    assert person.age(datetime.date(2026, 11, 21)) == 52
    lead.refresh_from_db()
    assert lead.status == LeadStatus.WELCOMED
    assert person.meetings.get().kind == "welcome"


def test_the_commune_gives_qpv_and_frr_context(world, form):
    from maillage.territories.models import Qpv

    Qpv.objects.create(code="QN06401M", name="Saragosse").communes.add("64445")
    world.client("counsellor").post("/personnes/nouvelle/", {**form, "commune": "Pau"})
    person = Person.objects.get()
    assert person.commune_id == "64445"
    assert person.commune_has_qpv is True  # Pau has priority neighbourhoods


def test_a_likely_duplicate_must_be_confirmed(world, form):
    client = world.client("counsellor")
    client.post("/personnes/nouvelle/", form)
    again = client.post("/personnes/nouvelle/", {**form, "phone": "", "first_name": "alain"})
    html = again.content.decode()
    assert "Une personne semblable a déjà un dossier dans le réseau" in html
    assert Person.objects.count() == 1
    client.post("/personnes/nouvelle/", {**form, "confirm_not_duplicate": "on"})
    assert Person.objects.count() == 2


def test_the_same_phone_written_differently_is_a_duplicate(world, form):
    client = world.client("counsellor")
    client.post("/personnes/nouvelle/", form)
    again = client.post(
        "/personnes/nouvelle/",
        {**form, "first_name": "Paul", "last_name": "Autre", "phone": "+33 6 12 34 56 78"},
    )
    assert "Une personne semblable" in again.content.decode()


@pytest.mark.parametrize("query", ["dupuy alain", "DUPUY", "02/03/1974", "0612345678"])
def test_a_person_is_found_by_name_birth_date_or_phone(world, form, query):
    world.client("counsellor").post("/personnes/nouvelle/", form)
    page = world.client("counsellor").get("/personnes/", {"q": query}).content.decode()
    assert "Alain Dupuy" in page


def test_every_read_of_the_file_is_audited(world, form):
    client = world.client("counsellor")
    client.post("/personnes/nouvelle/", form)
    person = Person.objects.get()
    client.get(f"/personnes/{person.pk}/")
    client.get(f"/personnes/{person.pk}/")
    reads = AuditEvent.objects.filter(action="person_viewed", target_id=str(person.pk))
    assert reads.count() == 2
    assert reads.first().actor == world.users["counsellor"]


def test_another_partner_cannot_open_the_file(world, form):
    world.client("counsellor").post("/personnes/nouvelle/", form)
    person = Person.objects.get()
    for persona in ("other_org_counsellor", "coordinator", "funder", "capteur"):
        assert world.client(persona).get(f"/personnes/{person.pk}/").status_code == 404
    assert not AuditEvent.objects.filter(
        action="person_viewed", actor=world.users["other_org_counsellor"]
    ).exists()


def test_a_file_cannot_be_opened_for_another_organisation(world, form):
    response = world.client("counsellor").post(
        "/personnes/nouvelle/", {**form, "organisation": world.other_organisation.pk}
    )
    assert response.status_code == 200
    assert not Person.objects.exists()


def test_a_duplicate_held_by_another_partner_is_not_named_and_the_check_is_audited(world, form):
    world.client("counsellor").post("/personnes/nouvelle/", form)
    alain = Person.objects.get()
    other_form = {**form, "organisation": world.other_organisation.pk, "phone": ""}
    page = world.client("other_org_counsellor").post("/personnes/nouvelle/", other_form)
    assert "Un dossier suivi par Mission locale" in page.content.decode()
    assert AuditEvent.objects.filter(
        action="person_viewed",
        target_id=str(alain.pk),
        actor=world.users["other_org_counsellor"],
        details__page="duplicate_check",
    ).exists()


def test_a_phone_number_alone_does_not_reveal_who_follows_someone(world, form):
    world.client("counsellor").post("/personnes/nouvelle/", form)
    probe = {**form, "organisation": world.other_organisation.pk, "first_name": "Paul"}
    page = world.client("other_org_counsellor").post("/personnes/nouvelle/", probe)
    assert "Un dossier suivi par" not in page.content.decode()
    assert Person.objects.count() == 2
