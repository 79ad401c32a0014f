"""The receiving organisation's inbox and the sender's list: filters, counts, who sees what."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.accounts.models import NetworkMembership
from maillage.referrals import actions
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    a_consent,
    a_person,
    a_referral,
    a_referral_service,
)


@pytest.fixture
def inbox(loop):
    """Three referrals to Association (two services), one of them answered; one to another
    partner that Association must not see."""
    w = loop.world
    second = a_referral_service(organisation=w.other_organisation, name="Permanence logement")
    grocery = OrganisationFactory(name="Épicerie solidaire (association)")
    NetworkMembership.objects.create(network=w.network, organisation=grocery)
    MembershipFactory(organisation=grocery)  # someone there could receive the person
    loop.consent.shared_with.add(grocery)
    elsewhere = a_referral_service(organisation=grocery, name="Épicerie solidaire")
    first = loop.referral()
    other_person = a_person(
        organisation=w.organisation, network=w.network, first_name="Yanis", last_name="Roux"
    )
    a_consent(person=other_person, shared_with=[w.other_organisation])
    a_referral(person=other_person, service=loop.service)
    a_referral(person=other_person, service=second)
    a_referral(person=loop.person, service=elsewhere, consent=loop.consent)
    actions.accept_referral(actor=w.users["other_org_counsellor"], referral=first)
    return loop, second


def test_the_partner_sees_only_referrals_to_its_own_organisation(inbox):
    loop, _ = inbox
    page = loop.world.client("other_org_counsellor").get("/orientations/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Épicerie solidaire" not in html
    assert len(page.context["page"].object_list) == 3


def test_filters_live_in_the_url(inbox):
    loop, second = inbox
    client = loop.world.client("other_org_counsellor")
    waiting = client.get("/orientations/?state=open").context["page"].object_list
    assert {r.service.nom for r in waiting} == {"Atelier CV", "Permanence logement"}
    by_service = client.get(f"/orientations/?service={second.pk}").context["page"].object_list
    assert [r.service for r in by_service] == [second]
    accepted = client.get("/orientations/?state=accepted").context["page"].object_list
    assert [r.person.first_name for r in accepted] == ["Samia"]


def test_counts_per_state_and_waiting_days_are_shown(inbox):
    loop, _ = inbox
    html = loop.world.client("other_org_counsellor").get("/orientations/").content.decode()
    assert "2 à traiter." in html
    assert "Envoyée, en attente de réponse : 2" in html and "Acceptée : 1" in html
    assert "0 jour" in html


def test_the_sender_list_shows_what_the_organisation_sent(inbox):
    loop, _ = inbox
    page = loop.world.client("counsellor").get("/orientations/envoyees/")
    assert len(page.context["page"].object_list) == 4
    assert not loop.world.client("counsellor").get("/orientations/").context["page"].object_list


def test_people_of_other_organisations_see_an_empty_inbox(inbox):
    loop, _ = inbox
    for persona in ("outsider", "capteur", "coordinator", "funder"):
        page = loop.world.client(persona).get("/orientations/")
        assert page.status_code == 200 and not page.context["page"].object_list


def test_the_inbox_reads_a_fixed_number_of_queries(inbox):
    loop, _ = inbox
    client = loop.world.client("other_org_counsellor")
    client.get("/orientations/")  # warm the session
    with CaptureQueriesContext(connection) as queries:
        client.get("/orientations/?state=open")
    first = len(queries)
    # Whatever the number of referrals, 10: session, user, OTP device, memberships, network
    # roles, networks (permissions.access), counts per state, page count, the service filter's
    # choices, the page's rows (person, service and organisations joined).
    for _ in range(5):
        a_referral(person=loop.person, service=inbox[1])
    with CaptureQueriesContext(connection) as queries:
        client.get("/orientations/?state=open")
    assert len(queries) == first
    assert first == 10, "\n".join(q["sql"] for q in queries)
