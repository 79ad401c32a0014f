"""Many new rows at once: COPY on PostgreSQL, multi-row INSERTs elsewhere.

On PostgreSQL a 1,000-row ``bulk_create`` of a 60-column model is one INSERT of 60,000 values
that the driver spells out and the server parses; COPY streams the same rows for a fraction of
the cost (import of 100,000 services, see docs/benchmarks.md, issue 4).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Sequence

from django.contrib.postgres.search import SearchVectorField
from django.db import connections, models, router


def create_all(model: type[models.Model], objs: list[models.Model]) -> None:
    """Insert unsaved ``objs`` and set their primary keys (database defaults are not read back:
    every field must hold its value, as a model instance does once built)."""
    if not objs:
        return
    # The connection itself: the ``django.db.connection`` proxy costs a lookup per attribute,
    # and get_db_prep_save reads it for every value.
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=1000)  # sets the pks (RETURNING)
        return
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objs)],
        )
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
    # A text vector is set by the table's trigger (directory migration 0003), not sent.
    fields = [f for f in meta.concrete_fields if not isinstance(f, SearchVectorField)]
    prepare = [_copy_value(f, connection) for f in fields]
    _insert(
        connection,
        model,
        [f.column for f in fields],
        (
            [to_copy(getattr(obj, f.attname)) for f, to_copy in zip(fields, prepare, strict=True)]
            for obj in objs
        ),
    )
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


# Fields whose Python value is already what PostgreSQL stores (Django would only check its type):
# sent as they are, which saves a third of the time of building the rows. Not DateTimeField
# (time zones), a subclass of DateField.
_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,  # and the auto and positive ones
    models.FloatField,
    models.BooleanField,
    models.UUIDField,
    models.ForeignKey,
)


def _copy_value(field: models.Field, connection) -> Callable:
    if isinstance(field, _PLAIN_FIELDS) or type(field) is models.DateField:
        return _as_is
    if isinstance(field, models.JSONField):
        # None is SQL NULL, as Django stores it.
        return lambda value: None if value is None else json.dumps(value, cls=field.encoder)
    return functools.partial(field.get_db_prep_save, connection=connection)


def _as_is(value):
    return value


def insert_values(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence]
) -> None:
    """Insert plain rows (values for ``columns``, in that order) into ``model``'s table."""
    _insert(connections[router.db_for_write(model)], model, columns, rows)


def _insert(connection, model, columns, rows) -> None:
    if connection.vendor != "postgresql":
        model.objects.bulk_create(
            [model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=1000
        )
        return
    quote = connection.ops.quote_name
    statement = (
        f"COPY {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    )
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
