"""The people of the permission tests: one small network and its neighbours.

- network "Réseau A": organisations "Mission locale" (an admin, a counsellor, a facilitator who
  works the network's leads) and "Association"
  (a counsellor), a capteur's shop, a coordinator and a funder;
- "Hors réseau", an organisation in another network, with its own counsellor;
- an anonymous visitor.
"""

from dataclasses import dataclass

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from maillage.accounts.enums import MemberRole, NetworkRoleKind
from maillage.accounts.models import NetworkMembership
from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    NetworkRoleFactory,
    OrganisationFactory,
    confirmed_totp,
)

PERSONAS = [
    "coordinator",
    "org_admin",
    "counsellor",
    "facilitator",
    "other_org_counsellor",
    "outsider",
    "funder",
    "capteur",
    "anonymous",
]


@dataclass
class World:
    network: object
    other_network: object
    organisation: object
    other_organisation: object
    outside_organisation: object
    shop: object
    users: dict

    def client(self, persona: str) -> Client:
        client = Client()
        user = self.users.get(persona)
        if user is not None:
            sign_in_verified(client, user)
        return client


def sign_in_verified(client: Client, user) -> None:
    """Signed in, and past the second factor when the user has one."""
    client.force_login(user)
    device = user.totpdevice_set.filter(confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


@pytest.fixture
def world(db) -> World:
    network = NetworkFactory(name="Réseau A", slug="reseau-a")
    other_network = NetworkFactory(name="Réseau B", slug="reseau-b")
    organisation = OrganisationFactory(name="Mission locale")
    other_organisation = OrganisationFactory(name="Association")
    shop = OrganisationFactory(name="Bar-tabac", kind="entreprise")
    outside = OrganisationFactory(name="Hors réseau")
    for org in (organisation, other_organisation, shop):
        NetworkMembership.objects.create(network=network, organisation=org)
    NetworkMembership.objects.create(network=other_network, organisation=outside)
    users = {
        "org_admin": MembershipFactory(
            organisation=organisation, is_admin=True, user__email="admin@ml.test"
        ).user,
        "counsellor": MembershipFactory(
            organisation=organisation, user__email="conseil@ml.test"
        ).user,
        "facilitator": MembershipFactory(
            organisation=organisation, role=MemberRole.FACILITATOR, user__email="facil@ml.test"
        ).user,
        "other_org_counsellor": MembershipFactory(
            organisation=other_organisation, user__email="conseil@asso.test"
        ).user,
        "outsider": MembershipFactory(
            organisation=outside, user__email="conseil@ailleurs.test"
        ).user,
        "capteur": MembershipFactory(
            organisation=shop, role=MemberRole.CAPTEUR, user__email="bar@capteur.test"
        ).user,
        "coordinator": NetworkRoleFactory(
            network=network, role=NetworkRoleKind.COORDINATOR, user__email="coord@reseau.test"
        ).user,
        "funder": NetworkRoleFactory(
            network=network, role=NetworkRoleKind.FUNDER, user__email="finance@reseau.test"
        ).user,
    }
    for persona in (
        "org_admin",
        "counsellor",
        "facilitator",
        "other_org_counsellor",
        "outsider",
        "coordinator",
    ):
        confirmed_totp(users[persona])
    return World(network, other_network, organisation, other_organisation, outside, shop, users)
