"""The search engine on the demo directory, where the right answers are known."""

import pytest

from maillage.directory.models import Service
from maillage.directory.search import SearchParams, search
from maillage.territories.models import Commune

pytestmark = pytest.mark.django_db


def names(result):
    return [hit.service.di_id for hit in result.hits]


def commune(code):
    return Commune.objects.get(code=code)


def test_zone_search_gives_the_services_open_to_the_commune_nearest_first(demo_directory):
    result = search(SearchParams(commune=commune("64410")))  # Mourenx
    ids = names(result)
    assert ids[:3] == sorted(ids[:3])  # the three PLIE services, 0 km, by name then
    assert {
        "plie-parcours",
        "kit-metiers-verts",
        "ml-bearn-garantie-jeunes",
        "impayes-loyer",
    } <= set(ids)
    assert "permis-solidaire" not in ids  # Gironde only
    distances = [h.distance_km for h in result.hits]
    assert distances == sorted(distances)


def test_radius_search_keeps_what_is_within_the_radius(demo_directory):
    result = search(SearchParams(commune=commune("64410"), radius_km=20))
    assert all(h.distance_km <= 20 for h in result.hits)
    assert "bilan-sante" not in names(result)  # Oloron, 24 km


def test_a_category_stands_for_its_sub_thematiques(demo_directory):
    result = search(SearchParams(thematiques=["mobilite"]))
    assert set(names(result)) == {"permis-solidaire", "location-vehicule-emploi"}
    result = search(SearchParams(thematiques=["mobilite--preparer-un-permis"]))
    assert names(result) == ["permis-solidaire"]


def test_a_public_filter_keeps_services_for_everyone_too(demo_directory):
    ids = set(names(search(SearchParams(commune=commune("64410"), publics=["seniors"]))))
    assert "impayes-loyer" in ids  # tous-publics
    assert "ml-bearn-garantie-jeunes" not in ids


@pytest.mark.parametrize(
    "words, expected",
    [
        ("garde d'enfants", "garde-urgence-emploi"),
        ("permis", "permis-solidaire"),
        ("apprendre le français", "francais-debutants"),
        ("créer mon entreprise", "cae-test-activite"),
        ("découvrir les métiers du numérique", "decouvrir-numerique-femmes"),
        ("METIERS VERTS", "kit-metiers-verts"),
    ],
)
def test_free_text_in_french(demo_directory, words, expected):
    assert expected in names(search(SearchParams(q=words)))


def test_filters_and_counts(demo_directory):
    result = search(
        SearchParams(commune=commune("64410"), types=["accompagnement"], accepts_referrals=True)
    )
    assert all(
        h.service.type == "accompagnement" and h.service.accepts_referrals for h in result.hits
    )
    counts = search(SearchParams(commune=commune("64410"))).facets
    assert counts["type"]["accompagnement"] >= 3
    assert counts["categories"]["trouver-un-emploi"] >= 2


def test_suspended_archived_and_draft_services_are_not_shown(demo_directory):
    import datetime

    today = datetime.date.today()
    Service.objects.filter(di_id="permis-solidaire").update(
        status="suspended", suspended_from=today, suspended_until=today + datetime.timedelta(days=7)
    )
    Service.objects.filter(di_id="francais-debutants").update(status="archived")
    ids = names(search(SearchParams(q="permis"))) + names(search(SearchParams(q="français")))
    assert "permis-solidaire" not in ids and "francais-debutants" not in ids


def test_radius_counts_cover_the_disc_not_the_box_around_it(demo_directory):
    result = search(SearchParams(commune=commune("64410"), radius_km=20))
    assert sum(result.facets["frais"].values()) == result.total
