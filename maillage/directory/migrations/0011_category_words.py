from django.db import migrations

from maillage.directory import text
from maillage.directory.indexing import labels_of

BATCH = 500


def forward(apps, schema_editor):
    """Services already there get the words of their catégories in their searchable text (on
    PostgreSQL the trigger of migration 0003 rebuilds the text vector from these labels)."""
    Service = apps.get_model("directory", "Service")
    rows = Service.objects.order_by("pk").values_list(
        "pk", "nom", "description", "thematiques", "publics", "structure__nom", "search_labels"
    )
    changed = []
    for pk, nom, description, thematiques, publics, structure_nom, stored in rows.iterator(
        chunk_size=2000
    ):
        labels = labels_of(thematiques, publics)
        if labels != stored:
            changed.append((pk, labels, text.search_text(nom, description, labels, structure_nom)))
    quote = schema_editor.connection.ops.quote_name
    with schema_editor.connection.cursor() as cursor:
        for start in range(0, len(changed), BATCH):
            batch = changed[start : start + BATCH]
            values = ", ".join(["(%s, %s, %s)"] * len(batch))
            table = quote(Service._meta.db_table)
            cursor.execute(
                f"WITH v(id, labels, words) AS (VALUES {values}) "
                f"UPDATE {table} SET search_labels = v.labels, search_text = v.words "
                f"FROM v WHERE {table}.id = v.id",
                [value for row in batch for value in row],
            )


class Migration(migrations.Migration):
    """The words of each service's catégories in its searchable text."""

    dependencies = [("directory", "0010_everyone_serves_each_public")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
