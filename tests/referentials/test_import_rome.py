import pytest
from django.core.management import CommandError, call_command

from maillage.referentials.models import JobTitle, Occupation

pytestmark = pytest.mark.django_db

OCCUPATIONS_HEADER = (
    '"code_rome","code_fiche_metier","code_ogr","libelle_rome","transition_eco","transition_num",'
    '"transition_demo","emploi_reglemente","emploi_cadre","code_rome_parent"\n'
)
TITLES_HEADER = (
    '"code_ogr","libelle_appellation_long","libelle_appellation_court","code_rome",'
    '"transition_eco","transition_num","transition_demo","emploi_reglemente","emploi_cadre",'
    '"classification","origine","code_rome_parent","peu_usite"\n'
)


@pytest.fixture
def rome_files(shared_data):
    folder = shared_data / "rome"
    return (
        folder / "unix_referentiel_code_rome_v460_utf8.csv",
        folder / "unix_referentiel_appellation_v460_utf8.csv",
    )


def test_importing_france_travail_files_loads_occupations_and_job_titles(rome_files, capsys):
    occupations, titles = rome_files
    call_command("import_rome", "--occupations", str(occupations), "--job-titles", str(titles))
    out = capsys.readouterr().out
    assert "appellations : 13120 créé(s)" in out
    assert Occupation.objects.count() == 1584
    assert JobTitle.objects.count() == 13_120
    assert Occupation.objects.get(code="A1101").code_ogr == 6
    title = JobTitle.objects.get(code_ogr=10200)
    assert (title.occupation_id, title.is_main) == ("F1402", False)
    assert JobTitle.objects.filter(is_main=True).exists()


def test_importing_again_changes_nothing(rome_files, capsys):
    occupations, titles = rome_files
    args = ["import_rome", "--occupations", str(occupations), "--job-titles", str(titles)]
    call_command(*args)
    capsys.readouterr()
    call_command(*args)
    out = capsys.readouterr().out
    assert "métiers : 0 créé(s), 0 mis à jour, 1584 inchangé(s)" in out
    assert "appellations : 0 créé(s), 0 mis à jour, 13120 inchangé(s)" in out


def test_bad_rows_of_both_files_are_reported_together_and_nothing_is_written(tmp_path):
    occupations = tmp_path / "metiers.csv"
    occupations.write_text(
        OCCUPATIONS_HEADER
        + '"A1101","11","6","Conducteur d\'engins agricoles modifié","","","","","","A1101"\n'
        + '"Z9999","1","7","Métier inventé","","","","","","Z9999"\n'
        + '"A1102","30047","403950"\n',
        encoding="utf-8",
    )
    titles = tmp_path / "appellations.csv"
    titles.write_text(
        TITLES_HEADER
        + '"10200","Abatteur","Abatteur","F1402","","","","","","SYNONYME","","F1402","N"\n'
        + '"10201","Accastilleur","Accastilleur","X0000","","","","","","SYNONYME","","","N"\n'
        + '"10202","Agent","Agent","A1101","","","","","","AUTRE","","","N"\n',
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as error:
        call_command("import_rome", "--occupations", str(occupations), "--job-titles", str(titles))
    message = str(error.value)
    assert "metiers.csv : 2 ligne(s) rejetée(s)" in message
    assert "ligne 3, colonne « code_rome » : code ROME invalide : « Z9999 »" in message
    assert "ligne 4, colonne « libelle_rome » : ligne incomplète" in message
    assert "appellations.csv : 2 ligne(s) rejetée(s)" in message
    assert "ligne 3, colonne « code_rome » : métier ROME inconnu : « X0000 »" in message
    assert "ligne 4, colonne « classification » : classification inconnue : « AUTRE »" in message
    assert (
        Occupation.objects.get(code="A1101").label == "Conducteur / Conductrice d'engins agricoles"
    )
    assert JobTitle.objects.count() == 0


def test_a_latin1_file_is_refused_with_line_and_column(tmp_path):
    occupations = tmp_path / "metiers.csv"
    occupations.write_bytes(
        (
            OCCUPATIONS_HEADER
            + '"A1101","11","6","Conducteur d\'engins agricoles","","","","","","A1101"\n'
            '"A1201","12","7","Bûcheron","","","","","","A1201"\n'
        ).encode("latin-1")
    )
    with pytest.raises(
        CommandError,
        match="ligne 3, colonne « libelle_rome » : le fichier n'est pas encodé en UTF-8",
    ):
        call_command("import_rome", "--occupations", str(occupations))


def test_codes_and_numbers_must_be_plain_ascii_and_fit_the_database(tmp_path):
    occupations = tmp_path / "metiers.csv"
    occupations.write_text(
        OCCUPATIONS_HEADER
        + '"A١١٠١","11","6","Métier","","","","","","A1101"\n'
        + '"A1102","11","²","Métier","","","","","","A1101"\n'
        + '"A1103","11","99999999999","Métier","","","","","","A1101"\n'
        + f'"A1104","11","9","{"x" * 201}","","","","","","A1101"\n',
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as error:
        call_command("import_rome", "--occupations", str(occupations))
    message = str(error.value)
    assert "ligne 2, colonne « code_rome » : code ROME invalide" in message
    assert "ligne 3, colonne « code_ogr » : code OGR invalide : « ² »" in message
    assert "ligne 4, colonne « code_ogr » : code OGR invalide : « 99999999999 »" in message
    assert "ligne 5, colonne « libelle_rome » : valeur trop longue" in message


def test_loading_the_shipped_data_again_keeps_labels_from_the_official_files():
    Occupation.objects.filter(code="A1101").update(label="Libellé officiel plus récent")
    call_command("load_referentials")
    assert Occupation.objects.get(code="A1101").label == "Libellé officiel plus récent"
