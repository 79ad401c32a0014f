import json
from pathlib import Path

from maillage.core.management.base import MaillageCommand
from maillage.directory.dataincl import service_record, structure_record
from maillage.directory.models import Service, Structure


class Command(MaillageCommand):
    help = (
        "Exporte l'annuaire publié au format data·inclusion v1 : structures.json et services.json "
        "(tableaux JSON, comme l'API data·inclusion), adresses confidentielles retirées."
    )

    def add_command_arguments(self, parser):
        parser.add_argument("folder", help="dossier où écrire structures.json et services.json")

    def run(self, *, folder: str, **options) -> str:
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        services = Service.objects.visible().select_related("structure").order_by("source", "di_id")
        structure_ids = set(services.values_list("structure_id", flat=True))
        structures = Structure.objects.filter(pk__in=structure_ids).order_by("source", "di_id")
        counts = {}
        for name, queryset, to_record in (
            ("structures", structures, structure_record),
            ("services", services, service_record),
        ):
            # Written record by record: a 100k directory never sits in memory whole.
            with open(target / f"{name}.json", "w", encoding="utf-8") as f:
                f.write("[")
                count = 0
                for i, obj in enumerate(queryset.iterator(chunk_size=2000)):
                    count += 1
                    f.write(
                        ("," if i else "")
                        + "\n"
                        + json.dumps(to_record(obj), ensure_ascii=False, default=str)
                    )
                f.write("\n]\n")
                counts[name] = count
        return (
            f"Export data·inclusion : {counts['structures']} structures, "
            f"{counts['services']} services dans {target}"
        )
