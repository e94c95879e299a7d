"""Pages are built from the database on every request (docs/adr/0009), so the
count of an assessment's changes, and the triggers an earlier release kept it
with, go. The trigger names are written out here: a migration must not import
app code that may change."""

from django.db import migrations

# Tables whose changes the triggers counted.
COUNTED = (
    "assessments_participant",
    "assessments_contribution",
    "assessments_immediateconcern",
    "assessments_knownsource",
    "assessments_corroboration",
    "assessments_capacityassessment",
    "assessments_dispute",
    "assessments_immediateconcern_agreed_by",
    "decisions_decision",
    "decisions_option",
    "decisions_position",
    "decisions_outcome",
)


def drop_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    run = schema_editor.execute
    if schema_editor.connection.vendor == "sqlite":
        run("DROP TRIGGER IF EXISTS revision_new")
        run("DROP TRIGGER IF EXISTS revision_accounts_user_update")
        for table in COUNTED:
            for event in ("insert", "update", "delete"):
                run(f"DROP TRIGGER IF EXISTS revision_{table}_{event}")
        return
    run("DROP TRIGGER IF EXISTS revision_new ON assessments_assessment")
    run("DROP FUNCTION IF EXISTS revision_new()")
    for table in (*COUNTED, "accounts_user"):
        run(f"DROP TRIGGER IF EXISTS revision_{table} ON {table}")
        run(f"DROP FUNCTION IF EXISTS revision_{table}()")


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_assessment_revision"),
        ("referrals", "0002_board_revision"),
    ]

    operations = [
        migrations.RunPython(drop_triggers, migrations.RunPython.noop),
        migrations.DeleteModel(name="AssessmentRevision"),
    ]
