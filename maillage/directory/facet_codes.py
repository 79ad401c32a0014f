"""The facet codes of PostgreSQL search (migration 0009): each facet token (every search token
but the zone codes) has a small number in directory_facet_code; each service has the array of
its tokens' numbers, kept by a trigger, and a search counts those."""

from __future__ import annotations

from django.db import connection


def differences() -> list[tuple[int, list[str], list[str]]]:
    """(service id, tokens its codes stand for, its facet tokens) wherever the two differ: none,
    always."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT id, decoded, wanted FROM (
                SELECT s.id,
                    ARRAY(SELECT f.token FROM unnest(s.facet_codes) AS c
                          JOIN directory_facet_code AS f ON f.code = c
                          ORDER BY 1) AS decoded,
                    ARRAY(SELECT t COLLATE "C" FROM unnest(s.search_tokens) AS t
                          WHERE t NOT LIKE 'zone:%%' ORDER BY 1) AS wanted,
                    cardinality(s.facet_codes) AS n
                FROM directory_service AS s
            ) AS services
            WHERE decoded IS DISTINCT FROM wanted OR n <> cardinality(decoded)
            ORDER BY id
            """
        )
        return cursor.fetchall()
