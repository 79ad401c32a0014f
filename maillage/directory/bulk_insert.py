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


def columns(model: type[models.Model]) -> list[str]:
    """The fields a new row of ``model`` is given, by attname, primary key and text vector left
    out (the vector is set by the table's trigger, directory migration 0003)."""
    return [
        f.attname
        for f in model._meta.concrete_fields
        if not f.primary_key and not isinstance(f, SearchVectorField)
    ]


def preparers(model: type[models.Model], names: Sequence[str]) -> list[Callable]:
    """For each of ``names``, a function from a field's Python value to what ``insert_rows``
    sends. Needs the database connection: call it before handing the work to another thread."""
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        return [_as_is] * len(names)  # model instances are built, Django prepares the values
    return [_copy_value(model._meta.get_field(name), connection) for name in names]


def insert_rows(model: type[models.Model], names: Sequence[str], rows: list[list]) -> list[int]:
    """Insert new rows (values for the fields ``names``, primary key left out, each prepared
    by ``preparers``) and return their primary keys, in order."""
    if not rows:
        return []
    # The connection itself: the ``django.db.connection`` proxy costs a lookup per attribute.
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        objs = [model(**dict(zip(names, row, strict=True))) for row in rows]
        model.objects.bulk_create(objs, batch_size=1000)  # sets the pks (RETURNING)
        return [obj.pk for obj in objs]
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(rows)],
        )
        pks = [pk for (pk,) in cursor.fetchall()]
    _insert(
        connection,
        model,
        [meta.pk.column, *(meta.get_field(name).column for name in names)],
        ([pk, *row] for pk, row in zip(pks, rows, strict=True)),
    )
    return pks


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
