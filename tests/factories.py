import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from maillage.accounts.enums import MemberRole, OrganisationKind
from maillage.accounts.models import Membership, Network, NetworkRole, Organisation, User

PASSWORD = "un-mot-de-passe-solide"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"personne{n}@exemple.test")
    first_name = "Dominique"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    password = factory.django.Password(PASSWORD)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Structure {n}")
    kind = OrganisationKind.ASSOCIATION


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Réseau {n}")
    slug = factory.Sequence(lambda n: f"reseau-{n}")
    territory = "Ouest Béarn"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = MemberRole.COUNSELLOR
    is_admin = False


class NetworkRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkRole

    user = factory.SubFactory(UserFactory)
    network = factory.SubFactory(NetworkFactory)


def confirmed_totp(user) -> TOTPDevice:
    return TOTPDevice.objects.create(
        user=user, name="Application d'authentification", confirmed=True
    )
