"""manage.py suggest: the suggestions engine from a terminal, as a table or as the API's JSON.

A read-only command: it does not use MaillageCommand (one transaction, --dry-run, a summary
line with the time), which would add nothing here and would break ``--json`` output.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from maillage.intake.suggestions import (
    DEFAULT_LIMIT,
    Criteria,
    InvalidCriteria,
    as_json,
    find_commune,
    suggest,
)


class Command(BaseCommand):
    help = (
        "Propose les services de l'annuaire pour une situation (commune, besoins, publics, "
        "freins, âge…), classés et expliqués ; les services exclus sont listés à part."
    )

    def add_arguments(self, parser):
        parser.add_argument("--commune", required=True, help="code INSEE (ou code postal, nom)")
        parser.add_argument(
            "--thematique",
            action="append",
            default=[],
            help="besoin : catégorie ou sous-thématique data·inclusion (répétable)",
        )
        parser.add_argument("--public", action="append", default=[], help="public (répétable)")
        parser.add_argument(
            "--barrier", action="append", default=[], help="frein, par exemple mobilite"
        )
        parser.add_argument("--age", type=int)
        parser.add_argument("--french-level", help="niveau de français : A1 à C2")
        parser.add_argument(
            "--france-travail", choices=["yes", "no"], help="inscrite à France Travail ?"
        )
        parser.add_argument("--already-supported-by", help="structure qui accompagne déjà")
        parser.add_argument("--radius-km", type=float)
        parser.add_argument("--text", default="", help="texte libre")
        parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT)
        parser.add_argument("--json", action="store_true", help="la réponse de l'API, en JSON")

    def handle(self, *args, **options):
        registered = {"yes": True, "no": False, None: None}[options["france_travail"]]
        try:
            criteria = Criteria(
                commune=find_commune(options["commune"]),
                radius_km=options["radius_km"],
                age=options["age"],
                french_level=options["french_level"],
                registered_france_travail=registered,
                already_supported_by=options["already_supported_by"],
                thematiques=options["thematique"],
                publics=options["public"],
                barriers=options["barrier"],
                text=options["text"],
                limit=options["limit"],
            )
        except InvalidCriteria as error:
            raise CommandError(str(error)) from None
        result = suggest(criteria)
        if options["json"]:
            self.stdout.write(json.dumps(as_json(result), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Services proposés pour {criteria.commune.name} :")
        if not result.results:
            self.stdout.write("  aucun.")
        for rank, s in enumerate(result.results, start=1):
            distance = f", {s.distance_km:.1f} km" if s.distance_km is not None else ""
            distance = distance.replace(".", ",")
            score = f"{s.score:.2f}".replace(".", ",")
            self.stdout.write(
                f"{rank:>3}. {s.service.nom} — {s.service.structure.nom} "
                f"(n° {s.service.pk}, score {score}{distance})"
            )
            for reason in s.reasons:
                self.stdout.write(f"       · {reason}")
        if result.ineligible:
            self.stdout.write("\nServices exclus par une règle :")
            for i in result.ineligible:
                rules = " ; ".join(i.rules)
                self.stdout.write(f"   - {i.service.nom} (n° {i.service.pk}) : {rules}")
