import json
import threading
from collections import Counter, defaultdict
from contextlib import contextmanager

import pytest
from data_inclusion.schema import v1
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection
from pydantic import ValidationError

from maillage.directory import bulk_insert, importers, zone_counts
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


# Importing a source again, as a network does every night: what did not change is not written,
# what changed is written with everything derived from it, and the result is a fresh import's.

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="tokens and zone counts exist on PostgreSQL only"
)

# A second structure with a position of its own, and a service of it with neither zone nor
# commune: its zone is its structure's commune, the one thing of the structure that no column
# of the service repeats.
PLACED = {**STRUCTURE, "id": "s2", "code_insee": "64445", "latitude": 43.39, "longitude": -0.6}
ZONELESS = {**SERVICE, "id": "sans-zone", "structure_id": "s2", "zone_eligibilite": None}


def first_files() -> tuple[list[dict], list[dict]]:
    return [STRUCTURE, PLACED], [*services(9), ZONELESS]


def changed_files() -> tuple[list[dict], list[dict]]:
    """Four services and two structures changed, in different chunks: a name, a thématique, a
    zone, coordinates; the commune of one structure (hence the zone of its service ``sans-zone``)
    and the telephone of the other (which none of its services repeats)."""
    records = [dict(record) for record in first_files()[1]]
    records[0]["nom"] = "Service zéro, renommé"
    records[3]["thematiques"] = ["famille--garde-denfants"]
    records[5]["zone_eligibilite"] = ["64"]
    records[8].update(latitude=43.35, longitude=-0.62)
    structures = [{**STRUCTURE, "telephone": "05 59 00 00 00"}, {**PLACED, "code_insee": "64430"}]
    return structures, records


CHANGED = {"v0", "v3", "v5", "v8", "sans-zone"}


def import_files(tmp_path, files) -> str:
    """Import as the command does; what it says."""
    structures, records = files
    report = importers.import_dataincl(
        source="test",
        structures_path=write(tmp_path, "structures.json", structures),
        services_path=write(tmp_path, "services.json", records),
    )
    return report.summary()


def directory_state() -> dict:
    """What an import writes, by (kind, id) rather than by primary key: the rows, their value and
    zone rows and, on PostgreSQL, the search tokens and text vector kept by the trigger."""
    structures = dict(Structure.objects.values_list("pk", "di_id"))
    terms, zones = defaultdict(set), defaultdict(set)
    for service_id, kind, value in ServiceTerm.objects.values_list("service_id", "kind", "value"):
        terms[service_id].add((kind, value))
    for service_id, code in ServiceZone.objects.values_list("service_id", "code"):
        zones[service_id].add(code)
    tokens = {}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, search_tokens FROM directory_service")
            tokens = {pk: sorted(values) for pk, values in cursor.fetchall()}
    state = {}
    for row in Structure.objects.values():
        del row["id"]
        state["structure", row["di_id"]] = row
    for row in Service.objects.values():
        pk = row.pop("id")
        row.update(
            structure_id=structures[row["structure_id"]],
            terms=terms[pk],
            zones=zones[pk],
            tokens=tokens.get(pk),
        )
        state["service", row["di_id"]] = row
    return state


def derived_row_ids() -> tuple[set, set]:
    """The value and zone rows as stored: rows deleted and inserted again get new ids."""
    return set(ServiceTerm.objects.values_list("pk", flat=True)), set(
        ServiceZone.objects.values_list("pk", flat=True)
    )


@contextmanager
def services_written():
    """The di_ids of the services whose row was written (updated) inside the block. PostgreSQL
    gives every new version of a row a new place (ctid); on SQLite a temporary trigger tells."""
    written = set()
    if connection.vendor == "postgresql":
        before = service_places()
        yield written
        written.update(
            di_id for di_id, place in service_places().items() if before.get(di_id, place) != place
        )
        return
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE written_services (di_id text)")
        cursor.execute(
            "CREATE TEMPORARY TRIGGER record_written_services AFTER UPDATE ON directory_service "
            "BEGIN INSERT INTO written_services VALUES (NEW.di_id); END"
        )
    yield written
    with connection.cursor() as cursor:
        cursor.execute("SELECT di_id FROM written_services")
        written.update(di_id for (di_id,) in cursor.fetchall())
        cursor.execute("DROP TRIGGER record_written_services")
        cursor.execute("DROP TABLE written_services")


