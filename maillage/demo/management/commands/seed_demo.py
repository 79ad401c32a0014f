import hashlib
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from maillage.accounts import permissions
from maillage.accounts.models import (
    Membership,
    Network,
    NetworkMembership,
    NetworkRole,
    Organisation,
    User,
)
from maillage.accounts.twofactor import TOTP_DEVICE_NAME
from maillage.core.management.base import MaillageCommand
from maillage.demo.data import (
    DEMO_DOMAIN,
    DEMO_PASSWORD,
    DIRECTORY_EXTENSIONS,
    DIRECTORY_OWNERS,
    DIRECTORY_SOURCE,
    NETWORKS,
    PEOPLE,
)
from maillage.demo.outreach import seed_outreach
from maillage.directory.importers import import_dataincl
from maillage.directory.models import Service, Structure
from maillage.outreach.models import Referrer

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


def demo_totp_key(email: str) -> str:
    """A fixed key per demo account (hex), so `demo_otp_code` can show the current code."""
    return hashlib.sha256(f"maillage-demo:{email}".encode()).hexdigest()[:40]


class Command(MaillageCommand):
    help = "Crée les réseaux, structures et comptes de démonstration (jamais en production)."

    def add_command_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Créer les comptes de démonstration même si DEBUG est désactivé.",
        )

    def run(self, *, allow_without_debug: bool = False, **options) -> str:
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError(
                "seed_demo crée des comptes au mot de passe connu : il ne tourne qu'avec DEBUG=1."
            )
        organisations = {}
        for spec in NETWORKS:
            network, _ = Network.objects.update_or_create(
                slug=spec["slug"],
                defaults={k: spec[k] for k in ("name", "territory", "description")},
            )
            network.departements.set(spec["departements"])
            for name, kind, commune in spec["organisations"]:
                organisation, _ = Organisation.objects.get_or_create(
                    name=name, defaults={"kind": kind, "commune_id": commune}
                )
                NetworkMembership.objects.get_or_create(network=network, organisation=organisation)
                organisations[name] = organisation
        created = 0
        people = [("admin", "Camille", "Technique", "", [], []), *PEOPLE]
        for local, first, last, _, memberships, roles in people:
            email = f"{local}@{DEMO_DOMAIN}"
            user, was_created = User.objects.get_or_create(
                email=email, defaults={"first_name": first, "last_name": last}
            )
            if was_created:
                user.set_password(DEMO_PASSWORD)
                user.is_staff = user.is_superuser = local == "admin"
                user.save()
                created += 1
            for organisation, role, is_admin in memberships:
                Membership.objects.get_or_create(
                    user=user,
                    organisation=organisations[organisation],
                    defaults={"role": role, "is_admin": is_admin},
                )
            for slug, role in roles:
                NetworkRole.objects.get_or_create(
                    network=Network.objects.get(slug=slug), user=user, role=role
                )
            permissions.forget(user)
            if permissions.requires_two_factor(user):
                TOTPDevice.objects.get_or_create(
                    user=user,
                    name=TOTP_DEVICE_NAME,
                    defaults={"key": demo_totp_key(email), "confirmed": True},
                )
        report = import_dataincl(
            source=DIRECTORY_SOURCE,
            structures_path=DATA_DIR / "structures.json",
            services_path=DATA_DIR / "services.json",
        )
        for di_id, values in DIRECTORY_EXTENSIONS.items():
            Service.objects.filter(source=DIRECTORY_SOURCE, di_id=di_id).update(**values)
        for di_id, name in DIRECTORY_OWNERS.items():
            Structure.objects.filter(source=DIRECTORY_SOURCE, di_id=di_id).update(
                organisation=organisations[name]
            )
        outreach = seed_outreach()
        return (
            f"Démonstration : {len(NETWORKS)} réseaux, {len(organisations)} structures, "
            f"{created} compte(s) créé(s) ; annuaire : {report.summary()} ; {outreach}"
        )


def print_logins(write) -> None:
    write(f"Comptes de démonstration (mot de passe pour tous : {DEMO_PASSWORD})")
    write(f"  - {'admin@' + DEMO_DOMAIN:<44} administration technique (/admin/)")
    for local, *_, label, _memberships, _roles in PEOPLE:
        write(f"  - {local + '@' + DEMO_DOMAIN:<44} {label}")
    write("Code de double authentification d'un compte de démonstration :")
    write("  make demo-code EMAIL=coordination.poitiers@" + DEMO_DOMAIN)
    write("Capteur : « Recevoir un lien de connexion » ; le courriel est écrit dans var/mail/.")
    bar = Referrer.objects.filter(name__startswith="Bar-tabac Le Central").first()
    if bar is not None:
        write(f"Lien personnel du capteur (sans compte) : {settings.SITE_URL}/c/{bar.link_token}/")
        write("Signalements, capteurs, accueil : facilitatrice.plie@" + DEMO_DOMAIN)
        write(
            "Messages envoyés (courriels, SMS de démonstration) : /orientations/messages-envoyes/"
        )
