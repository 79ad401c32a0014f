from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX directory_service_search_vector_gin "
            "ON directory_service USING gin (search_vector);"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS directory_service_search_vector_gin;")


class Migration(migrations.Migration):
    """French full-text search on PostgreSQL (SQLite searches the normalized words instead)."""

    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