def service_places() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT di_id, ctid::text FROM directory_service")
        return dict(cursor.fetchall())


def test_importing_the_same_files_again_writes_nothing_and_says_so(tmp_path, small_chunks):
    files = first_files()
    assert import_files(tmp_path, files) == (
        "structures : 2 créée(s), 0 mise(s) à jour, 0 inchangée(s) ; "
        "services : 10 créé(s), 0 mis à jour, 0 inchangé(s) ; 0 rejet(s)"
    )
    state, rows = directory_state(), derived_row_ids()
    with services_written() as written:
        summary = import_files(tmp_path, files)
    assert summary == (
        "structures : 0 créée(s), 0 mise(s) à jour, 2 inchangée(s) ; "
        "services : 0 créé(s), 0 mis à jour, 10 inchangé(s) ; 0 rejet(s)"
    )
    assert written == set()
    assert derived_row_ids() == rows
    assert directory_state() == state
    assert not import_threads()


def test_importing_changed_files_writes_exactly_the_changed_records(tmp_path, small_chunks):
    import_files(tmp_path, first_files())
    # The network's own settings of a service are not the source's: an import keeps them.
    Service.objects.filter(di_id__in=["v0", "v1"]).update(status="draft", accepts_referrals=True)
    unchanged_terms = set(ServiceTerm.objects.exclude(service__di_id__in=CHANGED).values_list("pk"))
    unchanged_zones = set(ServiceZone.objects.exclude(service__di_id__in=CHANGED).values_list("pk"))
    with services_written() as written:
        summary = import_files(tmp_path, changed_files())
    assert summary == (
        "structures : 0 créée(s), 2 mise(s) à jour, 0 inchangée(s) ; "
        "services : 0 créé(s), 5 mis à jour, 5 inchangé(s) ; 0 rejet(s)"
    )
    assert written == CHANGED
    assert set(ServiceTerm.objects.values_list("pk")) >= unchanged_terms
    assert set(ServiceZone.objects.values_list("pk")) >= unchanged_zones

    def terms(di_id):
        return set(Service.objects.get(di_id=di_id).terms.values_list("value", flat=True))

    def zones(di_id):
        return set(Service.objects.get(di_id=di_id).zones.values_list("code", flat=True))

    assert Service.objects.get(di_id="v0").nom == "Service zéro, renommé"
    assert "famille--garde-denfants" in terms("v3") and THEMATIQUES[0] not in terms("v3")
    assert zones("v5") == {"64"}
    moved = Service.objects.get(di_id="v8")
    assert (moved.geo_latitude, moved.geo_longitude) == (43.35, -0.62)
    assert zones("sans-zone") == {"64430"}
    assert set(
        Service.objects.filter(di_id__in=["v0", "v1"]).values_list("status", "accepts_referrals")
    ) == {("draft", True)}

    # The same directory as the changed files imported into an empty one.
    Service.objects.filter(di_id__in=["v0", "v1"]).update(
        status="published", accepts_referrals=False
    )
    again = directory_state()
    Service.objects.all().delete()
    Structure.objects.all().delete()
    import_files(tmp_path, changed_files())
    assert directory_state() == again


@pytest.mark.parametrize(
    "move",
    [
        {
            "nom": "Association déménagée",
            "code_insee": "64430",
            "latitude": 43.32,
            "longitude": -0.45,
        },
        # Same name, same position: nothing a service derives of it differs but its zone.
        {"code_insee": "64430"},
    ],
)
def test_a_structure_moved_by_itself_takes_its_services_along(tmp_path, small_chunks, move):
    """Structures imported without their services: a service that takes its zone, position
    and text from its structure follows it, as if everything had been imported afresh."""
    import_files(tmp_path, first_files())
    records = first_files()[1]
    moved = [STRUCTURE, {**PLACED, **move}]
    importers.import_dataincl(
        source="test", structures_path=write(tmp_path, "structures.json", moved), services_path=None
    )
    state = directory_state()
    assert state["service", "sans-zone"]["zones"] == {"64430"}
    if connection.vendor == "postgresql":
        assert "zone:64430" in state["service", "sans-zone"]["tokens"]
        assert "zone:64445" not in state["service", "sans-zone"]["tokens"]
        assert zone_counts.differences() == []
    Service.objects.all().delete()
    Structure.objects.all().delete()
    import_files(tmp_path, (moved, records))
    assert directory_state() == state


