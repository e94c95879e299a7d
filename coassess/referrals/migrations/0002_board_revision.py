"""Count changes to what each team's board shows, in the database itself.

`BoardRevision.number` goes up by one whenever a row the board shows changes,
whichever code or person changes it (`coassess.referrals.triggers`, kept in
place after later migrations by `coassess.core.triggers`). The board is kept
per revision and minute (`referrals.presenters.board_for`).
"""

import django.db.models.deletion
from django.db import migrations, models

from coassess.referrals.triggers import TRIGGERS

EXISTING = "INSERT INTO referrals_boardrevision (team_id, number) SELECT id, 0 FROM accounts_team"


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    schema_editor.execute(EXISTING)
    TRIGGERS.install(schema_editor)


def remove(apps, schema_editor):  # type: ignore[no-untyped-def]
    TRIGGERS.remove(schema_editor)


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
        migrations.RunPython(install, remove),
    ]
