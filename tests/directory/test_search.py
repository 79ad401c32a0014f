"""The search engine on the demo directory, where the right answers are known."""

import math

import pytest

from maillage.directory.models import Service
from maillage.directory.search import SearchParams, search
from maillage.territories.lookups import destination, distance_km
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


def test_radius_search_finds_what_is_just_inside_the_circle_and_not_just_outside(demo_directory):
    """Services 19.8 and 20.2 km away all around: the prefilter on positions (a polygon or a
    box) lets none of the first out, the exact distance none of the second in."""
    mourenx = commune("64410")
    base = Service.objects.get(di_id="plie-parcours")
    for k in range(24):
        for km in (19.8, 20.2):
            lat, lon = destination(
                mourenx.latitude, mourenx.longitude, km, (k + 0.5) * math.pi / 12
            )
            ring = Service.objects.get(pk=base.pk)
            ring.pk, ring.di_id, ring.geo_latitude, ring.geo_longitude = None, f"{km}-{k}", lat, lon
            ring.save()
    found, page = [], 1
    while hits := search(SearchParams(commune=mourenx, radius_km=20, page=page)).hits:
        found += [h.service.di_id for h in hits]
        page += 1
    assert {di_id for di_id in found if di_id.startswith("19.8-")} == {
        f"19.8-{k}" for k in range(24)
    }
    assert not [di_id for di_id in found if di_id.startswith("20.2-")]
    within = [
        s.di_id
        for s in Service.objects.visible().exclude(geo_latitude=None)
        if distance_km(mourenx.latitude, mourenx.longitude, s.geo_latitude, s.geo_longitude) <= 20
    ]
    assert sorted(found) == sorted(within)


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


def test_the_words_of_a_categorie_find_its_services(demo_directory):
    """« créer mon entreprise » (the issue's own words) finds services of the catégorie « Créer
    une entreprise » whose sub-thématiques say « création » or « développer »."""
    found = search(SearchParams(q="créer mon entreprise"))
    assert found.total > 0
    assert all(
        any(t.startswith("creer-une-entreprise") for t in h.service.thematiques)
        or "entreprise" in (h.service.nom + h.service.description).lower()
        for h in found.hits
    )


def test_the_migration_gives_existing_services_their_categories_words(demo_directory):
    import importlib
    from types import SimpleNamespace

    from django.apps import apps as current_apps
    from django.db import connection

    migration = importlib.import_module("maillage.directory.migrations.0011_category_words")
    Service.objects.update(search_labels="", search_text="")  # as written before it
    before = search(SearchParams(q="créer mon entreprise")).total  # by their own words only
    migration.forward(current_apps, SimpleNamespace(connection=connection))  # what it uses
    assert search(SearchParams(q="créer mon entreprise")).total > before
