"""Count changes to what an assessment's pages show, in the database itself.

`AssessmentRevision.number` goes up by one on every insert, update or delete of
a row shown on an assessment's pages, whichever code or person makes the change
(`coassess.assessments.triggers`, kept in place after later migrations by
`coassess.core.triggers`). Kept pages are keyed by it (`assessments.page_cache`).
"""

import django.db.models.deletion
from django.db import migrations, models

from coassess.assessments.triggers import TRIGGERS

EXISTING = (
    "INSERT INTO assessments_assessmentrevision (assessment_id, number) "
    "SELECT id, 0 FROM assessments_assessment"
)


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    schema_editor.execute(EXISTING)
    TRIGGERS.install(schema_editor)


def remove(apps, schema_editor):  # type: ignore[no-untyped-def]
    TRIGGERS.remove(schema_editor)


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
        migrations.RunPython(install, remove),
    ]
