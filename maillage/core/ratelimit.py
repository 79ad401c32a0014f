"""Fixed-window rate limits, counted in the database so every worker process shares them.

The increment is one ``UPDATE … SET count = count + 1 RETURNING count``: atomic on SQLite and
PostgreSQL, so concurrent requests cannot lose counts (a cache's get-then-set could).
"""

from __future__ import annotations

import hashlib
import time

from django.db import IntegrityError, connection, transaction

from maillage.core.models import RateLimitCounter


def _key(scope: str, key: str, window_seconds: int) -> tuple[str, int]:
    window = int(time.time() // window_seconds)
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()[:40]
    return f"{scope}:{digest}", window


def count(scope: str, key: str, *, window_seconds: int) -> int:
    name, window = _key(scope, key, window_seconds)
    row = RateLimitCounter.objects.filter(key=name, window=window).values_list("count", flat=True)
    return row.first() or 0


def exceeded(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Whether ``limit`` attempts were already counted in the current window."""
    return count(scope, key, window_seconds=window_seconds) >= limit


def hit(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt; False once more than ``limit`` were made in the current window."""
    name, window = _key(scope, key, window_seconds)
    durable_wait = not connection.in_atomic_block
    with transaction.atomic():
        if durable_wait and connection.vendor == "postgresql":
            # The commit need not wait for the disk (7 ms of every public API request,
            # docs/benchmarks.md, issue 4): a crash of the database server may lose the last
            # fraction of a second of counts, login limits included; we accept that.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        counted = _increment(name, window)
        if counted is None:
            try:
                with transaction.atomic():
                    RateLimitCounter.objects.create(key=name, window=window, count=1)
                counted = 1
            except IntegrityError:  # another request created it first
                counted = _increment(name, window)
            # Old windows of this key are of no use any more.
            RateLimitCounter.objects.filter(key=name, window__lt=window).delete()
    return counted <= limit


def _increment(name: str, window: int) -> int | None:
    """Add one to the window's count and return it (None: no row yet). One statement."""
    meta = RateLimitCounter._meta
    table, key, window_, count_ = (
        connection.ops.quote_name(n)
        for n in [meta.db_table, *(meta.get_field(f).column for f in ("key", "window", "count"))]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {count_} = {count_} + 1 WHERE {key} = %s AND {window_} = %s "
            f"RETURNING {count_}",
            [name, window],
        )
        row = cursor.fetchone()
    return row[0] if row else None
