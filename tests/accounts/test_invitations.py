import re

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from maillage.accounts.enums import InvitationKind, MemberRole
from maillage.accounts.models import Invitation, Membership, Organisation, User
from maillage.core.enums import AuditAction
from maillage.core.models import AuditEvent
from tests.personas import sign_in_verified

pytestmark = pytest.mark.django_db

NEW_ACCOUNT = {
    "first_name": "Inès",
    "last_name": "Nouvelle",
    "password1": "un-mot-de-passe-2026!",
    "password2": "un-mot-de-passe-2026!",
}


def invitation_link() -> str:
    return re.search(r"http://testserver(/invitation/\S+/)", mail.outbox[-1].body).group(1)


def test_an_admin_invites_a_counsellor_who_creates_her_account(world, client, committed):
    admin = world.client("org_admin")
    response = committed(
        admin.post,
        f"/structures/{world.organisation.pk}/inviter/",
        {"email": "Ines@Exemple.test", "role": "facilitator"},
    )
    assert response.status_code == 302
    assert "rejoindre la structure « Mission locale »" in mail.outbox[0].body
    link = invitation_link()
    page = client.get(link)
    assert "Créer votre compte" in page.content.decode()
    response = client.post(link, NEW_ACCOUNT)
    assert response.status_code == 302
    ines = User.objects.get(email="ines@exemple.test")
    membership = Membership.objects.get(user=ines)
    assert (membership.organisation, membership.role) == (
        world.organisation,
        MemberRole.FACILITATOR,
    )
    assert AuditEvent.objects.filter(action=AuditAction.INVITATION_ACCEPTED, actor=ines).exists()
    # The link is spent.
    client.logout()
    again = client.get(link)
    assert again.status_code == 400
    assert "Elle a déjà été acceptée" in again.content.decode()


def test_an_expired_invitation_says_what_happened_and_what_to_do(world, client, committed):
    committed(
        world.client("org_admin").post,
        f"/structures/{world.organisation.pk}/inviter/",
        {"email": "tard@exemple.test", "role": "counsellor"},
    )
    link = invitation_link()
    with time_machine.travel(timezone.now() + timezone.timedelta(days=15)):
        response = client.get(link)
        html = response.content.decode()
        assert response.status_code == 400
        assert "Elle a expiré le" in html
        assert (
            "Demandez une nouvelle invitation à la personne qui vous a invité·e (admin@ml.test)"
            in html
        )
        assert client.post(link, NEW_ACCOUNT).status_code == 400
    assert not User.objects.filter(email="tard@exemple.test").exists()


def test_a_revoked_invitation_no_longer_works(world, client, committed):
    admin = world.client("org_admin")
    committed(
        admin.post,
        f"/structures/{world.organisation.pk}/inviter/",
        {"email": "x@exemple.test", "role": "counsellor"},
    )
    invitation = Invitation.objects.get()
    admin.post(f"/structures/{world.organisation.pk}/invitations/{invitation.pk}/annuler/")
    assert "Elle a été annulée" in client.get(invitation_link()).content.decode()


def test_an_unknown_link_gets_a_french_page(client):
    response = client.get("/invitation/nimporte-quoi/")
    assert response.status_code == 400
    assert "Le lien est incomplet ou ne correspond à aucune invitation" in response.content.decode()


def test_someone_signed_in_with_another_address_is_told(world, committed):
    committed(
        world.client("org_admin").post,
        f"/structures/{world.organisation.pk}/inviter/",
        {"email": "x@exemple.test", "role": "counsellor"},
    )
    response = world.client("outsider").get(invitation_link())
    assert response.status_code == 200
    assert "Cette invitation est pour une autre adresse" in response.content.decode()


def test_inviting_an_existing_member_is_an_error_at_the_field(world, committed):
    response = committed(
        world.client("org_admin").post,
        f"/structures/{world.organisation.pk}/inviter/",
        {"email": "conseil@ml.test", "role": "counsellor"},
    )
    assert response.status_code == 400
    assert (
        'id="id_email_error"><p>conseil@ml.test est déjà membre de Mission locale.'
        in response.content.decode()
    )
    assert Invitation.objects.count() == 0


def test_a_coordinator_invites_an_organisation_that_joins_with_its_siret(world, client, committed):
    committed(
        world.client("coordinator").post,
        "/reseaux/reseau-a/inviter-structure/",
        {"email": "directrice@cae.test"},
    )
    link = invitation_link()
    form = {
        **NEW_ACCOUNT,
        "org-name": "CAE du Béarn",
        "org-kind": "cae",
        "org-siret": "73282932000074",
    }
    # A SIRET that fails the checksum: an error at its field, and nothing is created.
    bad = client.post(link, {**form, "org-siret": "73282932000075"})
    assert bad.status_code == 200  # errors shown; never a 4xx, whose URL Django would log
    assert 'id="id_org-siret_error"><p>Ce numéro SIRET n&#x27;existe pas' in bad.content.decode()
    assert not User.objects.filter(email="directrice@cae.test").exists()
    assert not Organisation.objects.filter(name="CAE du Béarn").exists()
    response = client.post(link, {**form, "org-commune": "Orthez (64300)"})
    assert response.status_code == 302
    cae = Organisation.objects.get(name="CAE du Béarn")
    assert cae.commune.name == "Orthez"
    assert world.network in cae.networks.all()
    assert Membership.objects.get(organisation=cae).is_admin


def test_a_funder_invitation_gives_the_funder_role(world, client, committed):
    committed(
        world.client("coordinator").post,
        "/reseaux/reseau-a/inviter-role/",
        {"email": "region@exemple.test", "role": "funder"},
    )
    client.post(invitation_link(), NEW_ACCOUNT)
    region = User.objects.get(email="region@exemple.test")
    assert region.network_roles.get().role == "funder"
    assert client.get("/reseaux/reseau-a/").status_code == 200
    assert client.get("/reseaux/reseau-a/journal/").status_code == 403


def test_an_existing_account_signs_in_first_then_accepts(world, client, committed):
    committed(
        world.client("coordinator").post,
        "/reseaux/reseau-a/inviter-role/",
        {"email": "conseil@ml.test", "role": "coordinator"},
    )
    link = invitation_link()
    assert "Connectez-vous pour accepter" in client.get(link).content.decode()
    sign_in_verified(client, world.users["counsellor"])
    assert client.post(link).status_code == 302
    assert world.users["counsellor"].network_roles.get().role == "coordinator"
    assert Invitation.objects.get().kind == InvitationKind.NETWORK_ROLE


def test_a_siret_already_on_maillage_is_an_error_at_its_field_and_nothing_is_created(
    world, client, committed
):
    world.organisation.siret = "73282932000074"
    world.organisation.save()
    committed(
        world.client("coordinator").post,
        "/reseaux/reseau-a/inviter-structure/",
        {"email": "double@cae.test"},
    )
    response = client.post(
        invitation_link(),
        {**NEW_ACCOUNT, "org-name": "Doublon", "org-kind": "cae", "org-siret": "732 829 320 00074"},
    )
    assert (
        response.status_code == 200
    )  # errors shown; never a 4xx, whose URL (a live token) Django would log
    assert (
        'id="id_org-siret_error"><p>Une structure avec ce SIRET existe déjà'
        in response.content.decode()
    )
    assert not User.objects.filter(email="double@cae.test").exists()
    assert Organisation.objects.filter(siret="73282932000074").count() == 1
