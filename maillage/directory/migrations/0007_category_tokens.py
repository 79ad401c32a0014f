import importlib

from django.db import migrations

# PostgreSQL only. Each service also gets one ``cat:<catégorie>`` token per catégorie of its
# sub-thématiques, so that the count beside a catégorie is the number of services the filter
# keeps (summing its sub-thématiques counted twice a service with two of them). The per-zone
# counts (migration 0005) count these tokens too: they are rebuilt once here.

CATEGORY_TOKENS = """
CREATE FUNCTION directory_category_tokens(vals jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT 'cat:' || split_part(v, '--', 1)), '{}')
    FROM jsonb_array_elements_text(
        CASE WHEN jsonb_typeof(vals) = 'array' THEN vals ELSE '[]'::jsonb END
    ) AS v
    WHERE v <> ''
$$
"""

# The trigger function of migration 0003, with the catégorie tokens after the thématiques'.
_SEARCH_TOKENS = importlib.import_module("maillage.directory.migrations.0003_search_tokens")
WITHOUT_CATEGORIES = next(
    statement.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
    for statement in _SEARCH_TOKENS.FORWARD
    if "CREATE FUNCTION directory_service_search_fields()" in statement
)
_THEMATIQUES = "        || directory_tokens('th:', NEW.thematiques)\n"
WITH_CATEGORIES = WITHOUT_CATEGORIES.replace(
    _THEMATIQUES, _THEMATIQUES + "        || directory_category_tokens(NEW.thematiques)\n"
)
assert WITH_CATEGORIES != WITHOUT_CATEGORIES

# Every row again through the trigger, the counts rebuilt once rather than row by row.
RECOMPUTE = [
    "SELECT set_config('maillage.zone_counts_deferred', 'on', true)",
    "UPDATE directory_service SET id = id",
    "SELECT directory_zone_counts_rebuild()",
    "SELECT set_config('maillage.zone_counts_deferred', 'off', true)",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in [CATEGORY_TOKENS, WITH_CATEGORIES, *RECOMPUTE]:
            schema_editor.execute(statement, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in [WITHOUT_CATEGORIES, *RECOMPUTE]:
            schema_editor.execute(statement, params=None)
        schema_editor.execute("DROP FUNCTION directory_category_tokens(jsonb)", params=None)


class Migration(migrations.Migration):
    """Catégorie tokens, for exact catégorie counts (see the comment above)."""

    dependencies = [("directory", "0006_service_rows_without_redundant_index")]
    operations = [migrations.RunPython(forward, backward)]
