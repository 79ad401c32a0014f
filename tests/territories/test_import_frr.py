import pytest
from django.core.management import CommandError, call_command

from maillage.territories.enums import FrrClass
from maillage.territories.models import Commune

pytestmark = pytest.mark.django_db

HEADER = "Code_insee;Departement;Commune;Classement FRR et FRR+ au 10 juillet 2025;\r\n"


@pytest.fixture
def frr_file(shared_data):
    return shared_data / "territoires" / "liste-communes-FRR-juillet2025.csv"


def write(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "frr.csv"
    path.write_bytes(text.encode(encoding))
    return path


def frr_counts():
    return {c: Commune.objects.filter(frr=c).count() for c in FrrClass} | {
        "": Commune.objects.filter(frr="").count()
    }


def test_importing_anct_list_classifies_every_commune_it_names(frr_file, capsys):
    call_command("import_frr", str(frr_file))
    assert "34875 mis à jour" in capsys.readouterr().out
    counts = frr_counts()
    assert counts[FrrClass.SOCLE] == 13_313
    assert counts[FrrClass.PLUS] == 4_456
    assert counts[FrrClass.BENEFICIAIRE] == 2_134
    assert counts[FrrClass.BENEFICIAIRE_PARTIEL] == 11
    assert counts[FrrClass.PARTIEL] == 20
    assert counts[FrrClass.NON_CLASSEE] == 14_941
    # The list covers the 34,875 communes of the INSEE list; overseas collectivities stay unknown.
    assert Commune.objects.communes().filter(frr="").count() == 34_969 - 34_875


def test_importing_the_same_list_twice_changes_nothing(frr_file, capsys):
    call_command("import_frr", str(frr_file))
    capsys.readouterr()
    call_command("import_frr", str(frr_file))
    assert "0 mis à jour, 34875 inchangé(s), 0 rejeté(s)" in capsys.readouterr().out


def test_an_unknown_code_and_an_unknown_class_are_reported_with_line_and_column(tmp_path):
    path = write(
        tmp_path,
        HEADER
        + "64410;64;Mourenx;FRR socle;\r\n"
        + "99999;99;Nulle part;FRR socle;\r\n"
        + "64445;64;Pau;Très rural;\r\n",
    )
    with pytest.raises(CommandError) as error:
        call_command("import_frr", str(path))
    message = str(error.value)
    assert "ligne 3, colonne « Code_insee » : commune inconnue : « 99999 »" in message
    assert "ligne 4, colonne « Classement FRR et FRR+ au 10 juillet 2025 »" in message
    assert "Rien n'a été importé" in message
    # All or nothing: the valid first row was not written either.
    assert Commune.objects.get(code="64410").frr == ""


def test_a_wrong_header_stops_the_import(tmp_path):
    path = write(tmp_path, "insee;classement\r\n64410;FRR socle\r\n")
    with pytest.raises(
        CommandError, match=r"ligne 1 \(en-tête\) : colonne\(s\) manquante\(s\) « Code_insee »"
    ):
        call_command("import_frr", str(path))


def test_a_file_in_another_encoding_is_refused_with_its_line_and_column(tmp_path):
    path = write(tmp_path, HEADER + "64410;64;Mourenx;Non classée;\r\n", encoding="cp1252")
    with pytest.raises(CommandError) as error:
        call_command("import_frr", str(path))
    assert "ligne 2, colonne « Classement FRR et FRR+ au 10 juillet 2025 »" in str(error.value)
    assert "UTF-8" in str(error.value)
    assert Commune.objects.exclude(frr="").count() == 0


def test_a_truncated_line_is_rejected_and_nothing_is_written(tmp_path):
    path = write(tmp_path, HEADER + "64410;64;Mourenx;FRR socle;\r\n64445;64\r\n")
    with pytest.raises(CommandError, match="ligne 3, colonne « Commune » : ligne incomplète"):
        call_command("import_frr", str(path))
    assert Commune.objects.get(code="64410").frr == ""


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="fichier illisible"):
        call_command("import_frr", str(tmp_path / "absent.csv"))


def test_dry_run_checks_everything_and_writes_nothing(frr_file, capsys):
    call_command("import_frr", str(frr_file), "--dry-run")
    assert "essai à blanc" in capsys.readouterr().out
    assert Commune.objects.exclude(frr="").count() == 0


def test_a_commune_absent_from_a_new_list_loses_its_old_class(tmp_path, capsys):
    call_command(
        "import_frr",
        str(write(tmp_path, HEADER + "64410;64;Mourenx;FRR+;\r\n64445;64;Pau;Non classée;\r\n")),
    )
    call_command("import_frr", str(write(tmp_path, HEADER + "64445;64;Pau;Non classée;\r\n")))
    assert "1 retiré(s)" in capsys.readouterr().out
    assert Commune.objects.get(code="64410").frr == ""


def test_a_quoted_header_is_read_like_any_csv(tmp_path):
    text = '"Code_insee";"Departement";"Commune";"Classement FRR et FRR+ au 10 juillet 2025"\r\n"64410";"64";"Mourenx";"FRR+"\r\n'
    call_command("import_frr", str(write(tmp_path, text)))
    assert Commune.objects.get(code="64410").frr == FrrClass.PLUS
