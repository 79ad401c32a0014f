"""Reading the reference files committed with the product (built by the scripts in scripts/)."""

import csv
import gzip
import io
from pathlib import Path


def read_csv(path: Path) -> list[dict[str, str]]:
    """Every row of a UTF-8 CSV file with a header line, gzip-compressed when named ``*.gz``."""
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
