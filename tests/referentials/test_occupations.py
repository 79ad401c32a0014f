import csv
import io

import pytest
from django.core.management import call_command

from maillage.referentials.loading import DATA_DIR
from maillage.referentials.models import NafDivision, Occupation

pytestmark = pytest.mark.django_db


def test_the_shipped_file_holds_the_1584_rome_4_occupations():
    rows = list(csv.DictReader(io.StringIO((DATA_DIR / "rome_occupations.csv").read_text())))
    assert len(rows) == 1584
    assert len({row["code"] for row in rows}) == 1584
    assert "PROVENANCE.md" in {p.name for p in DATA_DIR.iterdir()}


def test_occupations_are_loaded_with_grand_domaine_and_domaine_professionnel():
    assert Occupation.objects.count() == 1584
    cariste = Occupation.objects.get(code="N1101")
    assert cariste.grand_domaine == "N"
    assert cariste.domaine_professionnel == "N11"
    assert Occupation.objects.filter(code__startswith="N").count() > 40
    assert cariste.naf_divisions.exists()
    assert NafDivision.objects.count() == 89


def test_occupations_are_found_by_words_of_their_label_or_by_code():
    labels = [o.label for o in Occupation.objects.search("aide soignant")]
    assert any("Aide-soignant" in label for label in labels)
    assert [o.code for o in Occupation.objects.search("n1101")] == ["N1101"]
    assert list(Occupation.objects.search("   ")) == []


def test_loading_again_changes_nothing(capsys):
    call_command("load_referentials")
    out = capsys.readouterr().out
    assert "métiers ROME : 0 créé(s), 0 mis à jour, 1584 inchangé(s)" in out
    assert "vocabulaires data·inclusion : 0 créé(s), 0 mis à jour, 223 inchangé(s)" in out
