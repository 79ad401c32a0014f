from django.db import migrations

MESSAGE = "journal d''audit : ni modification ni effacement"

SQLITE = [
    f"CREATE TRIGGER core_auditevent_no_update BEFORE UPDATE ON core_auditevent "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    f"CREATE TRIGGER core_auditevent_no_delete BEFORE DELETE ON core_auditevent "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
]
POSTGRESQL = [
    f"CREATE FUNCTION core_auditevent_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$;",
    "CREATE TRIGGER core_auditevent_no_change BEFORE UPDATE OR DELETE ON core_auditevent "
    "FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only();",
]
REVERSE = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS core_auditevent_no_update;",
        "DROP TRIGGER IF EXISTS core_auditevent_no_delete;",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS core_auditevent_no_change ON core_auditevent;",
        "DROP FUNCTION IF EXISTS core_auditevent_append_only();",
    ],
}


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    """The database itself refuses to change or erase a line of the audit log, whatever path a
    query takes (raw SQL, a base manager, a deletion cascade)."""

    dependencies = [("core", "0001_initial")]
    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}), run(REVERSE)
        )
    ]
