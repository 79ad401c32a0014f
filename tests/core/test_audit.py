import pytest
from django.contrib.admin.sites import site

from maillage.core import audit
from maillage.core.enums import AuditAction
from maillage.core.models import AppendOnlyError, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return audit.record(AuditAction.LOGIN_FAILED, target_label="x@exemple.test")


def test_an_event_cannot_be_changed(event):
    event.target_label = "autre@exemple.test"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(target_label="autre")
    assert AuditEvent.objects.get(pk=event.pk).target_label == "x@exemple.test"


def test_an_event_cannot_be_deleted(event):
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.count() == 1


def test_the_admin_shows_the_log_read_only(rf, admin_user, event):
    model_admin = site._registry[AuditEvent]
    request = rf.get("/")
    request.user = admin_user
    assert model_admin.has_view_permission(request, event)
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request, event)
    assert not model_admin.has_add_permission(request)


def test_the_coordinator_browses_and_filters_the_log(world, committed):
    coordinator = world.client("coordinator")
    world.client("org_admin").post(
        f"/structures/{world.organisation.pk}/inviter/",
        {"email": "new@ml.test", "role": "counsellor"},
    )
    world.client("anonymous").post(
        "/connexion/", {"username": "conseil@ml.test", "password": "faux"}
    )
    html = coordinator.get(
        "/reseaux/reseau-a/journal/", {"action": "invitation_sent"}
    ).content.decode()
    assert "Invitation envoyée" in html and "admin@ml.test" in html
    assert "<td>Échec de connexion</td>" not in html
    html = coordinator.get("/reseaux/reseau-a/journal/", {"actor": "admin@ml"}).content.decode()
    assert "1 événement." in html
    # Events of another network's organisations stay out.
    world.client("outsider").post(
        f"/structures/{world.outside_organisation.pk}/inviter/",
        {"email": "z@x.test", "role": "counsellor"},
    )
    html = coordinator.get(
        "/reseaux/reseau-a/journal/", {"action": "invitation_sent"}
    ).content.decode()
    assert "z@x.test" not in html


def test_the_audit_log_names_people_by_file_number_only(world):
    from maillage.core.models import AuditEvent
    from maillage.intake.models import Person

    person = Person.objects.create(
        network=world.network,
        organisation=world.organisation,
        first_name="Samia",
        last_name="Benali",
        commune_id="64410",
    )
    world.client("counsellor").get(f"/personnes/{person.pk}/")
    line = AuditEvent.objects.get(action="person_viewed")
    assert line.target_label == f"Dossier n° {person.pk}"
    journal = world.client("coordinator").get("/reseaux/reseau-a/journal/").content.decode()
    assert "Benali" not in journal
