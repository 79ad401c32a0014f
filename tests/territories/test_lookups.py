import math

import pytest

from maillage.core.text import normalize
from maillage.territories.enums import FrrClass
from maillage.territories.lookups import (
    AmbiguousCommune,
    CommuneNotFound,
    bounding_box,
    communes_by_postcode,
    communes_within,
    destination,
    distance_km,
    enclosing_polygon,
    has_qpv,
    resolve_commune,
    search_communes,
)
from maillage.territories.models import Commune, Qpv

pytestmark = pytest.mark.django_db


def names(communes):
    return [c.name for c in communes]


def test_normalize_drops_accents_case_punctuation_and_expands_saint():
    assert normalize("L'Haÿ-les-Roses") == "l hay les roses"
    assert normalize("  ST-Étienne ") == "saint etienne"
    assert normalize("Œuilly") == "oeuilly"


def test_search_by_name_ignores_accents_and_case_and_ranks_by_population():
    results = search_communes("POITI")
    assert results[0].name == "Poitiers"
    assert names(search_communes("orleans"))[0] == "Orléans"
    populations = [c.population or 0 for c in search_communes("saint", limit=10)]
    assert populations == sorted(populations, reverse=True)


def test_an_exact_name_comes_before_bigger_communes_that_only_start_with_it():
    assert search_communes("pau")[0].name == "Pau"
    assert search_communes("Lacq")[0].name == "Lacq"


def test_search_finds_a_word_inside_the_name():
    assert "La Seyne-sur-Mer" in names(search_communes("seyne"))


def test_st_is_understood_as_saint():
    assert search_communes("st etienne")[0].name == "Saint-Étienne"


def test_search_by_postcode_or_its_first_digits():
    assert set(names(search_communes("64150"))) >= {"Mourenx", "Lagor", "Pardies"}
    assert all(c.departement_id == "86" for c in search_communes("860"))


def test_corsican_codes_and_other_digits():
    assert search_communes("2A004")[0].name == "Ajaccio"
    assert search_communes("20000")[0].name == "Ajaccio"
    assert search_communes("７５")[0].name == "Paris"  # full-width digits, from a phone keyboard
    assert search_communes("٧٥") == []  # digits of another script are no French code


def test_search_leaves_out_arrondissements_and_returns_nothing_for_blank_text():
    assert all(c.kind == "COM" for c in search_communes("marseille"))
    assert search_communes("  - ") == []


def test_communes_by_postcode_lists_every_commune_of_a_shared_postcode():
    found = communes_by_postcode("64150")
    assert len(found) > 5
    assert found[0].name == "Mourenx"


def test_resolve_accepts_a_label_from_the_autocomplete_a_postcode_or_a_unique_name():
    assert resolve_commune("Poitiers (86000)").code == "86194"
    assert resolve_commune("86000").code == "86194"
    assert resolve_commune("mourenx").code == "64410"
    assert resolve_commune("Saint-Pierre (67)").code == "67429"


def test_resolve_reads_five_digits_as_a_postcode_before_an_insee_code():
    # 64150 is Mourenx's postcode (shared with others) and Bunus's INSEE code.
    with pytest.raises(AmbiguousCommune) as error:
        resolve_commune("64150")
    assert "Mourenx (64150)" in str(error.value)
    assert resolve_commune("86194").name == "Poitiers"  # no commune has postcode 86194


def test_resolve_lists_the_candidates_when_a_name_is_ambiguous():
    with pytest.raises(AmbiguousCommune) as error:
        resolve_commune("Saint-Pierre")
    assert len(error.value.candidates) > 3


def test_resolve_fails_on_unknown_text():
    with pytest.raises(CommuneNotFound):
        resolve_commune("Nulle-Part-sur-Rien")


def test_distance_between_two_known_points():
    # Paris (Notre-Dame) to Poitiers (town hall): about 297 km as the crow flies.
    assert distance_km(48.853, 2.3499, 46.5802, 0.3404) == pytest.approx(297, abs=3)
    assert distance_km(43.3, -0.6, 43.3, -0.6) == 0


def test_bounding_box_contains_every_point_within_the_radius():
    # Checked against every commune of France, not only those the box itself let through.
    for code, radius in [("64410", 25), ("75056", 5), ("97411", 40), ("2A004", 60)]:
        centre = Commune.objects.get(code=code)
        box = bounding_box(centre.latitude, centre.longitude, radius)
        inside = 0
        for commune in Commune.objects.communes().exclude(latitude=None):
            d = distance_km(centre.latitude, centre.longitude, commune.latitude, commune.longitude)
            if d <= radius:
                inside += 1
                assert box.min_lat <= commune.latitude <= box.max_lat, commune
                assert box.min_lon <= commune.longitude <= box.max_lon, commune
        assert inside == len(communes_within(centre, radius)), code


def inside(polygon: list[tuple[float, float]], lat: float, lon: float) -> bool:
    """Ray casting in the (lon, lat) plane, as PostgreSQL's ``point <@ polygon`` sees it."""
    crossings = 0
    for (lat1, lon1), (lat2, lon2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        between = (lat1 > lat) != (lat2 > lat)
        if between and lon < lon1 + (lat - lat1) * (lon2 - lon1) / (lat2 - lat1):
            crossings += 1
    return crossings % 2 == 1


@pytest.mark.parametrize("lat", [-21.1, 0.0, 43.3, 48.85, 51.0, 70.0])
@pytest.mark.parametrize("radius", [1, 20, 75, 200])
def test_the_enclosing_polygon_contains_the_whole_circle_and_little_more(lat, radius):
    polygon = enclosing_polygon(lat, 2.35, radius)
    assert polygon is not None and len(polygon) == 16
    for step in range(720):  # the circle itself, every half degree of bearing
        point = destination(lat, 2.35, radius, step * math.pi / 360)
        assert distance_km(lat, 2.35, *point) == pytest.approx(radius)
        assert inside(polygon, *point), (lat, radius, step)
    for v_lat, v_lon in polygon:  # and not far beyond it
        assert radius < distance_km(lat, 2.35, v_lat, v_lon) < radius * 1.045


def test_no_polygon_where_degrees_wrap():
    assert enclosing_polygon(-14.3, -178.1, 200) is None  # Wallis-et-Futuna, by the antimeridian
    assert enclosing_polygon(89.5, 0.0, 100) is None


def test_communes_within_a_radius_are_sorted_by_distance():
    mourenx = Commune.objects.get(code="64410")
    nearby = communes_within(mourenx, 15)
    assert nearby[0][0] == mourenx
    assert "Lacq" in [c.name for c, _ in nearby]
    assert "Pau" not in [c.name for c, _ in nearby]  # 22 km away
    distances = [km for _, km in nearby]
    assert distances == sorted(distances)


def test_a_commune_knows_its_epci_departement_and_region():
    commune = Commune.objects.with_context().get(code="64410")
    assert commune.epci.name == "CC de Lacq-Orthez"
    assert commune.departement.name == "Pyrénées-Atlantiques"
    assert commune.region.name == "Nouvelle-Aquitaine"


def test_frr_status_is_unknown_until_the_list_is_imported():
    commune = Commune.objects.get(code="64410")
    assert commune.is_frr is None
    commune.frr = FrrClass.PLUS
    assert commune.is_frr is True
    commune.frr = FrrClass.NON_CLASSEE
    assert commune.is_frr is False


def test_has_qpv():
    pau = Commune.objects.get(code="64445")
    assert not has_qpv(pau)
    Qpv.objects.create(code="QN06401M", name="Saragosse").communes.add(pau)
    assert has_qpv(pau)
