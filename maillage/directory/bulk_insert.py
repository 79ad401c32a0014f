"""Many rows at once: new ones by COPY on PostgreSQL and raw multi-row INSERTs elsewhere; existing
ones rewritten through a temporary table, only where they changed (``RowUpdates``).

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
        return [_sqlite_value(model._meta.get_field(name), connection) for name in names]
    return [_copy_value(model._meta.get_field(name), connection) for name in names]


def insert_rows(model: type[models.Model], names: Sequence[str], rows: list[list]) -> list[int]:
    """Insert new rows (values for the fields ``names``, primary key left out, each prepared
    by ``preparers``) and return their primary keys, in order."""
    if not rows:
        return []
    # The connection itself: the ``django.db.connection`` proxy costs a lookup per attribute.
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    if connection.vendor != "postgresql":
        return _insert_returning(connection, model, [meta.get_field(n).column for n in names], rows)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(rows)],
        )
        pks = [pk for (pk,) in cursor.fetchall()]
    _insert(
        connection,
        meta.db_table,
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
    _insert(connections[router.db_for_write(model)], model._meta.db_table, columns, rows)


def _insert(connection, table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    if connection.vendor != "postgresql":
        quote = connection.ops.quote_name
        names = ", ".join(quote(c) for c in columns)
        values = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({values})", rows)
        return
    _copy(connection, table, columns, rows)


def _insert_returning(connection, model, columns: Sequence[str], rows: list[list]) -> list[int]:
    """SQLite: multi-row INSERTs that return the new primary keys in order (as Django's own
    bulk_create does), without building a model instance per row (its __init__ and the SQL
    compiler were half of an import's time)."""
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
    one = f"({', '.join(['%s'] * len(columns))})"
    returning = f"RETURNING {quote(model._meta.pk.column)}"
    per_statement = max(1, connection.features.max_query_params // len(columns))
    pks = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            batch = rows[start : start + per_statement]
            cursor.execute(
                f"{head}VALUES {', '.join([one] * len(batch))} {returning}",
                [value for row in batch for value in row],
            )
            pks += [pk for (pk,) in cursor.fetchall()]
    return pks


def _copy(connection, table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    quote = connection.ops.quote_name
    statement = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


# Fields whose Python value is what SQLite stores: the others (dates, UUIDs, JSON) go through
# Django's own preparation, so that a value compares equal to what Django wrote.
_SQLITE_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.FloatField,
    models.BooleanField,
    models.ForeignKey,
)


def _sqlite_value(field: models.Field, connection) -> Callable:
    if isinstance(field, _SQLITE_PLAIN_FIELDS):
        return _as_is
    return functools.partial(field.get_db_prep_save, connection=connection)


class RowUpdates:
    """Existing rows of ``model`` rewritten from new values, chunk by chunk, only where a value
    of ``names`` differs from what is stored (or the caller asks for it).

    Each chunk goes into a temporary table (COPY on PostgreSQL, one prepared INSERT elsewhere)
    and one ``UPDATE … FROM`` writes the rows that differ. Django's ``bulk_update`` spells one
    ``CASE WHEN id = … THEN …`` per field over the whole batch (quadratic: 20,000 services took
    253 s) and writes every row; a row written for nothing runs the table's triggers and leaves
    a dead tuple on PostgreSQL. SQLite needs 3.35 (UPDATE … FROM, RETURNING).

    Build it in the thread that owns the connection; call ``close`` once done, inside the same
    transaction (if that transaction fails, its rollback drops the table).
    """

    def __init__(self, model: type[models.Model], names: Sequence[str]):
        self.connection = connections[router.db_for_write(model)]
        meta = model._meta
        self.target = meta.db_table
        self.pk = meta.pk.column
        self.table = f"{meta.db_table}_incoming"
        self.columns = [meta.get_field(name).column for name in names]
        #: For each of ``names``, a function from a field's Python value to what ``write`` sends.
        self.preparers = preparers(model, names)
        self.created = False

    def write(self, rows: list[list]) -> list[int]:
        """Write ``rows`` (each: primary key, whether to rewrite it even if nothing differs, then
        the values prepared by ``preparers``) and return the primary keys of the rows written."""
        if not rows:
            return []
        quote = self.connection.ops.quote_name
        columns = ["incoming_id", "rewrite", *self.columns]
        with self.connection.cursor() as cursor:
            if not self.created:
                # The target's own column types, so that values compare as stored.
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {quote(self.table)} AS "
                    f"SELECT {quote(self.pk)} AS incoming_id, "
                    f"false AS rewrite, {', '.join(quote(c) for c in self.columns)} "
                    f"FROM {quote(self.target)} LIMIT 0"
                )
                self.created = True
            _insert(self.connection, self.table, columns, rows)
            cursor.execute(self._update_statement())
            written = [pk for (pk,) in cursor.fetchall()]
            # PostgreSQL: deleted rows would stay in the table (dead, but read) until the end of
            # the transaction; TRUNCATE gives it fresh, empty files.
            empty = "TRUNCATE" if self.connection.vendor == "postgresql" else "DELETE FROM"
            cursor.execute(f"{empty} {quote(self.table)}")
        return written

    def _update_statement(self) -> str:
        quote = self.connection.ops.quote_name
        distinct = "IS DISTINCT FROM" if self.connection.vendor == "postgresql" else "IS NOT"
        assignments = ", ".join(f"{quote(c)} = incoming.{quote(c)}" for c in self.columns)
        differences = " OR ".join(
            f"target.{quote(c)} {distinct} incoming.{quote(c)}" for c in self.columns
        )
        return (
            f"UPDATE {quote(self.target)} AS target SET {assignments} "
            f"FROM {quote(self.table)} AS incoming "
            f"WHERE target.{quote(self.pk)} = incoming.incoming_id "
            f"AND (incoming.rewrite OR {differences}) RETURNING {quote(self.pk)}"
        )

    def close(self) -> None:
        if self.created:
            with self.connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE {self.connection.ops.quote_name(self.table)}")
            self.created = False
