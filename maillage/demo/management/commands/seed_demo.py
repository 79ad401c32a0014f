from django.conf import settings
from django.core.management.base import CommandError

from maillage.accounts.models import User
from maillage.core.management.base import MaillageCommand

# Printed by `make demo`. Never created outside a demo: the command refuses when DEBUG is off.
DEMO_PASSWORD = "demo-maillage-2026"
DEMO_LOGINS = [
    {
        "email": "admin@demo.maillage.test",
        "role": "administration technique (/admin/)",
        "fields": {
            "first_name": "Camille",
            "last_name": "Technique",
            "is_staff": True,
            "is_superuser": True,
        },
    },
]


class Command(MaillageCommand):
    help = "Crée les comptes et le réseau de démonstration (jamais en production)."

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
        created = 0
        for login in DEMO_LOGINS:
            user, was_created = User.objects.get_or_create(
                email=login["email"], defaults=login["fields"]
            )
            if was_created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
                created += 1
        kept = len(DEMO_LOGINS) - created
        return f"Démonstration : {created} compte(s) créé(s), {kept} déjà présent(s)"


def print_logins(write) -> None:
    write(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD})")
    for login in DEMO_LOGINS:
        write(f"  - {login['email']:<32} {login['role']}")
