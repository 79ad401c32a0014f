"""The per-zone counts of PostgreSQL search (migration 0005): kept by a trigger on every write of
a service; a bulk import defers them for its transaction and rebuilds them once at its end (the
trigger would update a few thousand rows per thousand services)."""

from __future__ import annotations

from django.db import connection


def defer() -> None:
    """Until the end of the current transaction, writes of services leave the counts alone."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('maillage.zone_counts_deferred', 'on', true)")


def rebuild() -> None:
    """Count again from the services, and let the trigger keep them from now on."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT directory_zone_counts_rebuild()")
            cursor.execute("ANALYZE directory_zone_count")  # or the planner guesses blind
        resume()


def resume() -> None:
    """Let the trigger keep the counts from now on, without counting again: only when no service
    was written since ``defer`` (or they are wrong, see ``rebuild``)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('maillage.zone_counts_deferred', 'off', true)")


def differences() -> list[tuple[str, str, int, int]]:
    """(zone, token, kept, counted afresh) wherever the kept counts are wrong: none, always."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH fresh AS (
                SELECT z COLLATE "C" AS zone, v COLLATE "C" AS token, count(*) AS n
                FROM directory_service AS s, unnest(s.search_tokens) AS z,
                     unnest(s.search_tokens) AS v
                WHERE s.status = 'published' AND z LIKE 'zone:%' AND v NOT LIKE 'zone:%'
                GROUP BY z, v
            )
            SELECT coalesce(k.zone, f.zone), coalesce(k.token, f.token),
                   coalesce(k.n, 0), coalesce(f.n, 0)
            FROM (SELECT * FROM directory_zone_count WHERE n <> 0) AS k
            FULL JOIN fresh AS f ON f.zone = k.zone AND f.token = k.token
            WHERE coalesce(k.n, 0) <> coalesce(f.n, 0)
            ORDER BY 1, 2
            """
        )
        return cursor.fetchall()
