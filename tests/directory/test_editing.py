"""Partners keep their own entries; coordinators chase stale ones."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from maillage.core.enums import AuditAction
from maillage.core.models import AuditEvent
from maillage.directory import indexing
from maillage.directory.models import Service, Structure
from maillage.directory.search import SearchParams, search
from maillage.territories.models import Commune

pytestmark = pytest.mark.django_db

FORM = {
    "nom": "Atelier CV",
    "description": "Faire son CV en deux séances.",
    "type": "atelier",
    "thematiques": ["preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation"],
    "publics": ["demandeurs-emploi"],
    "frais": "gratuit",
    "modes_accueil": ["en-presentiel"],
    "lieu": "Mourenx",
    "zone": "200039204",
    "horaires_accueil": "Mo-Fr 09:00-12:00",
    "status": "published",
    "update_frequency_days": "180",
    "france_travail": "",
}


@pytest.fixture
def structure(world):
    return Structure.objects.create(
        source="maillage",
        di_id="st",
        nom="Mission locale",
        organisation=world.organisation,
        code_insee="64410",
    )


def test_a_member_creates_a_service_that_search_then_finds(world, structure):
    client = world.client("counsellor")
    response = client.post(f"/services/gerer/structures/{structure.pk}/nouveau-service/", FORM)
    assert response.status_code == 302
    service = Service.objects.get(nom="Atelier CV")
    assert (service.code_insee, service.zone_eligibilite) == ("64410", ["200039204"])
    assert service.last_reviewed_at == timezone.localdate()
    found = search(SearchParams(q="atelier cv"))
    assert [h.service.pk for h in found.hits] == [service.pk]
    assert AuditEvent.objects.filter(
        action=AuditAction.SERVICE_SAVED, target_id=str(service.pk)
    ).exists()


def test_errors_are_said_at_their_field_and_nothing_is_saved(world, structure):
    bad = {
        **FORM,
        "zone": "64, 99999",
        "horaires_accueil": "le matin",
        "min_age": "30",
        "max_age": "18",
        "status": "suspended",
        "publics": ["tous-publics", "jeunes"],
    }
    response = world.client("counsellor").post(
        f"/services/gerer/structures/{structure.pk}/nouveau-service/", bad
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_zone_error"><p>Code inconnu : 99999.' in html
    assert 'id="id_horaires_accueil_error"><p>Horaires illisibles' in html
    assert 'id="id_max_age_error"><p>L&#x27;âge maximum doit être supérieur' in html
    assert 'id="id_suspended_until_error"><p>Donnez les dates' in html
    assert "« Tous publics » ne se combine pas" in html
    # At the top, each field in error links to it (the form is long on a phone).
    summary = html.split('role="alert"')[1].split("</div>")[0]
    for field in ("zone", "horaires_accueil", "max_age", "suspended_until", "publics"):
        assert f'href="#id_{field}"' in summary, field
    assert not Service.objects.exists()


def test_the_preview_shows_the_page_without_saving(world, structure):
    response = world.client("counsellor").post(
        f"/services/gerer/structures/{structure.pk}/nouveau-service/", {**FORM, "action": "apercu"}
    )
    html = response.content.decode()
    assert (
        "Aperçu : rien n&#x27;est encore enregistré" in html
        or "Aperçu : rien n'est encore enregistré" in html
    )
    assert "Du lundi au vendredi : de 9 h à 12 h" in html
    assert not Service.objects.exists()
    # The preview's own buttons carry what was typed: back to the form, or saved as it is.
    carried = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html):
        carried.setdefault(name, []).append(value)
    url = f"/services/gerer/structures/{structure.pk}/nouveau-service/"
    again = world.client("counsellor").post(url, {**carried, "action": "modifier"})
    assert again.status_code == 200 and "Nouveau service" in again.text
    assert not Service.objects.exists()
    saved = world.client("counsellor").post(url, {**carried, "action": "enregistrer"})
    assert saved.status_code == 302
    assert Service.objects.get().nom == FORM["nom"]


def test_others_cannot_edit_and_drafts_stay_private(world, structure, client):
    draft = Service.objects.create(
        source="maillage",
        di_id="d",
        structure=structure,
        nom="Brouillon",
        description="x",
        status="draft",
    )
    assert client.get(f"/services/{draft.pk}/").status_code == 404
    assert world.client("counsellor").get(f"/services/{draft.pk}/").status_code == 200
    for persona in ("other_org_counsellor", "capteur", "coordinator"):
        assert world.client(persona).get(f"/services/{draft.pk}/modifier/").status_code == 404, (
            persona
        )


def test_suspending_hides_the_service_during_its_dates(world, structure):
    client = world.client("counsellor")
    client.post(f"/services/gerer/structures/{structure.pk}/nouveau-service/", FORM)
    service = Service.objects.get()
    today = timezone.localdate()
    client.post(
        f"/services/{service.pk}/modifier/",
        {
            **FORM,
            "status": "suspended",
            "suspended_from": today.isoformat(),
            "suspended_until": (today + datetime.timedelta(days=10)).isoformat(),
        },
    )
    assert search(SearchParams(q="atelier cv")).total == 0


def test_the_coordinator_sees_stale_services_and_reminds_their_owners(world, structure, committed):
    Service.objects.create(
        source="maillage",
        di_id="old",
        structure=structure,
        nom="Vieux service",
        description="x",
        date_maj=datetime.date(2024, 1, 1),
        last_reviewed_at=datetime.date(2024, 1, 1),
    )
    coordinator = world.client("coordinator")
    html = coordinator.get("/services/reseaux/reseau-a/a-verifier/").content.decode()
    assert "Vieux service" in html and "1 janvier 2024" in html
    # A second structure with nobody to write to: said, not counted as reminded.
    lonely = Structure.objects.create(
        source="maillage",
        di_id="seule",
        nom="Structure sans administrateur",
        organisation=world.other_organisation,
    )
    world.other_organisation.memberships.update(is_admin=False)
    world.other_organisation.__class__.objects.filter(pk=world.other_organisation.pk).update(
        email=""
    )
    Service.objects.create(
        source="maillage",
        di_id="old2",
        structure=lonely,
        nom="Autre vieux service",
        description="x",
        date_maj=datetime.date(2024, 1, 1),
    )
    page = committed(coordinator.post, "/services/reseaux/reseau-a/a-verifier/", follow=True)
    assert mail.outbox[-1].to == ["admin@ml.test"] and len(mail.outbox) == 1
    assert "Vieux service" in mail.outbox[-1].body
    assert "Rappel envoyé à 1 structure." in page.text
    assert "Personne à qui écrire" in page.text and str(world.other_organisation) in page.text
    assert "Dernier rappel envoyé le" in page.text
    # The member confirms it is up to date: it leaves the list.
    world.client("counsellor").post(f"/services/{Service.objects.get(di_id='old').pk}/verifie/")
    assert (
        "Vieux service"
        not in coordinator.get("/services/reseaux/reseau-a/a-verifier/").content.decode()
    )
    assert (
        world.client("counsellor").get("/services/reseaux/reseau-a/a-verifier/").status_code == 403
    )


def test_services_follow_their_structure_when_it_moves(world, structure):
    """A service with no commune, zone or position of its own takes its structure's: edited in
    the interface, the structure takes them along."""
    client = world.client("counsellor")
    service = Service.objects.create(
        structure=structure,
        source="maillage",
        di_id="sans-lieu",
        nom="Permanence emploi",
        description="Sans rendez-vous.",
        status="published",
    )
    indexing.refresh([service.pk])
    mourenx, pau = Commune.objects.get(code="64410"), Commune.objects.get(code="64445")

    def found_at(commune):
        return service.pk in {h.service.pk for h in search(SearchParams(commune=commune)).hits}

    assert found_at(mourenx) and not found_at(pau)
    response = client.post(
        f"/services/gerer/structures/{structure.pk}/",
        {"nom": "Mission locale", "lieu": "Pau (64000)", "adresse": "1 place Royale"},
    )
    assert response.status_code == 302, response.content
    assert found_at(pau) and not found_at(mourenx)
    service.refresh_from_db()
    assert (service.geo_latitude, service.geo_longitude) == (pau.latitude, pau.longitude)
