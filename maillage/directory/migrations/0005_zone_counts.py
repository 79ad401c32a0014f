from django.db import migrations

# A service with several declared zone codes (search.MULTIZONE_SQL must say the same, word for
# word, for its query to use the partial index below).
MULTIZONE_SQL = (
    "CASE WHEN jsonb_typeof(zone_eligibilite) = 'array'"
    " THEN jsonb_array_length(zone_eligibilite) > 1 ELSE false END"
)

# PostgreSQL only. The commonest search — a commune and nothing else, or words only later — is
# also the broadest: every service of the commune, its EPCI, its département and all of France
# (5,000 to 10,000 of 100,000 services). Counting their filter values row by row cost 30 to 50 ms;
# these counts are kept instead, per zone:
#
#   directory_zone_count(zone, token, n): n published services have the zone token ``zone`` and
#   the token ``token`` (a filter value, or ``st:published`` for their number).
#
# A search sums the rows of its four or five zone codes, then corrects the sum for what it cannot
# know: a service open to two of the commune's codes (counted twice: found by a partial index of
# the services with several zone codes) and a suspended service outside its dates (visible,
# not counted: few, found by status). See directory.search._zone_counts_sql.
#
# A trigger keeps the counts in step with every write of a service, in token order so that two
# writers lock the same rows in the same order; a bulk import sets
# ``maillage.zone_counts_deferred`` for its transaction and rebuilds them at its end
# (``directory_zone_counts_rebuild()``, 2.5 s at 100,000 services); TRUNCATE of the
# services empties them. The page of such a search is read nearest first through a GiST index on
# the services' positions (see directory.search._nearest_page).

# The (zone, token) pairs of published services, from their token arrays.
_PAIRS = """
    SELECT z, v FROM unnest({tokens}) AS z, unnest({tokens}) AS v
    WHERE {status} = 'published' AND z LIKE 'zone:%' AND v NOT LIKE 'zone:%'
"""

FORWARD = [
    # C collation: the keys are codes, compared byte by byte (the rebuild's inserts 2x faster).
    """
CREATE TABLE directory_zone_count (
    zone text COLLATE "C" NOT NULL,
    token text COLLATE "C" NOT NULL,
    n integer NOT NULL,
    PRIMARY KEY (zone, token)
)
""",
    f"""
CREATE FUNCTION directory_zone_counts_maintain() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    old_status text;
    old_tokens text[] := '{{}}';
    new_status text;
    new_tokens text[] := '{{}}';
BEGIN
    IF TG_OP <> 'INSERT' THEN
        old_status := OLD.status;
        old_tokens := OLD.search_tokens;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_status := NEW.status;
        new_tokens := NEW.search_tokens;
    END IF;
    INSERT INTO directory_zone_count AS c (zone, token, n)
    SELECT z, v, sum(delta)::integer FROM (
        SELECT z, v, -1 AS delta FROM ({_PAIRS.format(tokens="old_tokens", status="old_status")}) AS o
        UNION ALL
        SELECT z, v, 1 FROM ({_PAIRS.format(tokens="new_tokens", status="new_status")}) AS n
    ) AS changes
    GROUP BY z, v
    HAVING sum(delta) <> 0
    ORDER BY z, v
    ON CONFLICT (zone, token) DO UPDATE SET n = c.n + excluded.n;
    RETURN NULL;
END
$$
""",
    # Not while an import has deferred them (it rebuilds them at its end); an update only when
    # the status or the tokens change.
    "CREATE TRIGGER directory_zone_counts AFTER INSERT OR DELETE ON directory_service "
    "FOR EACH ROW WHEN (current_setting('maillage.zone_counts_deferred', true) "
    "IS DISTINCT FROM 'on') EXECUTE FUNCTION directory_zone_counts_maintain()",
    "CREATE TRIGGER directory_zone_counts_update AFTER UPDATE ON directory_service "
    "FOR EACH ROW WHEN (current_setting('maillage.zone_counts_deferred', true) "
    "IS DISTINCT FROM 'on' AND (OLD.status IS DISTINCT FROM NEW.status "
    "OR OLD.search_tokens IS DISTINCT FROM NEW.search_tokens)) "
    "EXECUTE FUNCTION directory_zone_counts_maintain()",
    """
CREATE FUNCTION directory_zone_counts_truncated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE directory_zone_count;
    RETURN NULL;
END
$$
""",
    "CREATE TRIGGER directory_zone_counts_truncated AFTER TRUNCATE ON directory_service "
    "FOR EACH STATEMENT EXECUTE FUNCTION directory_zone_counts_truncated()",
    """
CREATE FUNCTION directory_zone_counts_rebuild() RETURNS void
LANGUAGE sql AS $$
    DELETE FROM directory_zone_count;
    INSERT INTO directory_zone_count (zone, token, n)
    SELECT z, v, count(*)
    FROM directory_service AS s, unnest(s.search_tokens) AS z, unnest(s.search_tokens) AS v
    WHERE s.status = 'published' AND z LIKE 'zone:%' AND v NOT LIKE 'zone:%'
    GROUP BY z, v
    ORDER BY z, v;
$$
""",
    "SELECT directory_zone_counts_rebuild()",
    # The services open to several zones: few, and what the sums may count twice. (Declared
    # codes, a superset of their zone tokens: no declared zone is one zone, the service's own.)
    f"CREATE INDEX directory_service_multizone_gin ON directory_service "
    f"USING gin (search_tokens) WHERE {MULTIZONE_SQL}",
    # Nearest first: the page of a broad search without words.
    "CREATE INDEX directory_service_point_gist ON directory_service "
    "USING gist (point(geo_longitude, geo_latitude))",
]

BACKWARD = [
    "DROP INDEX IF EXISTS directory_service_point_gist",
    "DROP INDEX IF EXISTS directory_service_multizone_gin",
    "DROP TRIGGER IF EXISTS directory_zone_counts_truncated ON directory_service",
    "DROP TRIGGER IF EXISTS directory_zone_counts_update ON directory_service",
    "DROP TRIGGER IF EXISTS directory_zone_counts ON directory_service",
    "DROP FUNCTION IF EXISTS directory_zone_counts_rebuild()",
    "DROP FUNCTION IF EXISTS directory_zone_counts_truncated()",
    "DROP FUNCTION IF EXISTS directory_zone_counts_maintain()",
    "DROP TABLE IF EXISTS directory_zone_count",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    """Per-zone counts of the filter values, and a GiST index of positions (see above)."""

    dependencies = [("directory", "0004_suggestions_covering_indexes")]
    operations = [migrations.RunPython(forward, backward)]
