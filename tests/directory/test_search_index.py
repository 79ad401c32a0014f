"""What search derives from the services stays exact: totals, facets, pages, and (PostgreSQL)
the token array every search reads, whatever wrote the service."""

import dataclasses
import datetime
import importlib
from collections import Counter

import pytest
from django.db import connection

from maillage.directory import facet_codes, indexing, text
from maillage.directory.models import Service
from maillage.directory.search import (
    ALTERNATIVES,
    PAGE_SIZE,
    SearchParams,
    alternative_counts,
    expand_thematiques,
    search,
    zone_codes,
)
from maillage.referentials import vocabularies
from maillage.territories.models import Commune

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the token array exists on PostgreSQL only"
)


def expected_matches(params: SearchParams) -> list[Service]:
    """The matching services, worked out in Python from the services' own fields."""
    today = datetime.date.today()
    found = []
    for service in Service.objects.select_related("structure"):
        if service.status not in ("published", "suspended"):
            continue
        if (
            service.status == "suspended"
            and service.suspended_from
            and service.suspended_until
            and service.suspended_from <= today <= service.suspended_until
        ):
            continue
        zone = service.zone_eligibilite or [service.code_insee or service.structure.code_insee]
        wanted = [
            (params.commune and zone_codes(params.commune), zone),
            (params.thematiques and expand_thematiques(params.thematiques), service.thematiques),
            (params.publics and {*params.publics, "tous-publics"}, service.publics),
            (params.types, [service.type]),
            (params.frais, [service.frais]),
            (params.modes_accueil, service.modes_accueil),
        ]
        if params.accepts_referrals and not service.accepts_referrals:
            continue
        if all(not values or set(values) & set(own) for values, own in wanted):
            found.append(service)
    return found


def expected_facets(services: list[Service]) -> dict[str, dict[str, int]]:
    counts = {name: Counter() for name in ("thematiques", "publics", "modes_accueil")}
    counts.update(categories=Counter(), type=Counter(), frais=Counter())
    everyone = [t.value for t in vocabularies.terms("publics")]
    for service in services:
        for name in ("thematiques", "modes_accueil"):
            counts[name].update(set(getattr(service, name)))
        # Beside each public, the services its filter keeps: those for everyone too.
        counts["publics"].update(
            everyone if "tous-publics" in service.publics else set(service.publics)
        )
        # A service counts once for its catégorie, whatever the number of its sub-thématiques
        # in it: the number the filter would keep.
        counts["categories"].update({t.split("--")[0] for t in service.thematiques})
        counts["type"].update([service.type] if service.type else [])
        counts["frais"].update([service.frais] if service.frais else [])
    return {name: dict(counter) for name, counter in counts.items()}


@pytest.mark.parametrize(
    "filters",
    [
        {"commune": "64410"},
        {"commune": "64410", "thematiques": ["trouver-un-emploi"]},
        {"commune": "64445", "publics": ["jeunes"], "types": ["accompagnement"]},
        {"publics": ["seniors"], "frais": ["gratuit"], "modes_accueil": ["en-presentiel"]},
        {"commune": "64410", "accepts_referrals": True},
        {},
    ],
)
def test_total_and_facets_are_exact_counts_of_the_matches(demo_directory, filters):
    if "commune" in filters:
        filters = {**filters, "commune": Commune.objects.get(code=filters["commune"])}
    params = SearchParams(**filters)
    matches = expected_matches(params)
    result = search(params)
    assert result.total == len(matches) > 0
    assert result.facets == expected_facets(matches)
    assert {h.service.pk for h in result.hits} <= {s.pk for s in matches}


