import json
import threading
from collections import Counter

import pytest
from data_inclusion.schema import v1
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from pydantic import ValidationError

from maillage.directory import bulk_insert, importers
from maillage.directory.models import Service, ServiceTerm, ServiceZone, Structure

pytestmark = pytest.mark.django_db

STRUCTURE = {"id": "s1", "nom": "Association Test", "date_maj": "2026-11-01", "code_insee": "64410"}
SERVICE = {
    "id": "v1",
    "structure_id": "s1",
    "nom": "Aide au permis",
    "description": "Financer son permis B.",
    "date_maj": "2026-11-01",
    "thematiques": ["mobilite--preparer-un-permis"],
    "publics": ["jeunes"],
    "zone_eligibilite": ["200039204"],
    "modes_accueil": ["en-presentiel"],
}


def write(tmp_path, name, records):
    path = tmp_path / name
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def run(tmp_path, structures, services, source="test"):
    call_command(
        "import_dataincl",
        "--source",
        source,
        "--structures",
        str(write(tmp_path, "structures.json", structures)),
        "--services",
        str(write(tmp_path, "services.json", services)),
    )


def test_the_demo_directory_imports_with_derived_rows(demo_directory):
    assert demo_directory.count() == 25
    assert Structure.objects.count() == 19
    permis = Service.objects.get(di_id="permis-solidaire")
    assert set(ServiceTerm.objects.filter(service=permis).values_list("value", flat=True)) >= {
        "mobilite--preparer-un-permis",
        "jeunes",
    }
    assert list(ServiceZone.objects.filter(service=permis).values_list("code", flat=True)) == ["33"]
    assert permis.geo_approximate and permis.geo_latitude  # from Bordeaux's centre


def test_importing_again_updates_by_source_and_id(tmp_path, capsys):
    run(tmp_path, [STRUCTURE], [SERVICE])
    run(tmp_path, [STRUCTURE], [{**SERVICE, "nom": "Aide au permis de conduire"}])
    assert "services : 0 créé(s), 1 mis à jour" in capsys.readouterr().out
    assert Service.objects.get().nom == "Aide au permis de conduire"
    run(tmp_path, [STRUCTURE], [SERVICE], source="autre")  # same id, other source: another row
    assert Service.objects.count() == 2


def test_every_bad_record_is_reported_in_french_and_nothing_is_imported(tmp_path):
    services = [
        SERVICE,
        {**SERVICE, "id": "v2", "thematiques": ["cuisine"]},
        {**SERVICE, "id": "v3", "code_insee": "99999"},
        {**SERVICE, "id": "v4", "structure_id": "inconnue"},
        {**SERVICE, "id": "v5", "date_maj": "hier"},
        {k: v for k, v in SERVICE.items() if k != "nom"} | {"id": "v6"},
        "pas un objet",
    ]
    with pytest.raises(CommandError) as error:
        run(tmp_path, [STRUCTURE, {**STRUCTURE, "id": "s2", "code_insee": "1234"}], services)
    message = str(error.value)
    assert "structure n° 2 « s2 », champ « code_insee » : texte trop court : « 1234 »" in message
    assert "service n° 2 « v2 », champ « thematiques » : valeur inconnue : « cuisine »" in message
    assert "service n° 3 « v3 », champ « code_insee » : code INSEE inconnu : « 99999 »" in message
    assert (
        "service n° 4 « v4 », champ « structure_id » : structure « inconnue » inconnue" in message
    )
    assert "service n° 5 « v5 », champ « date_maj » : date invalide" in message
    assert "service n° 6 « v6 », champ « nom » : champ obligatoire manquant" in message
    assert "service n° 7 (sans id) : ce n'est pas un objet JSON" in message
    assert Service.objects.count() == 0 and Structure.objects.count() == 0


def test_a_file_that_is_not_json_or_csv_is_refused(tmp_path):
    bad = tmp_path / "services.json"
    bad.write_text("{ceci n'est pas du JSON", encoding="utf-8")
    with pytest.raises(CommandError, match="ce n'est pas un tableau JSON valide"):
        call_command("import_dataincl", "--source", "x", "--services", str(bad))
    with pytest.raises(CommandError, match="format inconnu"):
        call_command("import_dataincl", "--source", "x", "--services", str(tmp_path / "a.xlsx"))


def test_csv_files_with_lists_as_json_or_commas(tmp_path):
    (tmp_path / "structures.csv").write_text(
        "id,nom,date_maj,code_insee\ns1,Asso,2026-11-01,64410\n"
    )
    (tmp_path / "services.csv").write_text(
        "id,structure_id,nom,description,date_maj,thematiques,publics\n"
        'v1,s1,Permis,Financer son permis,2026-11-01,"[""mobilite--preparer-un-permis""]","jeunes,femmes"\n'
    )
    call_command(
        "import_dataincl",
        "--source",
        "csv",
        "--structures",
        str(tmp_path / "structures.csv"),
        "--services",
        str(tmp_path / "services.csv"),
    )
    service = Service.objects.get()
    assert service.thematiques == ["mobilite--preparer-un-permis"]
    assert service.publics == ["femmes", "jeunes"]
    # No declared zone: the service's own commune (its structure's here).
    assert list(service.zones.values_list("code", flat=True)) == ["64410"]


