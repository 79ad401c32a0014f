"""PostgreSQL: a commune and nothing else is answered from the per-zone counts and a nearest-first
page (migration 0005). Same answers as the row path, whatever wrote the services."""

import datetime
import importlib

import pytest
from django.db import connection

from maillage.directory import facet_codes, zone_counts
from maillage.directory import search as search_module
from maillage.directory.models import Service
from maillage.directory.search import PAGE_SIZE, SearchParams, search
from maillage.territories.models import Commune
from tests.directory.test_search_index import expected_facets, expected_matches

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the zone counts exist on PostgreSQL only"
    ),
]

COMMUNES = ["64410", "64445", "64430", "86194", "33522", "75101"]  # 75101: an arrondissement


def clone(base: Service, di_id: str, **changes) -> Service:
    service = Service.objects.get(pk=base.pk)
    service.pk = None
    service.di_id = di_id
    for name, value in changes.items():
        setattr(service, name, value)
    service.save()
    return service


@pytest.fixture
def crowded(demo_directory):
    """The demo directory and what would make uncorrected sums or a careless page wrong: services
    open to several of a commune's codes, suspended ones inside and outside their dates, a draft,
    services without a position, and a crowd at one address (ties on distance, names in mixed
    case and accents) larger than a page."""
    today = datetime.date.today()
    day = datetime.timedelta(days=1)
    base = Service.objects.get(di_id="plie-parcours")  # Mourenx (64410)
    clone(base, "several-1", zone_eligibilite=["64410", "64"])
    clone(base, "several-2", zone_eligibilite=["64", "france", "200039204"])
    clone(base, "france", zone_eligibilite=["france"], thematiques=["mobilite--etre-mobile"])
    clone(base, "suspended-now", status="suspended", suspended_from=today - day,
          suspended_until=today + day)  # fmt: skip
    clone(base, "suspended-later", status="suspended", suspended_from=today + 5 * day,
          suspended_until=today + 9 * day)  # fmt: skip
    clone(base, "suspended-undated", status="suspended")
    clone(base, "draft", status="draft")
    clone(base, "nowhere-1", geo_latitude=None, geo_longitude=None, zone_eligibilite=["64"])
    clone(base, "nowhere-2", geo_latitude=None, geo_longitude=None, zone_eligibilite=["france"])
    for i, name in enumerate(["Zèbre", "abeille", "Élan", "élan", "Abri", "zinc"] * 5):
        clone(base, f"crowd-{i}", nom=f"{name} {i % 3}", geo_latitude=43.35, geo_longitude=-0.62)
    return Service.objects.all()


def row_path(monkeypatch, params):
    with monkeypatch.context() as patch:
        patch.setattr(search_module, "_by_zone_counts", lambda params: False)
        return search(params)


def keys(result):
    return result.total, result.facets, [(h.service.pk, h.score) for h in result.hits]


@pytest.mark.parametrize("code", COMMUNES)
def test_every_page_is_the_row_paths_and_the_counts_are_exact(crowded, monkeypatch, code):
    commune = Commune.objects.get(code=code)
    first = SearchParams(commune=commune)
    assert search_module._by_zone_counts(first)
    matches = expected_matches(first)
    result = search(first)
    assert result.total == len(matches)
    assert result.facets == expected_facets(matches)
    for page in range(1, result.pages + 2):
        params = SearchParams(commune=commune, page=page)
        assert keys(search(params)) == keys(row_path(monkeypatch, params))


def test_the_crowd_at_one_address_is_in_name_order_across_pages(crowded):
    mourenx = Commune.objects.get(code="64410")
    seen = []
    for page in (1, 2, 3):
        seen += [h.service for h in search(SearchParams(commune=mourenx, page=page)).hits]
    crowd = [s for s in seen if s.di_id.startswith("crowd-")]
    assert len(crowd) == 30 > PAGE_SIZE
    with connection.cursor() as cursor:  # the database's own collation decides
        cursor.execute(
            "SELECT id FROM directory_service WHERE di_id LIKE 'crowd-%' ORDER BY nom, id"
        )
        assert [s.pk for s in crowd] == [pk for (pk,) in cursor.fetchall()]


