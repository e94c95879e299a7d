"""Make the access log append-only in the database itself.

UPDATE and DELETE on accesslog_accessevent fail on both SQLite and PostgreSQL.
The app only ever inserts; this stops a bug, a hand-typed statement or a
compromised view from rewriting history. TRUNCATE (PostgreSQL) is a table
owner's privilege: in production the app's database role does not own the
tables (README, "Running on PostgreSQL"), so it cannot truncate either.
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER accessevent_no_update BEFORE UPDATE ON accesslog_accessevent
       BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;""",
    """CREATE TRIGGER accessevent_no_delete BEFORE DELETE ON accesslog_accessevent
       BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS accessevent_no_update;",
    "DROP TRIGGER IF EXISTS accessevent_no_delete;",
]

POSTGRES = [
    """CREATE FUNCTION accessevent_refuse_change() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'the access log is append-only'; END;
       $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER accessevent_no_update_delete BEFORE UPDATE OR DELETE ON accesslog_accessevent
       FOR EACH ROW EXECUTE FUNCTION accessevent_refuse_change();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS accessevent_no_update_delete ON accesslog_accessevent;",
    "DROP FUNCTION IF EXISTS accessevent_refuse_change();",
]


def _run(statements_by_vendor):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("accesslog", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