def test_exported_records_are_valid_data_inclusion(demo_directory):
    from maillage.directory.dataincl import service_record, structure_record

    for service in demo_directory.select_related("structure"):
        v1.Service.model_validate(service_record(service))
        v1.Structure.model_validate(structure_record(service.structure))


def test_export_files_read_back_as_valid_data_inclusion(demo_directory, tmp_path):
    call_command("export_dataincl", str(tmp_path))
    services = json.loads((tmp_path / "services.json").read_text())
    structures = json.loads((tmp_path / "structures.json").read_text())
    assert len(services) == 25 and len(structures) == 19
    for record in services:
        v1.Service.model_validate(record)
    for record in structures:
        v1.Structure.model_validate(record)
    # And another Maillage can import them as they are.
    Service.objects.all().delete()
    call_command(
        "import_dataincl",
        "--source",
        "reimport",
        "--structures",
        str(tmp_path / "structures.json"),
        "--services",
        str(tmp_path / "services.json"),
    )
    assert Service.objects.filter(source="reimport").count() == 25


def test_an_id_given_twice_in_a_file_is_rejected(tmp_path):
    with pytest.raises(CommandError) as error:
        run(tmp_path, [STRUCTURE], [SERVICE, {**SERVICE, "nom": "Autre"}])
    assert "service n° 2 « v1 », champ « id » : identifiant en double dans le fichier" in str(
        error.value
    )
    assert Service.objects.count() == 0 and Structure.objects.count() == 0


# Pass 2 builds the rows in a thread while the previous chunks are written: small chunks and a
# short queue make these files span several chunks, with the thread ahead of the writes.
@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(importers, "CHUNK", 2)
    monkeypatch.setattr(importers, "QUEUED_CHUNKS", 1)


def services(count: int) -> list[dict]:
    codes = ["64410", "64445", "33", "200039204", "france"]
    return [
        {
            **SERVICE,
            "id": f"v{n}",
            "nom": f"Service {n}",
            "thematiques": [THEMATIQUES[n % len(THEMATIQUES)]],
            "zone_eligibilite": [codes[n % len(codes)]],
        }
        for n in range(count)
    ]


THEMATIQUES = [
    "mobilite--preparer-un-permis",
    "numerique--acquerir-un-equipement",
    "trouver-un-emploi--maintien-dans-lemploi",
]


def import_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("import-")]


def test_value_and_zone_rows_follow_their_service_across_chunks(tmp_path, small_chunks):
    run(tmp_path, [STRUCTURE], services(7))
    run(tmp_path, [STRUCTURE], list(reversed(services(9))))  # 7 updates, 2 new, other chunks
    assert Service.objects.count() == 9
    for n, record in enumerate(services(9)):
        service = Service.objects.get(di_id=record["id"])
        assert service.nom == f"Service {n}"
        assert set(service.terms.values_list("kind", "value")) == {
            ("thematiques", THEMATIQUES[n % len(THEMATIQUES)]),
            ("publics", "jeunes"),
            ("modes_accueil", "en-presentiel"),
        }
        assert list(service.zones.values_list("code", flat=True)) == record["zone_eligibilite"]
    assert not import_threads()


def test_a_record_failing_while_written_leaves_nothing_and_no_thread(
    tmp_path, small_chunks, monkeypatch
):
    # The file changed between the passes: its 5th service is no longer valid when written.
    reads = Counter()
    records = importers._records

    def changing(path):
        reads[path.name] += 1
        for position, raw in enumerate(records(path), 1):
            if path.name == "services.json" and reads[path.name] == 2 and position == 5:
                raw = {**raw, "date_maj": "hier"}
            yield raw

    monkeypatch.setattr(importers, "_records", changing)
    with pytest.raises(ValidationError):
        run(tmp_path, [STRUCTURE], services(9))
    assert Service.objects.count() == 0 and Structure.objects.count() == 0
    assert ServiceTerm.objects.count() == 0 and ServiceZone.objects.count() == 0
    assert not import_threads()


def test_a_database_error_leaves_nothing_and_no_thread(tmp_path, small_chunks, monkeypatch):
    insert_rows = bulk_insert.insert_rows
    calls = Counter()

    def failing(model, names, rows):
        calls[model] += 1
        if model is Service and calls[model] == 2:
            raise DatabaseError("plus de place sur le disque")
        return insert_rows(model, names, rows)

    monkeypatch.setattr(bulk_insert, "insert_rows", failing)
    with pytest.raises(DatabaseError, match="plus de place"):
        run(tmp_path, [STRUCTURE], services(9))
    assert Service.objects.count() == 0 and Structure.objects.count() == 0
    assert ServiceTerm.objects.count() == 0 and ServiceZone.objects.count() == 0
    assert not import_threads()
