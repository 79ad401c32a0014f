"""Load the committed referentials: data·inclusion vocabularies (from the package) and ROME."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from maillage.core.bulk import SyncCounts, sync_table
from maillage.core.datafiles import read_csv
from maillage.core.text import normalize
from maillage.referentials import vocabularies
from maillage.referentials.models import NafDivision, Occupation, VocabularyTerm

DATA_DIR = Path(__file__).resolve().parent / "data"


def _read(name: str) -> list[dict[str, str]]:
    return read_csv(DATA_DIR / name)


def load_vocabularies() -> SyncCounts:
    existing = {(t.vocabulary, t.value): t for t in VocabularyTerm.objects.all()}
    counts = SyncCounts()
    for name in vocabularies.VOCABULARIES:
        for term in vocabularies.terms(name):
            values = {"label": term.label, "description": term.description, "parent": term.parent}
            current = existing.get((name, term.value))
            if current is None:
                VocabularyTerm.objects.create(vocabulary=name, value=term.value, **values)
                counts.created += 1
            elif any(getattr(current, k) != v for k, v in values.items()):
                VocabularyTerm.objects.filter(pk=current.pk).update(**values)
                counts.updated += 1
            else:
                counts.unchanged += 1
    return counts


def load_rome() -> dict[str, SyncCounts]:
    counts = {
        "divisions NAF": sync_table(
            NafDivision, {d["code"]: {"label": d["label"]} for d in _read("naf_divisions.csv")}
        ),
        # Create-only: once an operator imported France Travail's files (import_rome), those
        # are the reference and a later `make demo` must not write the shipped labels back.
        "métiers ROME": sync_table(
            Occupation,
            update_existing=False,
            rows={
                o["code"]: {"label": o["label"], "search_label": normalize(o["label"])}
                for o in _read("rome_occupations.csv")
            },
        ),
    }
    through = Occupation.naf_divisions.through
    wanted = {(link["rome"], link["naf_division"]) for link in _read("rome_naf_divisions.csv")}
    existing = set(through.objects.values_list("occupation_id", "nafdivision_id"))
    through.objects.bulk_create(
        [through(occupation_id=o, nafdivision_id=n) for o, n in wanted - existing], batch_size=2000
    )
    return counts


@transaction.atomic
def load_referentials() -> dict[str, SyncCounts]:
    return {"vocabulaires data·inclusion": load_vocabularies(), **load_rome()}
