from django.core.management.base import BaseCommand

from maillage.demo.management.commands.seed_demo import print_logins


class Command(BaseCommand):
    help = "Affiche les comptes de démonstration."

    def handle(self, *args, **options):
        print_logins(self.stdout.write)
