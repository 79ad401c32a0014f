"""The suggestions engine on a small directory where the right answers are known."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from maillage.intake.models import NeedsAssessment, Person
from maillage.intake.suggestions import (
    Criteria,
    InvalidCriteria,
    criteria_for_person,
    find_commune,
    suggest,
)
from maillage.territories.models import Commune
from tests.factories import NetworkFactory, OrganisationFactory
from tests.intake.small_directory import EXAMPLE, JOB, RENT, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory():
    return build()


def criteria(**changes) -> Criteria:
    values = {**EXAMPLE, **changes}
    return Criteria(**{**values, "commune": find_commune(values["commune"])})


def names(items) -> list[str]:
    return [item.service.di_id for item in items]


def test_the_issue_example_ranks_the_right_services_and_lists_the_ineligible_apart(directory):
    result = suggest(criteria())
    # Needs first (a precise need beats a category), then nearness, referrals and places;
    # the stale service loses 2 points; the national one has no nearness points.
    assert names(result.results) == [
        "impayes-mourenx",
        "emploi-64",
        "ancien",
        "national",
        "permis-orthez",
    ]
    assert names(result.ineligible) == ["jeunes", "complet", "ft-requis", "sans-autre"]
    by_name = {s.service.di_id: s for s in result.results}
    assert by_name["impayes-mourenx"].reasons == [
        "Couvre Mourenx (zone : Mourenx)",
        "Répond au besoin : Réduire les impayés de loyer",
        "Ouvert à tous les publics",
        "À 0,0 km",
    ]
    assert by_name["impayes-mourenx"].score == 15.0
    assert by_name["emploi-64"].reasons == [
        "Couvre Mourenx (zone : Pyrénées-Atlantiques)",
        "Répond au besoin : Trouver un emploi",
        "S'adresse aux publics : Demandeurs d’emploi",
        "À 22,4 km",
        "Reçoit les orientations par Maillage",
        "5 places disponibles",
    ]
    assert by_name["permis-orthez"].reasons[:2] == [
        "Couvre Mourenx (zone : CC de Lacq-Orthez)",
        "Aide à lever un frein : Mobilité",
    ]
    assert by_name["ancien"].reasons[-1] == "Informations à vérifier"
    assert by_name["national"].reasons[0] == "Couvre Mourenx (zone : toute la France)"
    rules = {i.service.di_id: i.rules for i in result.ineligible}
    assert rules == {
        "jeunes": ["Âge : réservé aux 16–25 ans"],
        "complet": ["Plus de place disponible"],
        "ft-requis": ["Inscription à France Travail obligatoire"],
        "sans-autre": ["Réservé aux personnes non accompagnées par ailleurs"],
    }


def test_suspended_draft_other_departement_and_unrelated_services_are_nowhere(directory):
    result = suggest(criteria())
    everywhere = names(result.results) + names(result.ineligible)
    for absent in ("suspendu", "brouillon", "gironde", "sante-mourenx"):
        assert absent not in everywhere


def test_the_same_criteria_give_the_same_answer(directory):
    first, second = suggest(criteria()), suggest(criteria())
    assert [(s.service.pk, s.score, s.reasons) for s in first.results] == [
        (s.service.pk, s.score, s.reasons) for s in second.results
    ]


def test_a_sub_thematique_need_only_matches_that_sub_thematique(directory):
    result = suggest(criteria(thematiques=[RENT], barriers=[]))
    assert names(result.results) == ["impayes-mourenx"]
    assert result.ineligible == []


def test_a_young_person_supported_nowhere_passes_the_rules_that_excluded_the_example(directory):
    result = suggest(criteria(age=19, already_supported_by=None, thematiques=[JOB], barriers=[]))
    assert "jeunes" in names(result.results)
    assert "sans-autre" in names(result.results)
    assert names(result.ineligible) == ["complet", "ft-requis"]


def test_a_french_level_below_what_the_service_asks_excludes_it(directory):
    directory["emploi-64"].__class__.objects.filter(di_id="emploi-64").update(french_level="B1")
    result = suggest(criteria(french_level="A2", thematiques=[JOB], barriers=[]))
    rules = {i.service.di_id: i.rules for i in result.ineligible}
    assert rules["emploi-64"] == ["Niveau de français B1 demandé (A2 déclaré)"]
    assert "emploi-64" in names(suggest(criteria(french_level="B1")).results)


def test_unknown_facts_exclude_nobody_but_say_what_to_check(directory):
    result = suggest(
        criteria(age=None, registered_france_travail=None, thematiques=[JOB], barriers=[])
    )
    by_name = {s.service.di_id: s for s in result.results}
    assert "À vérifier : âge (16–25 ans)" in by_name["jeunes"].reasons
    assert "À vérifier : inscription à France Travail obligatoire" in by_name["ft-requis"].reasons


def test_a_full_service_says_when_it_takes_people_again(directory):
    start = timezone.localdate() + timedelta(days=20)
    directory["complet"].__class__.objects.filter(di_id="complet").update(next_start_date=start)
    rules = {i.service.di_id: i.rules for i in suggest(criteria()).ineligible}
    assert rules["complet"] == [f"Plus de place disponible (prochaine entrée le {start:%d/%m/%Y})"]


def test_with_a_radius_near_services_outside_their_zone_are_listed_apart(directory):
    result = suggest(criteria(commune="64430", radius_km=30, thematiques=[RENT], barriers=[]))
    # Mourenx's rent service is 18.8 km from Orthez but only for Mourenx's inhabitants.
    assert result.results == []
    assert [(i.service.di_id, i.rules) for i in result.ineligible] == [
        ("impayes-mourenx", ["Hors zone : réservé aux habitants de Mourenx"])
    ]


def test_with_a_radius_services_beyond_it_are_left_out(directory):
    result = suggest(criteria(radius_km=30, thematiques=["trouver-un-emploi"], barriers=[]))
    everywhere = names(result.results) + names(result.ineligible)
    assert "emploi-64" in everywhere and "national" not in everywhere
    assert "sans-autre" not in everywhere  # Bayonne, 70 km


def test_free_text_adds_points_and_says_which_words_it_found(directory):
    directory["national"].__class__.objects.filter(di_id="national").update(
        search_text=" atelier permi conduite "
    )
    result = suggest(criteria(text="le permis", thematiques=["trouver-un-emploi"], barriers=[]))
    national = next(s for s in result.results if s.service.di_id == "national")
    assert "Mentionne : permis" in national.reasons


def test_the_limit_cuts_both_lists(directory):
    result = suggest(criteria(limit=2))
    assert names(result.results) == ["impayes-mourenx", "emploi-64"]
    assert names(result.ineligible) == ["jeunes", "complet"]


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"thematiques": ["trouver-un-emploi", "cuisine"]}, "Thématique inconnue : « cuisine »"),
        ({"publics": ["martiens"]}, "Public inconnu : « martiens »"),
        ({"barriers": ["meteo"]}, "Frein inconnu : « meteo »"),
        ({"french_level": "D1"}, "Niveau de français inconnu"),
        ({"limit": 0}, "nombre de résultats"),
        ({"radius_km": 500}, "rayon"),
    ],
)
def test_unknown_values_are_refused_in_french(changes, message):
    with pytest.raises(InvalidCriteria, match=message):
        criteria(**changes)


def test_an_unknown_commune_is_refused_in_french():
    with pytest.raises(InvalidCriteria, match="Commune inconnue : « 99999 »"):
        find_commune("99999")


def test_criteria_for_a_person_come_from_the_file_and_the_latest_diagnostic():
    organisation = OrganisationFactory()
    person = Person.objects.create(
        network=NetworkFactory(),
        organisation=organisation,
        first_name="Camille",
        last_name="Durand",
        birth_date=date(2005, 1, 1),
        commune=Commune.objects.get(code="64410"),
        french_level="B2",
        registered_france_travail=True,
        already_supported=True,
        income_support=["rsa"],
    )
    NeedsAssessment.objects.create(
        person=person,
        organisation=organisation,
        made_at=timezone.now() - timedelta(days=30),
        needs=["sante"],
    )
    NeedsAssessment.objects.create(
        person=person,
        organisation=organisation,
        needs=["trouver-un-emploi", "obsolete--valeur"],
        barriers={"logement": 1, "mobilite": 3},
    )
    found = criteria_for_person(person, today=date(2026, 11, 21))
    assert found.commune.code == "64410" and found.age == 21
    assert found.thematiques == ["trouver-un-emploi"]
    assert found.barriers == ["mobilite", "logement"]  # the most severe first
    assert found.publics == ["demandeurs-emploi", "beneficiaires-des-minimas-sociaux", "jeunes"]
    assert (found.french_level, found.registered_france_travail) == ("B2", True)
    assert found.already_supported_by == "une autre structure"
