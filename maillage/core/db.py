"""Database helpers that behave the same on SQLite and PostgreSQL."""

import re

from django.db.models import CharField, Lookup

_NORMALIZED = re.compile(r"^[a-z0-9 ]*$")


@CharField.register_lookup
class Prefix(Lookup):
    """``field__prefix="abc"``: starts with, for normalized text (see core.text.normalize), using
    the column's index on both engines.

    Django's ``startswith`` is ``LIKE … ESCAPE`` on SQLite, which is case-insensitive and cannot
    use a plain index; ``GLOB`` can. PostgreSQL uses the ``varchar_pattern_ops`` index Django
    creates for every indexed CharField. The value must be normalized text: lower-case ASCII
    letters, digits and spaces, so no wildcard needs escaping.
    """

    lookup_name = "prefix"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        if not isinstance(self.rhs, str) or not _NORMALIZED.match(self.rhs):
            raise ValueError(f"prefix attend un texte normalisé, pas {self.rhs!r}")
        lhs, params = self.process_lhs(compiler, connection)
        if connection.vendor == "sqlite":
            return f"{lhs} GLOB %s", [*params, self.rhs + "*"]
        return f"{lhs} LIKE %s", [*params, self.rhs + "%"]
