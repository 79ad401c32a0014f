"""Idempotent bulk synchronisation of reference tables."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


@dataclass
class SyncCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    def __str__(self) -> str:
        text = f"{self.created} créé(s), {self.updated} mis à jour, {self.unchanged} inchangé(s)"
        return text + (f", {self.deleted} supprimé(s)" if self.deleted else "")


def sync_table(
    model: type[models.Model],
    rows: dict[str, dict],
    *,
    batch_size: int = 2000,
    update_existing: bool = True,
) -> SyncCounts:
    """Create or update ``model`` rows keyed by primary key; rows absent from ``rows`` are kept.

    ``rows`` maps each primary key to the values of the fields it sets (attribute names, e.g.
    ``departement_id``). Only the rows whose values differ are written.
    """
    fields = sorted({name for values in rows.values() for name in values})
    pk_name = model._meta.pk.attname
    # Reference tables are small enough (tens of thousands of rows) to be read whole.
    existing = {
        obj[pk_name]: obj
        for obj in model.objects.values(pk_name, *fields).iterator(chunk_size=batch_size)
    }
    counts = SyncCounts()
    to_create, to_update = [], []
    for pk, values in rows.items():
        current = existing.get(pk)
        if current is None:
            to_create.append(model(**{pk_name: pk, **values}))
        elif update_existing and any(current[name] != value for name, value in values.items()):
            to_update.append(model(**{pk_name: pk, **values}))
        else:
            counts.unchanged += 1
    model.objects.bulk_create(to_create, batch_size=batch_size)
    if to_update:
        model.objects.bulk_update(to_update, fields, batch_size=batch_size)
    counts.created, counts.updated = len(to_create), len(to_update)
    return counts