def test_pages_follow_each_other_in_search_order(demo_directory):
    first, second = search(SearchParams(page=1)), search(SearchParams(page=2))
    assert first.total > PAGE_SIZE and first.pages == second.pages == 2
    pks = [h.service.pk for h in first.hits + second.hits]
    assert len(pks) == len(set(pks)) == first.total == second.total
    keys = [(-h.score, h.service.nom, h.service.pk) for h in first.hits + second.hits]
    assert keys == sorted(keys)
    beyond = search(SearchParams(page=9))
    assert beyond.hits == [] and beyond.total == first.total


def test_updates_written_directly_are_seen_by_search(demo_directory):
    """Seeding and the review actions write a status or a flag with update(), not save()."""
    today = datetime.date.today()
    mourenx = Commune.objects.get(code="64410")
    plie = Service.objects.filter(di_id="plie-parcours")
    assert plie.get().accepts_referrals

    def found(**filters):
        return "plie-parcours" in {
            h.service.di_id for h in search(SearchParams(commune=mourenx, **filters)).hits
        }

    plie.update(accepts_referrals=False)
    assert found() and not found(accepts_referrals=True)
    plie.update(status="suspended", suspended_from=today, suspended_until=today)
    assert not found()
    plie.update(suspended_until=today - datetime.timedelta(days=1))  # the suspension is over
    assert found()
    plie.update(status="draft")
    assert not found()
    plie.update(status="published", type="formation")
    assert found(types=["formation"]) and not found(types=["accompagnement"])


def test_the_words_of_a_text_ignore_accents_case_stop_words_and_endings():
    assert text.words("L'Haÿ-les-Roses : Créations d'ŒUVRES  pour\u00a0les métiers") == [
        "hay",
        "rose",
        "creation",
        "oeuvr",
        "metier",
    ]


