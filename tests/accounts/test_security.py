"""Regression tests for the holes a security review found (each one tried, then closed)."""

import pytest
from django.core import mail
from django.db import DatabaseError, connection, transaction
from django.test import Client

from maillage.accounts.enums import NetworkRoleKind
from maillage.accounts.models import Membership, NetworkRole
from maillage.core import audit
from maillage.core.audit import client_ip
from maillage.core.enums import AuditAction
from maillage.core.models import AuditEvent
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    NetworkRoleFactory,
    UserFactory,
    confirmed_totp,
)

pytestmark = pytest.mark.django_db


def password_only(user) -> Client:
    """Signed in with the password, the second factor not given yet."""
    client = Client()
    response = client.post("/connexion/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_a_password_alone_cannot_enrol_a_new_app_over_the_existing_one(world):
    counsellor = world.users["counsellor"]
    client = password_only(counsellor)
    response = client.get("/compte/double-authentification/")
    assert response["Location"].startswith("/connexion/verification/")
    response = client.post("/compte/double-authentification/", {"code": "123456"})
    assert response["Location"].startswith("/connexion/verification/")
    assert counsellor.totpdevice_set.filter(confirmed=True).count() == 1


def test_a_password_alone_shows_nothing_on_the_home_page_and_accepts_no_invitation(
    world, committed
):
    world.outside_organisation.memberships.create(
        user=world.users["coordinator"], role="counsellor"
    )
    client = password_only(world.users["org_admin"])
    world.client("outsider").post(
        f"/structures/{world.organisation.pk}/rejoindre/", {"message": ""}
    )
    home = client.get("/").content.decode()
    assert "Bonjour" not in home and "conseil@ailleurs.test" not in home
    committed(
        world.client("coordinator").post,
        "/reseaux/reseau-a/inviter-role/",
        {"email": "admin@ml.test", "role": "coordinator"},
    )
    link = mail.outbox[-1].body.split("http://testserver")[1].split()[0]
    assert client.get(link)["Location"].startswith("/connexion/verification/")
    assert client.post(link)["Location"].startswith("/connexion/verification/")
    assert not NetworkRole.objects.filter(user=world.users["org_admin"]).exists()


def test_the_admin_site_signs_in_through_maillage_lockout_included(client):
    staff = UserFactory(email="staff@maillage.test", is_staff=True, is_superuser=True)
    assert client.get("/admin/login/?next=/admin/")["Location"] == "/connexion/?next=/admin/"
    for _ in range(5):
        client.post("/connexion/", {"username": staff.email, "password": "faux"})
    client.post("/admin/login/", {"username": staff.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_a_network_log_shows_nothing_of_another_network(world, committed):
    # A counsellor of network A's organisation also coordinates network B.
    NetworkRoleFactory(
        network=world.other_network, user=world.users["counsellor"], role="coordinator"
    )
    confirmed_totp(world.users["counsellor"])
    committed(
        world.client("counsellor").post,
        "/reseaux/reseau-b/inviter-structure/",
        {"email": "secret@reseau-b.test"},
    )
    html = world.client("coordinator").get("/reseaux/reseau-a/journal/").content.decode()
    assert "secret@reseau-b.test" not in html


def test_an_org_admin_cannot_strip_the_second_factor_of_someone_trusted_elsewhere(world):
    coordinator = world.users["coordinator"]
    confirmed_totp(coordinator)
    membership = Membership.objects.create(
        user=coordinator, organisation=world.organisation, role="counsellor"
    )
    page = world.client("org_admin").post(
        f"/structures/{world.organisation.pk}/membres/{membership.pk}/",
        {"action": "reset_2fa"},
        follow=True,
    )
    assert "demandez à l&#x27;équipe de la plateforme" in page.content.decode()
    assert coordinator.totpdevice_set.exists()


def test_a_reset_second_factor_is_told_to_its_owner(world, committed):
    membership = world.users["counsellor"].memberships.get()
    committed(
        world.client("org_admin").post,
        f"/structures/{world.organisation.pk}/membres/{membership.pk}/",
        {"action": "reset_2fa"},
    )
    assert mail.outbox[-1].to == ["conseil@ml.test"]
    assert "a réinitialisé votre double authentification" in mail.outbox[-1].body


def test_ids_of_another_organisation_or_network_are_not_found(world):
    admin = world.client("org_admin")
    foreign = world.users["other_org_counsellor"].memberships.get()
    response = admin.post(
        f"/structures/{world.organisation.pk}/membres/{foreign.pk}/", {"action": "remove"}
    )
    assert response.status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()
    other_coordinator = NetworkRoleFactory(
        network=world.other_network, role=NetworkRoleKind.COORDINATOR
    ).user
    confirmed_totp(other_coordinator)
    client = Client()
    from tests.personas import sign_in_verified

    sign_in_verified(client, other_coordinator)
    role = NetworkRole.objects.get(user=world.users["coordinator"])
    assert client.post(f"/reseaux/reseau-a/roles/{role.pk}/retirer/").status_code == 404
    assert client.post(f"/reseaux/reseau-b/roles/{role.pk}/retirer/").status_code == 404
    assert NetworkRole.objects.filter(pk=role.pk).exists()


def test_a_password_reset_lifts_the_lock(client):
    user = UserFactory(email="bloquee@exemple.test")
    for _ in range(5):
        client.post("/connexion/", {"username": user.email, "password": "faux"})
    audit.record(AuditAction.PASSWORD_CHANGED, actor=user, target_label=user.email)
    assert (
        client.post("/connexion/", {"username": user.email, "password": PASSWORD}).status_code
        == 302
    )


def test_successful_sign_ins_do_not_use_up_the_connection_allowance(client):
    users = [MembershipFactory(role="capteur").user for _ in range(35)]
    for user in users:
        assert (
            client.post("/connexion/", {"username": user.email, "password": PASSWORD}).status_code
            == 302
        )
        client.logout()


def test_behind_the_proxy_the_client_address_is_the_one_it_added(rf, settings):
    settings.BEHIND_PROXY = True
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="10.0.0.2")
    assert client_ip(request) == "203.0.113.9"
    settings.BEHIND_PROXY = False
    assert client_ip(request) == "10.0.0.2"


def test_deleting_a_user_keeps_the_log_intact_and_the_database_refuses_edits(world):
    user = UserFactory(email="partie@exemple.test")
    event = audit.record(AuditAction.LOGIN_SUCCEEDED, actor=user, target_label=user.email)
    user_id = user.pk
    user.delete()
    event = AuditEvent.objects.get(pk=event.pk)
    assert (event.actor_id, event.actor_label) == (user_id, "partie@exemple.test")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET actor_label = 'falsifié'")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent")
    assert AuditEvent.objects.get(pk=event.pk).actor_label == "partie@exemple.test"
