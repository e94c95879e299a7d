"""A count of changes to a team's board (removed again in 0003).

The triggers that moved it were installed here; the board is now built from
the database on every request (docs/adr/0009), so this migration makes only
the table, and 0003 drops any triggers an earlier release installed.
"""

import django.db.models.deletion
from django.db import migrations, models


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
    ]