def tokens_of(di_id: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_tokens FROM directory_service WHERE di_id = %s", [di_id])
        return set(cursor.fetchone()[0])


@postgres_only
def test_the_token_array_follows_every_write(demo_directory):
    permis = Service.objects.get(di_id="permis-solidaire")
    assert tokens_of("permis-solidaire") == {
        "st:published",
        "ref",
        f"type:{permis.type}",
        f"frais:{permis.frais}",
        *(f"th:{v}" for v in permis.thematiques),
        *{f"cat:{v.split('--')[0]}" for v in permis.thematiques},
        *(f"pub:{v}" for v in permis.publics),
        *(f"mode:{v}" for v in permis.modes_accueil),
        "zone:33",
    }
    Service.objects.filter(pk=permis.pk).update(
        status="suspended", accepts_referrals=False, zone_eligibilite=[], code_insee="33063"
    )
    tokens = tokens_of("permis-solidaire")
    assert {"st:suspended", "zone:33063"} <= tokens
    assert not {"st:published", "ref", "zone:33"} & tokens
    permis.refresh_from_db()
    permis.thematiques, permis.frais = ["numerique--acquerir-un-equipement"], ""
    permis.save()
    tokens = tokens_of("permis-solidaire")
    assert "th:numerique--acquerir-un-equipement" in tokens
    assert not any(t.startswith(("frais:", "th:mobilite")) for t in tokens)
    assert facet_codes.differences() == []  # the codes the facets are counted from, too


@postgres_only
def test_a_filter_value_never_seen_before_gets_a_code_and_is_counted(demo_directory):
    def numbers_taken():
        with connection.cursor() as cursor:
            cursor.execute("SELECT last_value FROM directory_facet_code_code_seq")
            return cursor.fetchone()[0]

    before = numbers_taken()
    Service.objects.filter(di_id="permis-solidaire").update(type="type-inconnu")
    assert numbers_taken() == before + 1  # one new token among the service's dozen: one number
    found = search(SearchParams(types=["type-inconnu"]))
    assert [h.service.di_id for h in found.hits] == ["permis-solidaire"]
    assert found.facets["type"] == {"type-inconnu": 1}
    assert found.total == 1
    assert facet_codes.differences() == []


@postgres_only
def test_the_text_vector_follows_the_name(demo_directory):
    Service.objects.filter(di_id="permis-solidaire").update(nom="Vélo-école solidaire")
    found = search(SearchParams(q="velo ecole"))
    assert [h.service.di_id for h in found.hits] == ["permis-solidaire"]


def test_a_service_for_everyone_is_counted_beside_each_public(demo_directory):
    """The count beside a public is what ticking it keeps: the services for everyone too, once
    each, even when a record lists "tous-publics" with other publics (an import may)."""
    permis = Service.objects.get(di_id="permis-solidaire")
    permis.publics = ["tous-publics", "jeunes"]
    permis.save()
    indexing.refresh([permis.pk])
    assert set(permis.terms.filter(kind="publics").values_list("value", flat=True)) == {
        "tous-publics"
    }
    if connection.vendor == "postgresql":
        assert {t for t in tokens_of("permis-solidaire") if t.startswith("pub:")} == {
            "pub:tous-publics"
        }
        assert facet_codes.differences() == []
    bordeaux = Commune.objects.get(code="33063")
    for filters in [{}, {"publics": ["jeunes"]}, {"publics": ["seniors"]}]:
        params = SearchParams(commune=bordeaux, **filters)
        matches = expected_matches(params)
        result = search(params)
        assert result.total == len(matches) > 0
        assert result.facets == expected_facets(matches)
        assert result.facets["publics"]["seniors"] >= result.facets["publics"]["tous-publics"] > 0
        for ticked in filters.get("publics", []):
            assert result.facets["publics"][ticked] == result.total


def test_the_migration_drops_the_rows_a_service_for_everyone_no_longer_needs(demo_directory):
    migration = importlib.import_module(
        "maillage.directory.migrations.0010_everyone_serves_each_public"
    )
    permis = Service.objects.get(di_id="permis-solidaire")
    Service.objects.filter(pk=permis.pk).update(publics=["tous-publics", "jeunes"])
    permis.terms.all().delete()
    permis.terms.create(kind="publics", value="tous-publics")
    permis.terms.create(kind="publics", value="jeunes")  # as written before the migration
    kept = Service.objects.exclude(pk=permis.pk).first()
    kept_publics = set(kept.terms.filter(kind="publics").values_list("value", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(migration.REDUNDANT_ROWS)
        if connection.vendor == "postgresql":
            cursor.execute(migration.RETOKENIZE)
    assert [t.value for t in permis.terms.filter(kind="publics")] == ["tous-publics"]
    assert set(kept.terms.filter(kind="publics").values_list("value", flat=True)) == kept_publics


@pytest.mark.parametrize(
    "filters",
    [
        {"commune": "64445", "thematiques": ["logement-hebergement"]},  # zone counts, no page
        {"commune": "64445", "publics": ["jeunes"], "types": ["accompagnement"]},
        {"frais": ["gratuit"], "modes_accueil": ["en-presentiel"], "q": ""},
        {"commune": "64410", "radius_km": 30, "thematiques": ["mobilite"], "frais": ["payant"]},
    ],
)
def test_alternative_counts_are_what_ticking_each_value_keeps(demo_directory, filters):
    if "commune" in filters:
        filters = {**filters, "commune": Commune.objects.get(code=filters["commune"])}
    params = SearchParams(**filters)
    alternatives = alternative_counts(params)
    ticked = {facet for facet, attribute in ALTERNATIVES.items() if getattr(params, attribute)}
    assert set(alternatives) == ticked
    vocabulary = {"categories": "categories", "type": "types"}
    for facet in ticked:
        attribute = ALTERNATIVES[facet]
        for value in (t.value for t in vocabularies.terms(vocabulary.get(facet, facet))):
            alone = dataclasses.replace(params, **{attribute: [value]})
            expected = (
                len(expected_matches(alone))
                if params.radius_km is None
                else search(alone).total  # the disc: the engine's own total, tested elsewhere
            )
            assert alternatives[facet].get(value, 0) == expected, (facet, value)
