import pytest

from maillage.accounts.enums import JoinRequestStatus, MemberRole
from maillage.accounts.models import JoinRequest, Membership
from maillage.accounts.validators import validate_siret
from maillage.core.enums import AuditAction
from maillage.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_an_admin_changes_a_role_and_it_is_audited(world):
    membership = world.users["counsellor"].memberships.get()
    world.client("org_admin").post(
        f"/structures/{world.organisation.pk}/membres/{membership.pk}/",
        {"action": "update", "role": "host"},
    )
    membership.refresh_from_db()
    assert membership.role == MemberRole.HOST
    event = AuditEvent.objects.get(action=AuditAction.MEMBERSHIP_ROLE_CHANGED)
    assert event.details == {
        "before": {"role": "counsellor", "is_admin": False},
        "after": {"role": "host", "is_admin": False},
    }


def test_the_last_admin_cannot_be_removed_or_demoted(world):
    admin = world.client("org_admin")
    membership = world.users["org_admin"].memberships.get()
    page = admin.post(
        f"/structures/{world.organisation.pk}/membres/{membership.pk}/",
        {"action": "remove"},
        follow=True,
    )
    assert "Impossible de retirer le ou la dernière administratrice" in page.content.decode()
    admin.post(
        f"/structures/{world.organisation.pk}/membres/{membership.pk}/",
        {"action": "update", "role": "counsellor"},
    )
    assert Membership.objects.get(pk=membership.pk).is_admin


def test_someone_asks_to_join_and_the_admin_accepts(world):
    outsider = world.client("outsider")
    outsider.post(
        f"/structures/{world.organisation.pk}/rejoindre/", {"message": "Je rejoins l'équipe lundi."}
    )
    join_request = JoinRequest.objects.get()
    page = world.client("org_admin").get(f"/structures/{world.organisation.pk}/").content.decode()
    assert "« Je rejoins l&#x27;équipe lundi. »" in page
    # Accepting without a role is an error; nothing changes.
    world.client("org_admin").post(
        f"/structures/{world.organisation.pk}/demandes/{join_request.pk}/", {"decision": "approve"}
    )
    assert JoinRequest.objects.get().status == JoinRequestStatus.PENDING
    world.client("org_admin").post(
        f"/structures/{world.organisation.pk}/demandes/{join_request.pk}/",
        {"decision": "approve", "role": "counsellor"},
    )
    assert JoinRequest.objects.get().status == JoinRequestStatus.APPROVED
    assert world.users["outsider"].memberships.filter(organisation=world.organisation).exists()
    # A second request is refused: she is a member now.
    page = outsider.post(
        f"/structures/{world.organisation.pk}/rejoindre/", follow=True
    ).content.decode()
    assert "Vous êtes déjà membre de Mission locale" in page


def test_the_siret_check():
    validate_siret("73282932000074")
    validate_siret("35600000000048")  # La Poste's head office: the usual rule
    validate_siret("35600000012346")  # a La Poste office: digits adding up to a multiple of 5
    for bad, message in [("123", "14 chiffres"), ("73282932000075", "n'existe pas")]:
        with pytest.raises(Exception, match=message):
            validate_siret(bad)


def test_an_admin_resets_the_second_factor_of_a_member_who_lost_her_phone(world):
    counsellor = world.users["counsellor"]
    membership = counsellor.memberships.get()
    world.client("org_admin").post(
        f"/structures/{world.organisation.pk}/membres/{membership.pk}/", {"action": "reset_2fa"}
    )
    assert not counsellor.totpdevice_set.exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.OTP_RESET, target_id=str(counsellor.pk)
    ).exists()
    client = world.client("counsellor")
    assert client.get("/compte/")["Location"].startswith("/compte/double-authentification/")


def test_an_admin_edits_the_organisation_with_errors_at_the_field(world):
    admin = world.client("org_admin")
    url = f"/structures/{world.organisation.pk}/modifier/"
    bad = admin.post(url, {"name": "Mission locale", "kind": "mission_locale", "siret": "1234"})
    assert bad.status_code == 400
    assert (
        'id="id_siret_error"><p>Un numéro SIRET compte 14 chiffres (vous en avez saisi 4).'
        in bad.content.decode()
    )
    world.organisation.refresh_from_db()
    assert world.organisation.siret == ""
    admin.post(
        url, {"name": "Mission locale des Gaves", "kind": "mission_locale", "commune": "Orthez"}
    )
    world.organisation.refresh_from_db()
    assert (world.organisation.name, world.organisation.commune.name) == (
        "Mission locale des Gaves",
        "Orthez",
    )
    assert AuditEvent.objects.get(action=AuditAction.ORGANISATION_UPDATED).details == {
        "fields": ["commune", "kind", "name"]
    }


def test_the_home_page_greets_and_lists_what_awaits_an_admin(world):
    world.client("outsider").post(
        f"/structures/{world.organisation.pk}/rejoindre/", {"message": ""}
    )
    html = world.client("org_admin").get("/").content.decode()
    assert "Bonjour Dominique" in html
    assert "1 demande pour rejoindre votre structure attend votre réponse" in html
    assert (
        f'<a href="/structures/{world.organisation.pk}/">Mission locale</a> — Conseiller·ère, référent·e'
        in html
    )
    assert '<a href="/reseaux/reseau-a/">Réseau A</a>' in html


def test_the_coordinator_edits_the_network_and_unknown_departements_are_refused(world):
    coordinator = world.client("coordinator")
    bad = coordinator.post(
        "/reseaux/reseau-a/modifier/", {"name": "Réseau A", "departements": "64, 99"}
    )
    assert bad.status_code == 400
    assert 'id="id_departements_error"><p>Département inconnu : 99.' in bad.content.decode()
    coordinator.post(
        "/reseaux/reseau-a/modifier/",
        {"name": "Repérer et réparer", "territory": "Ouest Béarn", "departements": "64, 2a, 40"},
    )
    world.network.refresh_from_db()
    assert world.network.name == "Repérer et réparer"
    assert sorted(world.network.departements.values_list("code", flat=True)) == ["2A", "40", "64"]
