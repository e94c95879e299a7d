"""Count changes to what an assessment's pages show, in the database itself.

`AssessmentRevision.number` goes up by one on every insert or update of a row
shown on an assessment's pages (and on every insert or delete of who agreed a
concern), whichever code or person makes the change. Kept pages are keyed by
it (`assessments.page_cache`), so none can outlive a change. Triggers on both
SQLite and PostgreSQL; tests/assessments/test_page_cache.py checks each table.
"""

import django.db.models.deletion
from django.db import migrations, models

BUMP = "UPDATE assessments_assessmentrevision SET number = number + 1 WHERE assessment_id = {}"
DECISION = "(SELECT context_id FROM decisions_decision WHERE id = {}.decision_id)"

# table -> how a row names its assessment ({} is NEW or OLD)
ROWS = {
    "assessments_participant": "{}.assessment_id",
    "assessments_contribution": "{}.assessment_id",
    "assessments_immediateconcern": "{}.assessment_id",
    "assessments_knownsource": "{}.assessment_id",
    "assessments_corroboration": "{}.assessment_id",
    "assessments_capacityassessment": "{}.assessment_id",
    "assessments_dispute": (
        "(SELECT assessment_id FROM assessments_contribution WHERE id = {}.contribution_id)"
    ),
    "assessments_immediateconcern_agreed_by": (
        "(SELECT assessment_id FROM assessments_immediateconcern"
        " WHERE id = {}.immediateconcern_id)"
    ),
    # Decisions belong to a context: an assessment, or its plan, by the same id.
    "decisions_decision": "{}.context_id",
    "decisions_option": DECISION,
    "decisions_position": DECISION,
    "decisions_outcome": DECISION,
}
# Rows of these tables are removed (who agreed a concern); the rest never are.
REMOVED = {"assessments_immediateconcern_agreed_by"}
# A member of staff's name is shown beside what they typed.
STAFF_NAME = ("first_name", "last_name", "username")


def _sqlite() -> list[str]:
    statements = [
        """CREATE TRIGGER revision_new_assessment AFTER INSERT ON assessments_assessment
           BEGIN INSERT INTO assessments_assessmentrevision (assessment_id, number)
           VALUES (NEW.id, 0); END;""",
        """INSERT INTO assessments_assessmentrevision (assessment_id, number)
           SELECT id, 0 FROM assessments_assessment;""",
    ]
    for table, names in ROWS.items():
        events = ["INSERT", "UPDATE"] + (["DELETE"] if table in REMOVED else [])
        for event in events:
            row = "OLD" if event == "DELETE" else "NEW"
            statements.append(
                f"CREATE TRIGGER revision_{table}_{event.lower()} AFTER {event} ON {table} "
                f"BEGIN {BUMP.format(names.format(row))}; END;"
            )
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in STAFF_NAME)
    columns = ", ".join(STAFF_NAME)
    bump_all = "UPDATE assessments_assessmentrevision SET number = number + 1"
    statements.append(
        f"CREATE TRIGGER revision_staff_name AFTER UPDATE OF {columns} "
        f"ON accounts_user WHEN {changed} BEGIN {bump_all}; END;"
    )
    return statements


def _postgres() -> list[str]:
    statements = [
        """CREATE FUNCTION revision_new_assessment() RETURNS trigger AS $$
           BEGIN
             INSERT INTO assessments_assessmentrevision (assessment_id, number) VALUES (NEW.id, 0);
             RETURN NULL;
           END; $$ LANGUAGE plpgsql;""",
        """CREATE TRIGGER revision_new_assessment AFTER INSERT ON assessments_assessment
           FOR EACH ROW EXECUTE FUNCTION revision_new_assessment();""",
        """INSERT INTO assessments_assessmentrevision (assessment_id, number)
           SELECT id, 0 FROM assessments_assessment;""",
    ]
    for table, names in ROWS.items():
        events = "INSERT OR UPDATE" + (" OR DELETE" if table in REMOVED else "")
        statements += [
            f"""CREATE FUNCTION revision_{table}() RETURNS trigger AS $$
                BEGIN
                  IF TG_OP = 'DELETE' THEN {BUMP.format(names.format("OLD"))};
                  ELSE {BUMP.format(names.format("NEW"))};
                  END IF;
                  RETURN NULL;
                END; $$ LANGUAGE plpgsql;""",
            f"""CREATE TRIGGER revision_{table} AFTER {events} ON {table}
                FOR EACH ROW EXECUTE FUNCTION revision_{table}();""",
        ]
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in STAFF_NAME)
    statements += [
        """CREATE FUNCTION revision_staff_name() RETURNS trigger AS $$
           BEGIN UPDATE assessments_assessmentrevision SET number = number + 1; RETURN NULL;
           END; $$ LANGUAGE plpgsql;""",
        f"""CREATE TRIGGER revision_staff_name AFTER UPDATE OF {", ".join(STAFF_NAME)}
            ON accounts_user FOR EACH ROW WHEN ({changed})
            EXECUTE FUNCTION revision_staff_name();""",
    ]
    return statements


def _sqlite_reverse() -> list[str]:
    names = ["revision_new_assessment", "revision_staff_name"]
    for table in ROWS:
        names += [f"revision_{table}_{e}" for e in ("insert", "update", "delete")]
    return [f"DROP TRIGGER IF EXISTS {name};" for name in names]


def _postgres_reverse() -> list[str]:
    statements = [
        "DROP TRIGGER IF EXISTS revision_new_assessment ON assessments_assessment;",
        "DROP FUNCTION IF EXISTS revision_new_assessment();",
        "DROP TRIGGER IF EXISTS revision_staff_name ON accounts_user;",
        "DROP FUNCTION IF EXISTS revision_staff_name();",
    ]
    for table in ROWS:
        statements += [
            f"DROP TRIGGER IF EXISTS revision_{table} ON {table};",
            f"DROP FUNCTION IF EXISTS revision_{table}();",
        ]
    return statements


def _run(statements_by_vendor):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("assessments", "0002_initial"),
        ("decisions", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="AssessmentRevision",
            fields=[
                (
                    "assessment",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="revision",
                        serialize=False,
                        to="assessments.assessment",
                    ),
                ),
                ("number", models.PositiveBigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(
            _run({"sqlite": _sqlite(), "postgresql": _postgres()}),
            _run({"sqlite": _sqlite_reverse(), "postgresql": _postgres_reverse()}),
        ),
    ]
