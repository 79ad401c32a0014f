"""manage.py suggest: a French table, or the API's JSON."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tests.intake.small_directory import RENT, build

pytestmark = pytest.mark.django_db

ARGS = [
    "--commune=64410",
    "--thematique=trouver-un-emploi",
    f"--thematique={RENT}",
    "--public=demandeurs-emploi",
    "--barrier=mobilite",
    "--age=52",
    "--french-level=C1",
    "--france-travail=no",
    "--already-supported-by=Cap emploi",
]


@pytest.fixture
def directory():
    return build()


def run(*args) -> str:
    out = io.StringIO()
    call_command("suggest", *args, stdout=out)
    return out.getvalue()


def test_the_table_ranks_services_with_their_reasons_and_lists_the_excluded(directory):
    lines = run(*ARGS).splitlines()
    rent = directory["impayes-mourenx"]
    assert lines[0] == "Services proposés pour Mourenx :"
    assert lines[1] == (
        f"  1. impayes-mourenx — Structure de Mourenx (n° {rent.pk}, score 15,00, 0,0 km)"
    )
    assert lines[2] == "       · Couvre Mourenx (zone : Mourenx)"
    assert lines[6].startswith("  2. emploi-64 — Structure de Pau")
    assert "Services exclus par une règle :" in lines
    jeunes = directory["jeunes"]
    assert f"   - jeunes (n° {jeunes.pk}) : Âge : réservé aux 16–25 ans" in lines


def test_json_is_the_api_answer(client, directory):
    printed = json.loads(run(*ARGS, "--json"))
    answer = client.post(
        "/api/v1/suggestions",
        {
            "commune": "64410",
            "thematiques": ["trouver-un-emploi", RENT],
            "publics": ["demandeurs-emploi"],
            "barriers": ["mobilite"],
            "age": 52,
            "french_level": "C1",
            "registered_france_travail": False,
            "already_supported_by": "Cap emploi",
        },
        content_type="application/json",
    ).json()
    assert printed == answer
    assert [r["name"] for r in printed["results"]][:2] == ["impayes-mourenx", "emploi-64"]


def test_a_bad_value_stops_the_command_with_a_french_message(directory):
    with pytest.raises(CommandError, match="Thématique inconnue : « cuisine »"):
        run("--commune=64410", "--thematique=cuisine")
