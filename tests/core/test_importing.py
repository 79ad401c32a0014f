import pytest
from django.core.management import CommandError

from maillage.core.importing import CsvFile, ImportRejected, ImportReport


def rows(tmp_path, content: bytes, **kwargs):
    path = tmp_path / "fichier.csv"
    path.write_bytes(content)
    report = ImportReport()
    return list(CsvFile(path, **kwargs).rows(report)), report


def test_rows_carry_their_line_number_and_a_bom_is_ignored(tmp_path):
    found, report = rows(
        tmp_path, "\ufeffa;b\n1;2\n\n3;4\n".encode(), required=["a"], delimiter=";"
    )
    assert [(r.line, r["a"], r["b"]) for r in found] == [(2, "1", "2"), (4, "3", "4")]
    assert report.rejected == []


def test_an_empty_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="le fichier est vide"):
        rows(tmp_path, b"", required=["a"])


def test_extra_values_are_rejected_but_a_trailing_delimiter_is_not(tmp_path):
    found, report = rows(tmp_path, b"a;b;\n1;2;\n1;2;3\n", required=["a"], delimiter=";")
    assert len(found) == 1
    assert str(report.rejected[0]) == "ligne 3 : 3 colonnes au lieu de 2"


def test_a_broken_quote_is_a_rejected_line(tmp_path):
    _, report = rows(tmp_path, b'a,b\n1,"2\n', required=["a"])
    assert report.rejected and "illisible" in report.rejected[0].reason


def test_the_rejection_message_names_each_file_and_shortens_a_very_long_list():
    many, few = ImportReport(), ImportReport()
    for line in range(2, 252):
        many.reject(line, "code", "code inconnu")
    few.reject(7, "", "ligne illisible")
    message = str(ImportRejected({"a.csv": many.rejected, "b.csv": few.rejected}))
    assert "a.csv : 250 ligne(s) rejetée(s)" in message
    assert "ligne 201, colonne « code » : code inconnu" in message
    assert "ligne 202," not in message
    assert "… et 50 autre(s)" in message
    assert "b.csv : 1 ligne(s) rejetée(s) :\n  - ligne 7 : ligne illisible" in message
    assert message.endswith("Rien n'a été importé.")
