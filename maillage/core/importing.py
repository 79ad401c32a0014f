"""What every importer shares: reading a CSV file strictly and reporting rejected rows.

An import is all-or-nothing: every row is checked first, every rejected row is reported with its
line, column and reason (in French), and nothing is written unless no row was rejected.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management.base import CommandError


@dataclass(frozen=True)
class Rejection:
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"ligne {self.line}" + (f", colonne « {self.column} »" if self.column else "")
        return f"{where} : {self.reason}"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    rejected: list[Rejection] = field(default_factory=list)

    def reject(self, line: int, column: str, reason: str) -> None:
        self.rejected.append(Rejection(line, column, reason))

    def summary(self) -> str:
        deleted = f", {self.deleted} retiré(s)" if self.deleted else ""
        return (
            f"{self.created} créé(s), {self.updated} mis à jour, {self.unchanged} inchangé(s)"
            f"{deleted}, {len(self.rejected)} rejeté(s)"
        )

    def raise_if_rejected(self, source: str) -> None:
        raise_if_rejected({source: self})


def raise_if_rejected(reports: dict[str, ImportReport]) -> None:
    """Raise ImportRejected listing the rejected rows of every file, if there is one."""
    rejected = {source: report.rejected for source, report in reports.items() if report.rejected}
    if rejected:
        raise ImportRejected(rejected)


class ImportRejected(CommandError):
    """Raised before anything is written, with every rejected row of every file."""

    SHOWN = 200

    def __init__(self, rejected: dict[str, list[Rejection]]):
        self.rejected = rejected
        self.rejections = [r for rows in rejected.values() for r in rows]
        parts = []
        for source, rows in rejected.items():
            lines = "\n".join(f"  - {r}" for r in rows[: self.SHOWN])
            more = f"\n  … et {len(rows) - self.SHOWN} autre(s)" if len(rows) > self.SHOWN else ""
            parts.append(f"{source} : {len(rows)} ligne(s) rejetée(s) :\n{lines}{more}")
        super().__init__("\n".join(parts) + "\nRien n'a été importé.")


@dataclass
class CsvRow:
    line: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values[column]

    def too_long(self, report: ImportReport, column: str, max_length: int) -> bool:
        """Reject the row if a value does not fit its database column."""
        if len(self.values[column]) > max_length:
            report.reject(
                self.line,
                column,
                f"valeur trop longue : {len(self.values[column])} caractères, {max_length} au plus",
            )
            return True
        return False


class CsvFile:
    """A CSV file read strictly: known encoding, expected header, complete lines.

    Problems with the file as a whole (unreadable, wrong encoding, wrong header) raise a
    CommandError at once; incomplete lines are added to ``report`` as rejected rows.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        required: list[str],
        delimiter: str = ",",
        encoding: str = "utf-8",
        label: str | None = None,
    ):
        self.path = Path(path)
        self.required = required
        self.delimiter = delimiter
        self.encoding = encoding
        self.label = label or self.path.name

    def _text(self) -> str:
        try:
            raw = self.path.read_bytes()
        except OSError as error:
            raise CommandError(f"{self.label} : fichier illisible ({error.strerror}).") from None
        try:
            return raw.decode(self.encoding).removeprefix("\ufeff")
        except UnicodeDecodeError as error:
            line_start = raw.rfind(b"\n", 0, error.start) + 1
            line_number = raw.count(b"\n", 0, error.start) + 1
            header = raw.split(b"\n", 1)[0].decode("latin-1").strip().split(self.delimiter)
            column_index = raw[line_start : error.start].count(self.delimiter.encode())
            column = header[column_index].strip('"\ufeff ') if column_index < len(header) else "?"
            raise CommandError(
                f"{self.label} : ligne {line_number}, colonne « {column} » : le fichier n'est pas "
                f"encodé en {self.encoding.upper()} (octet {raw[error.start]:#04x} inattendu). "
                "Enregistrez-le en UTF-8 puis recommencez ; rien n'a été importé."
            ) from None

    def header(self) -> list[str]:
        """The column names of line 1 (read with the csv module, so quoted names work)."""
        return self._header(
            csv.reader(io.StringIO(self._text(), newline=""), delimiter=self.delimiter)
        )

    def _header(self, reader) -> list[str]:
        try:
            header = [name.strip() for name in next(reader)]
        except StopIteration:
            raise CommandError(
                f"{self.label} : le fichier est vide ; rien n'a été importé."
            ) from None
        except csv.Error as error:
            raise CommandError(f"{self.label} : ligne 1 illisible ({error}).") from None
        # A trailing delimiter gives an unnamed last column: keep the named ones only.
        while header and header[-1] == "":
            header.pop()
        return header

    def rows(self, report: ImportReport) -> Iterator[CsvRow]:
        reader = csv.reader(
            io.StringIO(self._text(), newline=""), delimiter=self.delimiter, strict=True
        )
        header = self._header(reader)
        duplicated = sorted({name for name in header if header.count(name) > 1})
        if duplicated:
            raise CommandError(
                f"{self.label} : ligne 1 (en-tête) : colonne(s) en double "
                f"{', '.join('« ' + d + ' »' for d in duplicated)}. Rien n'a été importé."
            )
        missing = [name for name in self.required if name not in header]
        if missing:
            raise CommandError(
                f"{self.label} : ligne 1 (en-tête) : colonne(s) manquante(s) "
                f"{', '.join('« ' + m + ' »' for m in missing)} ; colonnes trouvées : "
                f"{', '.join(header) or '(aucune)'}. Rien n'a été importé."
            )
        width = len(header)
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                # The reader starts afresh on the next line: every later row is still checked.
                report.reject(reader.line_num, "", f"ligne illisible ({error})")
                continue
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) < width:
                report.reject(
                    line,
                    header[len(values)],
                    f"ligne incomplète : {len(values)} colonne(s) au lieu de {width}",
                )
                continue
            if any(v.strip() for v in values[width:]):
                report.reject(line, "", f"{len(values)} colonnes au lieu de {width}")
                continue
            nul = next((header[i] for i, v in enumerate(values[:width]) if "\x00" in v), None)
            if nul is not None:
                report.reject(line, nul, "caractère nul dans la valeur (fichier abîmé ?)")
                continue
            yield CsvRow(line, {name: values[i].strip() for i, name in enumerate(header)})
