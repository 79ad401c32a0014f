from django.db import migrations

# For the suggestions engine (intake.suggestions._ranking): it reads, for a few thousand
# services found through ServiceTerm and ServiceZone, whether they are visible and where they
# are. These indexes hold those columns, so that the reads skip the wide service rows.
VISIBILITY = "status, suspended_from, suspended_until"
INDEXES = {
    # By id: the services of a zone that answer the needs.
    "suggestions_service_id_visibility_position_idx": {
        "postgresql": f"(id) INCLUDE ({VISIBILITY}, geo_latitude, geo_longitude)",
        "sqlite": f"(id, {VISIBILITY}, geo_latitude, geo_longitude)",
    },
    # By position: the services within a radius (SQLite indexes hold the rowid, the id).
    "suggestions_service_position_visibility_idx": {
        "postgresql": f"(geo_latitude, geo_longitude) INCLUDE (id, {VISIBILITY})",
        "sqlite": f"(geo_latitude, geo_longitude, {VISIBILITY})",
    },
}


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for name, columns in INDEXES.items():
        if vendor in columns:
            schema_editor.execute(f"CREATE INDEX {name} ON directory_service {columns[vendor]};")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor in ("postgresql", "sqlite"):
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name};")


class Migration(migrations.Migration):
    """Covering indexes for the suggestions engine (PostgreSQL and SQLite only)."""

    dependencies = [("directory", "0003_search_tokens")]
    operations = [migrations.RunPython(create, drop)]