def test_importing_again_repairs_zone_rows_gone_wrong(tmp_path, small_chunks):
    """Whatever made a service's zone rows differ from what its record and structure give, the
    next import of the record writes it again."""
    files = first_files()
    import_files(tmp_path, files)
    state = directory_state()
    ServiceZone.objects.filter(service__di_id="sans-zone").update(code="33")
    with services_written() as written:
        summary = import_files(tmp_path, files)
    assert written == {"sans-zone"}
    assert "services : 0 créé(s), 1 mis à jour, 9 inchangé(s)" in summary
    assert directory_state() == state


@postgres_only
def test_changed_records_get_their_tokens_and_the_zone_counts_stay_exact(tmp_path):
    import_files(tmp_path, first_files())
    import_files(tmp_path, changed_files())
    tokens = directory_state()
    assert {"th:famille--garde-denfants", "cat:famille"} <= set(tokens["service", "v3"]["tokens"])
    assert "zone:64" in tokens["service", "v5"]["tokens"]
    assert "zone:64430" in tokens["service", "sans-zone"]["tokens"]
    assert "zone:64445" not in tokens["service", "sans-zone"]["tokens"]
    assert zone_counts.differences() == []


@postgres_only
def test_after_an_import_that_wrote_nothing_the_zone_counts_are_kept_again(tmp_path):
    files = first_files()
    import_files(tmp_path, files)
    import_files(tmp_path, files)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('maillage.zone_counts_deferred', true)")
        assert cursor.fetchone()[0] == "off"
    Service.objects.filter(di_id="v1").update(status="draft")
    assert zone_counts.differences() == []


def test_a_record_failing_while_imported_again_leaves_the_directory_as_it_was(
    tmp_path, small_chunks, monkeypatch
):
    import_files(tmp_path, first_files())
    state, rows = directory_state(), derived_row_ids()
    # The file changed between the passes: its 9th service is no longer valid when written,
    # after the chunks with changed services.
    reads = Counter()
    records = importers._records

    def changing(path):
        reads[path.name] += 1
        for position, raw in enumerate(records(path), 1):
            if path.name == "services.json" and reads[path.name] == 2 and position == 9:
                raw = {**raw, "date_maj": "hier"}
            yield raw

    monkeypatch.setattr(importers, "_records", changing)
    with pytest.raises(ValidationError):
        import_files(tmp_path, changed_files())
    assert directory_state() == state
    assert derived_row_ids() == rows
    assert not import_threads()
    if connection.vendor == "postgresql":
        assert zone_counts.differences() == []


def test_a_database_error_while_importing_again_leaves_the_directory_as_it_was(
    tmp_path, small_chunks, monkeypatch
):
    import_files(tmp_path, first_files())
    state, rows = directory_state(), derived_row_ids()
    write = bulk_insert.RowUpdates.write
    calls = Counter()

    def failing(updates, rows):
        calls[updates.target] += 1
        if updates.target == Service._meta.db_table and calls[updates.target] == 4:
            raise DatabaseError("plus de place sur le disque")
        return write(updates, rows)

    monkeypatch.setattr(bulk_insert.RowUpdates, "write", failing)
    with pytest.raises(DatabaseError, match="plus de place"):
        import_files(tmp_path, changed_files())
    assert directory_state() == state
    assert derived_row_ids() == rows
    assert not import_threads()
    # And the next import, the same, goes through.
    monkeypatch.setattr(bulk_insert.RowUpdates, "write", write)
    assert "services : 0 créé(s), 5 mis à jour, 5 inchangé(s)" in import_files(
        tmp_path, changed_files()
    )
