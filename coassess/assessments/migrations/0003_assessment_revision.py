"""A count of changes to an assessment's pages (removed again in 0004).

The triggers that moved it were installed here; pages are now built from the
database on every request (docs/adr/0009), so this migration makes only the
table, and 0004 drops any triggers an earlier release installed.
"""

import django.db.models.deletion
from django.db import migrations, models


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
    ]
