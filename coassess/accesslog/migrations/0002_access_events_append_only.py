"""Make the access log append-only in the database itself.

UPDATE and DELETE on accesslog_accessevent fail on both SQLite and PostgreSQL
(`coassess.accesslog.triggers`, kept in place after later migrations by
`coassess.core.triggers`). TRUNCATE (PostgreSQL) is a table owner's privilege:
in production the app's database role does not own the tables (README,
"Running on PostgreSQL"), so it cannot truncate either.
"""

from django.db import migrations

from coassess.accesslog.triggers import EVENTS


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    EVENTS.install(schema_editor)


def remove(apps, schema_editor):  # type: ignore[no-untyped-def]
    EVENTS.remove(schema_editor)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS accessevent_refuse_change();")


class Migration(migrations.Migration):
    dependencies = [("accesslog", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
