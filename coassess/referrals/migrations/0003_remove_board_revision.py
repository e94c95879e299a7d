"""The board is built from the database on every request (docs/adr/0009), so
the count of a team's board changes, and the triggers an earlier release kept
it with, go. The trigger names are written out here: a migration must not
import app code that may change."""

from django.db import migrations

EVENTS = {
    "referrals_referral": ("insert", "update", "delete"),
    "people_person": ("update",),
    "assessments_assessment": ("insert", "update", "delete"),
}


def drop_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    run = schema_editor.execute
    if schema_editor.connection.vendor == "sqlite":
        run("DROP TRIGGER IF EXISTS board_new")
        for table, events in EVENTS.items():
            for event in events:
                run(f"DROP TRIGGER IF EXISTS board_{table}_{event}")
        return
    run("DROP TRIGGER IF EXISTS board_new ON accounts_team")
    run("DROP FUNCTION IF EXISTS board_new()")
    for table in EVENTS:
        run(f"DROP TRIGGER IF EXISTS board_{table} ON {table}")
        run(f"DROP FUNCTION IF EXISTS board_{table}()")


class Migration(migrations.Migration):
    dependencies = [("referrals", "0002_board_revision")]

    operations = [
        migrations.RunPython(drop_triggers, migrations.RunPython.noop),
        migrations.DeleteModel(name="BoardRevision"),
    ]
