"""Count changes to what each team's board shows, in the database itself.

`BoardRevision.number` goes up by one whenever a row the board shows changes,
whichever code or person changes it: a referral of the team is recorded or
updated (seen, closed), a person with a referral to the team is changed, or an
assessment is started. The board is kept per revision and minute
(`referrals.presenters.board_for`), so none can outlive a change.
tests/referrals/test_board_revision.py checks each trigger.
"""

import django.db.models.deletion
from django.db import migrations, models

BUMP = "UPDATE referrals_boardrevision SET number = number + 1 WHERE team_id"
# table -> (events, which teams' boards show the row; {} is NEW)
ROWS = {
    "referrals_referral": ("INSERT OR UPDATE", " = {}.team_id"),
    "people_person": (
        "UPDATE",
        " IN (SELECT team_id FROM referrals_referral WHERE person_id = {}.id)",
    ),
    "assessments_assessment": ("INSERT", " = {}.team_id"),
}
NEW_TEAM = "INSERT INTO referrals_boardrevision (team_id, number) VALUES (NEW.id, 0)"
EXISTING = "INSERT INTO referrals_boardrevision (team_id, number) SELECT id, 0 FROM accounts_team"


def _sqlite() -> list[str]:
    statements = [
        f"CREATE TRIGGER board_new_team AFTER INSERT ON accounts_team BEGIN {NEW_TEAM}; END;",
        EXISTING,
    ]
    for table, (events, teams) in ROWS.items():
        for event in events.split(" OR "):
            statements.append(
                f"CREATE TRIGGER board_{table}_{event.lower()} AFTER {event} ON {table} "
                f"BEGIN {BUMP}{teams.format('NEW')}; END;"
            )
    return statements


def _postgres() -> list[str]:
    statements = [
        f"""CREATE FUNCTION board_new_team() RETURNS trigger AS $$
            BEGIN {NEW_TEAM}; RETURN NULL; END; $$ LANGUAGE plpgsql;""",
        """CREATE TRIGGER board_new_team AFTER INSERT ON accounts_team
           FOR EACH ROW EXECUTE FUNCTION board_new_team();""",
        EXISTING,
    ]
    for table, (events, teams) in ROWS.items():
        statements += [
            f"""CREATE FUNCTION board_{table}() RETURNS trigger AS $$
                BEGIN {BUMP}{teams.format("NEW")}; RETURN NULL; END; $$ LANGUAGE plpgsql;""",
            f"""CREATE TRIGGER board_{table} AFTER {events} ON {table}
                FOR EACH ROW EXECUTE FUNCTION board_{table}();""",
        ]
    return statements


def _sqlite_reverse() -> list[str]:
    names = ["board_new_team"] + [
        f"board_{table}_{event.lower()}"
        for table, (events, _) in ROWS.items()
        for event in events.split(" OR ")
    ]
    return [f"DROP TRIGGER IF EXISTS {name};" for name in names]


def _postgres_reverse() -> list[str]:
    statements = [
        "DROP TRIGGER IF EXISTS board_new_team ON accounts_team;",
        "DROP FUNCTION IF EXISTS board_new_team();",
    ]
    for table in ROWS:
        statements += [
            f"DROP TRIGGER IF EXISTS board_{table} ON {table};",
            f"DROP FUNCTION IF EXISTS board_{table}();",
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
        ("assessments", "0003_assessment_revision"),
        ("people", "0002_person_nhs_number_index"),
        ("referrals", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="BoardRevision",
            fields=[
                (
                    "team",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="board_revision",
                        serialize=False,
                        to="accounts.team",
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
