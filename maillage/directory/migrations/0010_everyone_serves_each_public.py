import importlib

from django.db import migrations

# A service "tous publics" serves each public: the public filter already keeps it, so the count
# beside a public is now the number of services the filter keeps (search adds the "tous publics"
# services to each public's count). For that sum to be exact, a service "tous publics" is
# indexed under "tous-publics" only, whatever other publics its record also lists (an import may
# bring both; the editing form refuses them together): one ``pub:tous-publics`` token on
# PostgreSQL, one ``publics`` row in ServiceTerm on both engines. Its record keeps every value.

PUBLIC_TOKENS = """
CREATE FUNCTION directory_public_tokens(vals jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN jsonb_typeof(vals) = 'array' AND vals @> '["tous-publics"]'
        THEN ARRAY['pub:tous-publics'] ELSE directory_tokens('pub:', vals) END
$$
"""

_CATEGORIES = importlib.import_module("maillage.directory.migrations.0007_category_tokens")
_PUBLICS = "directory_tokens('pub:', NEW.publics)"
EACH_PUBLIC = _CATEGORIES.WITH_CATEGORIES
EVERYONE_ALONE = EACH_PUBLIC.replace(_PUBLICS, "directory_public_tokens(NEW.publics)")
assert EVERYONE_ALONE != EACH_PUBLIC

# Only the services listing "tous-publics" with other publics change; the triggers of
# migrations 0005 and 0009 keep the zone counts and the facet codes in step, row by row.
BOTH = (
    "CASE WHEN jsonb_typeof(publics) = 'array'"
    " THEN publics @> '[\"tous-publics\"]' AND jsonb_array_length(publics) > 1 ELSE false END"
)
RETOKENIZE = f"UPDATE directory_service SET id = id WHERE {BOTH}"

REDUNDANT_ROWS = """
DELETE FROM directory_serviceterm
WHERE kind = 'publics' AND value <> 'tous-publics' AND service_id IN (
    SELECT service_id FROM directory_serviceterm WHERE kind = 'publics' AND value = 'tous-publics'
)
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in [PUBLIC_TOKENS, EVERYONE_ALONE, RETOKENIZE]:
            schema_editor.execute(statement, params=None)
    schema_editor.execute(REDUNDANT_ROWS, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in [EACH_PUBLIC, RETOKENIZE]:
            schema_editor.execute(statement, params=None)
        schema_editor.execute("DROP FUNCTION directory_public_tokens(jsonb)", params=None)
    # The rows removed are rebuilt from the records.
    Service = apps.get_model("directory", "Service")
    ServiceTerm = apps.get_model("directory", "ServiceTerm")
    for service_id, publics in Service.objects.values_list("id", "publics").iterator():
        if isinstance(publics, list) and "tous-publics" in publics and len(publics) > 1:
            ServiceTerm.objects.bulk_create(
                (
                    ServiceTerm(service_id=service_id, kind="publics", value=v)
                    for v in set(publics) - {"tous-publics"}
                ),
                ignore_conflicts=True,
            )


class Migration(migrations.Migration):
    """A service "tous publics" indexed under "tous-publics" only (see the comment above)."""

    dependencies = [("directory", "0009_facet_codes")]
    operations = [migrations.RunPython(forward, backward)]
