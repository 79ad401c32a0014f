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


# --- referrals: a person held by an organisation, their consent, a service taking referrals,
# a referral. Territories are loaded in every test database (64445 is Pau).


def a_person(*, organisation, network, **fields):
    from maillage.intake.models import Person

    values = {
        "first_name": "Samia",
        "last_name": "Benali",
        "phone": "06 12 34 56 78",
        "email": "samia@exemple.test",
        "commune_id": "64445",
    }
    return Person.objects.create(organisation=organisation, network=network, **{**values, **fields})


def a_consent(*, person, shared_with=(), purposes=("sharing",), **fields):
    from maillage.intake.models import Consent

    consent = Consent.objects.create(
        person=person, purposes=list(purposes), given_to=person.organisation, **fields
    )
    consent.shared_with.set(shared_with)
    return consent


def a_referral_service(*, organisation, name="Atelier CV", **fields):
    """A published service of a structure held by ``organisation``, taking referrals."""
    from maillage.directory.models import Service, Structure

    structure, _ = Structure.objects.get_or_create(
        source="tests",
        di_id=f"referrals-{organisation.pk}",
        defaults={"nom": organisation.name, "organisation": organisation},
    )
    values = {
        "source": "tests",
        "di_id": f"referrals-{organisation.pk}-{Service.objects.count()}",
        "structure": structure,
        "nom": name,
        "description": "Un service",
        "accepts_referrals": True,
    }
    return Service.objects.create(**{**values, **fields})


def a_referral(*, person, service, sent_by=None, **fields):
    """A referral as sent (its transition logged), without going through the send checks."""
    from maillage.referrals.models import Referral, ReferralTransition

    consent = fields.pop("consent", None) or a_consent(
        person=person, shared_with=[service.structure.organisation]
    )
    referral = Referral.objects.create(
        person=person,
        service=service,
        receiving_organisation=service.structure.organisation,
        sending_organisation=person.organisation,
        sent_by=sent_by,
        network=person.network,
        consent=consent,
        message=fields.pop("message", "Cherche un premier emploi dans la vente."),
        origin_channel=person.origin_channel,
        **fields,
    )
    ReferralTransition.objects.create(
        referral=referral, to_state="sent", at=referral.sent_at, by=sent_by
    )
    return referral
