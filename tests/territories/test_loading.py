import pytest
from django.core.management import call_command

from maillage.territories.loading import sync_search_terms
from maillage.territories.lookups import search_communes
from maillage.territories.models import (
    Commune,
    CommuneSearchTerm,
    Departement,
    Epci,
    PostalCode,
    Region,
)

pytestmark = pytest.mark.django_db


def test_loading_fills_every_table_with_the_shipped_data():
    # The test database was loaded once for the session (tests/conftest.py).
    assert Commune.objects.communes().count() == 34_969
    assert Commune.objects.count() == 34_969 + 45
    assert Departement.objects.count() == 109
    assert Region.objects.count() == 26
    assert Epci.objects.count() == 1255
    assert PostalCode.objects.filter(code="64150").count() == 10  # Mourenx, Lagor, Pardies…


def test_loading_again_changes_nothing_and_says_so(capsys):
    call_command("load_territories")
    out = capsys.readouterr().out
    assert "communes : 0 créé(s), 0 mis à jour, 35014 inchangé(s)" in out
    assert Commune.objects.count() == 35_014


def test_loading_repairs_an_edited_commune():
    Commune.objects.filter(code="86194").update(name="Poitiers modifiée", population=1)
    call_command("load_territories")
    poitiers = Commune.objects.get(code="86194")
    assert (poitiers.name, poitiers.search_name) == ("Poitiers", "poitiers")
    assert poitiers.population > 80_000


def test_a_renamed_commune_is_found_by_its_new_name_only():
    Commune.objects.filter(code="64410").update(name="Mourenx-Nouvelle", population=6000)
    Commune.objects.filter(code="64410").update(search_name="mourenx nouvelle")
    counts = sync_search_terms()
    assert (counts.created, counts.deleted) == (2, 1)
    assert search_communes("mourenx nouv")[0].code == "64410"
    assert not CommuneSearchTerm.objects.filter(term="mourenx").exists()
    assert CommuneSearchTerm.objects.get(commune_id="64410", position=0).population == 6000


def test_arrondissements_point_to_their_commune():
    assert Commune.objects.get(code="13201").parent_id == "13055"
    assert Commune.objects.get(code="75056").arrondissements.count() == 20