def test_the_kept_counts_follow_every_kind_of_write(crowded):
    assert zone_counts.differences() == []
    services = Service.objects.filter(di_id__startswith="crowd-")
    services.filter(nom__startswith="Z").update(status="archived")
    services.filter(nom__startswith="a").update(frais="payant", accepts_referrals=False)
    assert zone_counts.differences() == []
    moved = Service.objects.get(di_id="several-1")
    moved.zone_eligibilite = ["33522"]
    moved.thematiques = ["famille--garde-denfants"]
    moved.save()
    Service.objects.filter(di_id="draft").update(status="published")
    Service.objects.filter(di_id="suspended-undated").update(status="published")
    assert zone_counts.differences() == []
    Service.objects.filter(di_id__in=["france", "crowd-3", "nowhere-1"]).delete()
    assert zone_counts.differences() == []
    assert facet_codes.differences() == []


def test_an_import_rebuilds_the_counts_then_writes_keep_them(demo_directory):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('maillage.zone_counts_deferred', true)")
        assert cursor.fetchone()[0] == "off"
    assert zone_counts.differences() == []
    assert facet_codes.differences() == []
    Service.objects.filter(di_id="plie-parcours").update(status="draft")
    assert zone_counts.differences() == []


def test_deferred_counts_are_wrong_until_rebuilt(demo_directory):
    """What the import relies on: deferring really skips the trigger, rebuilding catches up."""
    zone_counts.defer()
    Service.objects.filter(di_id="plie-parcours").update(status="draft")
    assert zone_counts.differences() != []
    zone_counts.rebuild()
    assert zone_counts.differences() == []


def test_emptying_the_services_empties_the_counts(demo_directory):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # as a flush does, between transactions
        cursor.execute("TRUNCATE directory_service CASCADE")
        cursor.execute("SELECT count(*) FROM directory_zone_count")
        assert cursor.fetchone()[0] == 0
    assert search(SearchParams(commune=Commune.objects.get(code="64410"))).total == 0


def test_the_search_names_the_partial_index_as_its_migration_does():
    migration = importlib.import_module("maillage.directory.migrations.0005_zone_counts")
    assert search_module.MULTIZONE_SQL == migration.MULTIZONE_SQL


def test_pages_proven_from_the_nearest_rows_when_there_are_many(crowded, monkeypatch):
    """More matches than the nearest rows read: the page is proven from their distances, or the
    row path answers; the same pages either way."""
    base = Service.objects.get(di_id="plie-parcours")
    for i in range(12):
        for j in range(12):
            clone(base, f"grid-{i}-{j}", zone_eligibilite=["64"], nom=f"Grille {j}",
                  geo_latitude=43.30 + 0.013 * i, geo_longitude=-0.75 + 0.017 * j)  # fmt: skip
    for i in range(40):  # a crowd at one address, just beyond the nearest rows of page 1
        clone(base, f"far-{i}", zone_eligibilite=["64"], nom=f"Loin {i}",
              geo_latitude=43.47, geo_longitude=-0.45)  # fmt: skip
    outcomes = []
    real = search_module._proven_page

    def recorded(rows, start, limit, scale):
        page = real(rows, start, limit, scale)
        read_all = len(rows) < limit
        outcomes.append("all read" if read_all else "unproven" if page is None else "proven")
        return page

    monkeypatch.setattr(search_module, "_proven_page", recorded)
    mourenx = Commune.objects.get(code="64410")
    total = search(SearchParams(commune=mourenx)).total
    for limits in [search_module.nearest_limits, lambda wanted: (wanted + 1, wanted + 5)]:
        monkeypatch.setattr(search_module, "nearest_limits", limits)
        for page in range(1, total // PAGE_SIZE + 2):
            params = SearchParams(commune=mourenx, page=page)
            assert keys(search(params)) == keys(row_path(monkeypatch, params))
    # Every way of answering was taken: read whole, proven from distances, not proven (a larger
    # read, then the row path).
    assert {"all read", "proven", "unproven"} <= set(outcomes)


def test_a_page_is_not_proven_when_a_service_not_read_may_be_nearer():
    # (id, squared nearness, distance in degrees), in search order; scale 0.7.
    rows = [(i, (0.01 * i) ** 2, 0.0125 * i) for i in range(1, 101)]
    # The 20th is at nearness 0.2; the services not read are at least 0.7 * 1.25 away: proven.
    assert search_module._proven_page(rows, 0, 100, 0.7) == list(range(1, 21))
    crowded_far = rows[:19] + [(999, 0.9**2, 0.95)] * 81
    assert search_module._proven_page(crowded_far, 0, 100, 0.7) is None
    # Fewer rows than asked for: every matching service was read.
    assert search_module._proven_page(rows[:60], 40, 100, 0.7) == list(range(41, 61))
