from django.db import migrations

# One GIN index over the filter tokens and the text vector, instead of one index each. A search
# with a commune and a word ("emploi", in half of the services) was two bitmaps ANDed: the whole
# posting list of the word read (about 7 ms at 100,000 services) to keep the few thousand in the
# commune's zone. Over both columns, the index scan intersects the lists as it reads them and
# skips through the long one (1.5 ms). A search on either column alone uses it as well.
FORWARD = [
    "CREATE INDEX directory_service_search_gin ON directory_service "
    "USING gin (search_tokens, search_vector)",
    "DROP INDEX IF EXISTS directory_service_search_tokens_gin",
    "DROP INDEX IF EXISTS directory_service_search_vector_gin",
]

BACKWARD = [
    "CREATE INDEX directory_service_search_vector_gin ON directory_service "
    "USING gin (search_vector)",
    "CREATE INDEX directory_service_search_tokens_gin ON directory_service "
    "USING gin (search_tokens)",
    "DROP INDEX IF EXISTS directory_service_search_gin",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    """The search tokens and the text vector in one GIN index (PostgreSQL)."""

    dependencies = [("directory", "0007_category_tokens")]
    operations = [migrations.RunPython(forward, backward)]
