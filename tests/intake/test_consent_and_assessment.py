"""Consent (given, covering partners, withdrawn) and the needs assessment."""

import pytest

from maillage.intake.models import Consent, Person


@pytest.fixture
def person(world):
    return Person.objects.create(
        network=world.network,
        organisation=world.organisation,
        first_name="Alain",
        last_name="Dupuy",
        commune_id="64410",
    )


def test_consent_to_share_names_the_partners(world, person):
    client = world.client("counsellor")
    refused = client.post(
        f"/personnes/{person.pk}/consentement/",
        {"purposes": ["follow_up", "sharing"], "method": "oral"},
    )
    assert "Choisissez les partenaires" in refused.content.decode()
    assert not Consent.objects.exists()
    client.post(
        f"/personnes/{person.pk}/consentement/",
        {
            "purposes": ["follow_up", "sharing"],
            "shared_with": [world.other_organisation.pk],
            "method": "oral",
        },
    )
    consent = Consent.objects.get()
    assert consent.covers(world.other_organisation)
    assert not consent.covers(world.shop)
    assert not consent.covers(world.outside_organisation)


def test_partners_outside_the_network_cannot_be_chosen(world, person):
    client = world.client("counsellor")
    client.post(
        f"/personnes/{person.pk}/consentement/",
        {
            "purposes": ["sharing"],
            "shared_with": [world.outside_organisation.pk],
            "method": "oral",
        },
    )
    assert not Consent.objects.exists()


def test_all_network_partners_covers_the_network_only(world, person):
    consent = Consent.objects.create(
        person=person, purposes=["sharing"], all_network_partners=True, given_to=world.organisation
    )
    assert consent.covers(world.other_organisation)
    assert not consent.covers(world.outside_organisation)


def test_a_withdrawn_consent_covers_nobody_from_then_on(world, person):
    consent = Consent.objects.create(
        person=person, purposes=["sharing"], all_network_partners=True, given_to=world.organisation
    )
    world.client("counsellor").post(f"/personnes/{person.pk}/consentement/{consent.pk}/retirer/")
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert not consent.covers(world.other_organisation)
    page = world.client("counsellor").get(f"/personnes/{person.pk}/").content.decode()
    assert "Consentement retiré" in page


def test_an_assessment_records_barriers_needs_and_occupations(world, person):
    client = world.client("counsellor")
    response = client.post(
        f"/personnes/{person.pk}/diagnostic/",
        {
            "barrier_mobilite": "3",
            "barrier_logement": "2",
            "needs": ["trouver-un-emploi", "logement-hebergement--reduire-les-impayes-de-loyer"],
            "occupation_1": "cariste",
            "notes": "Dettes de loyer depuis l'été.",
        },
    )
    assert response.status_code == 302
    assessment = person.assessments.get()
    assert assessment.barriers == {"mobilite": 3, "logement": 2}
    assert list(assessment.occupations.values_list("code", flat=True)) == ["N1101"]
    page = client.get(f"/personnes/{person.pk}/").content.decode()
    assert "Mobilité (bloquant)" in page
    assert "Dettes de loyer" in page  # the author's organisation reads the notes


def test_an_ambiguous_occupation_is_answered_at_the_field(world, person):
    response = world.client("counsellor").post(
        f"/personnes/{person.pk}/diagnostic/", {"occupation_1": "conducteur"}
    )
    assert "Plusieurs métiers correspondent à « conducteur »" in response.content.decode()
    assert not person.assessments.exists()


def test_an_unknown_thematique_is_refused(world, person):
    response = world.client("counsellor").post(
        f"/personnes/{person.pk}/diagnostic/", {"needs": ["aller-sur-la-lune"]}
    )
    assert response.status_code == 200
    assert not person.assessments.exists()
