import pytest
from django.core.management import CommandError, call_command

from maillage.territories.models import Commune, Qpv

pytestmark = pytest.mark.django_db

HEADER = (
    "code_qp;lib_qp;insee_reg;lib_reg;insee_dep;lib_dep;insee_com;lib_com;siren_epci;lib_epci\n"
)
# A small sample in the format of ANCT's listeqp2024 file (names of real Pau and Poitiers
# neighbourhoods; codes in the 2024 format).
SAMPLE = HEADER + (
    "QN06401M;Saragosse;75;Nouvelle-Aquitaine;64;Pyrénées-Atlantiques;64445;Pau;"
    "200067254;CA Pau Béarn Pyrénées\n"
    "QN06402M;Ousse des Bois;75;Nouvelle-Aquitaine;64;Pyrénées-Atlantiques;64445;Pau;"
    "200067254;CA Pau Béarn Pyrénées\n"
    "QN08601M;Les Couronneries;75;Nouvelle-Aquitaine;86;Vienne;86194;Poitiers;"
    "200069854;CU du Grand Poitiers\n"
    "QN08602M;Beaulieu;75;Nouvelle-Aquitaine;86;Vienne;86194;Poitiers;"
    "200069854;CU du Grand Poitiers\n"
    "QN03301M;Carriet;75;Nouvelle-Aquitaine;33;Gironde;33249, 33003;Lormont, Ambarès;"
    "243300316;Bordeaux Métropole\n"
)


def write(tmp_path, text):
    path = tmp_path / "listeqp2024.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_importing_the_list_links_each_qpv_to_its_communes(tmp_path, capsys):
    call_command("import_qpv", str(write(tmp_path, SAMPLE)))
    assert "5 créé(s)" in capsys.readouterr().out
    pau = Commune.objects.get(code="64445")
    assert sorted(pau.qpvs.values_list("name", flat=True)) == ["Ousse des Bois", "Saragosse"]
    assert set(Qpv.objects.get(code="QN03301M").communes.values_list("code", flat=True)) == {
        "33249",
        "33003",
    }
    assert not Commune.objects.get(code="64410").qpvs.exists()  # Mourenx


def test_a_qpv_spread_over_several_rows_gets_every_commune(tmp_path):
    text = HEADER + (
        "QN03301M;Carriet;75;NA;33;Gironde;33249;Lormont;243300316;BM\n"
        "QN03301M;Carriet;75;NA;33;Gironde;33003;Ambarès-et-Lagrave;243300316;BM\n"
    )
    call_command("import_qpv", str(write(tmp_path, text)))
    assert Qpv.objects.get(code="QN03301M").communes.count() == 2


def test_importing_again_changes_nothing_and_a_renamed_qpv_is_updated(tmp_path, capsys):
    path = write(tmp_path, SAMPLE)
    call_command("import_qpv", str(path))
    call_command("import_qpv", str(path))
    assert "0 créé(s), 0 mis à jour, 5 inchangé(s)" in capsys.readouterr().out
    call_command("import_qpv", str(write(tmp_path, SAMPLE.replace("Beaulieu", "Beaulieu-Est"))))
    assert Qpv.objects.get(code="QN08602M").name == "Beaulieu-Est"


def test_bad_rows_are_all_reported_and_nothing_is_imported(tmp_path):
    text = SAMPLE + (
        "XX;Sans code;75;NA;64;PA;64445;Pau;1;x\n"
        "QN06409M;Nulle part;75;NA;64;PA;64999;Inconnue;1;x\n"
        "QN06410M;;75;NA;64;PA;64445;Pau;1;x\n"
        "QN06411M;Tronquée;75\n"
    )
    with pytest.raises(CommandError) as error:
        call_command("import_qpv", str(write(tmp_path, text)))
    message = str(error.value)
    assert "4 ligne(s) rejetée(s)" in message
    assert "ligne 7, colonne « code_qp » : code de quartier invalide : « XX »" in message
    assert "ligne 8, colonne « insee_com » : commune inconnue : « 64999 »" in message
    assert "ligne 9, colonne « lib_qp » : nom du quartier manquant" in message
    assert "ligne 10, colonne « lib_reg » : ligne incomplète" in message
    assert Qpv.objects.count() == 0


def test_a_file_without_the_expected_columns_is_refused(tmp_path):
    path = write(tmp_path, "code;nom\nQN06401M;Saragosse\n")
    with pytest.raises(
        CommandError, match="colonne\\(s\\) manquante\\(s\\) « code_qp », « lib_qp »"
    ):
        call_command("import_qpv", str(path))


def test_every_bad_row_is_reported_even_after_an_unreadable_line(tmp_path):
    text = HEADER + (
        'QN06401M;"Sara"gosse;75;NA;64;PA;64445;Pau;1;x\n'
        "QN06402M;Ousse;75;NA;64;PA;64999;Inconnue;1;x\n"
        "QN06403M;Nul\x00;75;NA;64;PA;64445;Pau;1;x\n"
        f"QN06404M;{'x' * 201};75;NA;64;PA;64445;Pau;1;x\n"
        "QN０6405M;Chiffres larges;75;NA;64;PA;64445;Pau;1;x\n"
    )
    with pytest.raises(CommandError) as error:
        call_command("import_qpv", str(write(tmp_path, text)))
    message = str(error.value)
    assert "ligne 2 : ligne illisible" in message
    assert "ligne 3, colonne « insee_com » : commune inconnue" in message
    assert "ligne 4, colonne « lib_qp » : caractère nul" in message
    assert (
        "ligne 5, colonne « lib_qp » : valeur trop longue : 201 caractères, 200 au plus" in message
    )
    assert "ligne 6, colonne « code_qp » : code de quartier invalide" in message
    assert Qpv.objects.count() == 0


def test_a_duplicated_column_name_is_refused(tmp_path):
    path = write(
        tmp_path, HEADER.replace("lib_epci", "lib_qp") + "QN06401M;A;75;NA;64;PA;64445;Pau;1;B\n"
    )
    with pytest.raises(CommandError, match="colonne\\(s\\) en double « lib_qp »"):
        call_command("import_qpv", str(path))


def test_a_quarter_absent_from_the_new_list_is_removed(tmp_path, capsys):
    call_command("import_qpv", str(write(tmp_path, SAMPLE)))
    call_command("import_qpv", str(write(tmp_path, HEADER + SAMPLE.splitlines(keepends=True)[1])))
    assert "4 retiré(s)" in capsys.readouterr().out
    assert list(Qpv.objects.values_list("code", flat=True)) == ["QN06401M"]
