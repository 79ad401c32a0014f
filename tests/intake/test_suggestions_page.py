"""The suggestions page of a person's file."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.core.enums import AuditAction
from maillage.core.models import AuditEvent
from maillage.intake.models import NeedsAssessment, Person
from maillage.territories.models import Commune
from tests.intake.small_directory import RENT, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(world):
    build()
    person = Person.objects.create(
        network=world.network,
        organisation=world.organisation,
        first_name="Camille",
        last_name="Durand",
        commune=Commune.objects.get(code="64410"),
        registered_france_travail=False,
        french_level="C1",
        already_supported=True,
        supported_by="Cap emploi",
    )
    NeedsAssessment.objects.create(
        person=person,
        organisation=world.organisation,
        needs=["trouver-un-emploi", RENT],
        barriers={"mobilite": 2},
    )
    return person


def test_the_counsellor_sees_ranked_services_to_tick_and_the_excluded_apart(world, person):
    client = world.client("counsellor")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/personnes/{person.pk}/suggestions/")
    assert response.status_code == 200
    page = response.content.decode()
    # One form towards the new referral page, the person and a box per proposed service.
    assert page.count('action="/orientations/nouvelle/"') == 1
    assert f'<input type="hidden" name="person" value="{person.pk}">' in page
    # No birth date in the file: the 16–25 service is proposed, with what to check.
    assert page.count('name="service"') == 6
    assert "À vérifier : âge (16–25 ans)" in page
    assert "Orienter vers les services cochés" in page
    assert page.index("impayes-mourenx") < page.index("emploi-64") < page.index("permis-orthez")
    assert "Répond au besoin : Réduire les impayés de loyer" in page
    assert "Aide à lever un frein : Mobilité" in page
    excluded = page.split("Services proches mais non accessibles")[1]
    assert "Réservé aux personnes non accompagnées par ailleurs" in excluded
    assert 'name="service"' not in excluded
    # Session, user, second-factor device; the person with network, organisation, commune,
    # département and EPCI; memberships, network roles, networks (the access check); the audit
    # line (insert); the latest diagnostic; the candidates with the zone code that covers the
    # commune; the services kept with their structures.
    assert len(queries) == 11, "\n".join(q["sql"][:120] for q in queries)


def test_reading_the_page_is_written_to_the_audit_log(world, person):
    world.client("facilitator").get(f"/personnes/{person.pk}/suggestions/")
    event = AuditEvent.objects.get(action=AuditAction.PERSON_VIEWED)
    assert event.target_id == str(person.pk)
    assert event.actor == world.users["facilitator"]
    assert event.details == {"page": "suggestions"}
    assert (event.network, event.organisation) == (world.network, world.organisation)


def test_a_counsellor_of_another_organisation_gets_404_and_nothing_is_logged(world, person):
    response = world.client("other_org_counsellor").get(f"/personnes/{person.pk}/suggestions/")
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.PERSON_VIEWED).exists()


def test_the_radius_and_added_needs_come_from_the_url(world, person):
    client = world.client("counsellor")
    page = client.get(
        f"/personnes/{person.pk}/suggestions/", {"rayon": "20", "thematiques": ["sante"]}
    ).content.decode()
    assert "services à moins de 20 km" in page
    assert "Santé (ajouté ici)" in page
    assert "sante-mourenx" in page  # answers the added need
    assert "emploi-64" not in page  # Pau is 22 km away
    assert 'value="sante" id="besoin-sante" checked' in page
