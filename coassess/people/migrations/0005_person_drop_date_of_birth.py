"""Step 3 of 3: every row now has its birth range and keys; drop the old whole
date of birth, and index and constrain the new columns."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_account_events"),
        ("people", "0004_fill_birth_and_name_keys"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="person",
            options={"ordering": ["family_name_key", "given_name_key"]},
        ),
        migrations.RemoveIndex(
            model_name="person",
            name="person_dob_name",
        ),
        migrations.RemoveField(
            model_name="person",
            name="date_of_birth",
        ),
        migrations.AlterField(
            model_name="person",
            name="born_from",
            field=models.DateField(editable=False),
        ),
        migrations.AlterField(
            model_name="person",
            name="born_to",
            field=models.DateField(editable=False),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["family_name_key", "born_from"], name="person_family_born"
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["given_name_key", "born_from"], name="person_given_born"
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["preferred_name_key", "born_from"], name="person_preferred_born"
            ),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("family_name", ""), ("given_name", ""), _negated=True
                ),
                name="person_has_a_name",
                violation_error_message="Enter their first name or last name.",
            ),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("age_estimated_on__isnull", True),
                        ("birth_year__isnull", False),
                        ("estimated_age__isnull", True),
                    ),
                    models.Q(
                        ("age_estimated_on__isnull", False),
                        ("birth_day__isnull", True),
                        ("birth_month__isnull", True),
                        ("birth_year__isnull", True),
                        ("estimated_age__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="person_birth_year_or_estimated_age",
            ),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("birth_day__isnull", True),
                    ("birth_month__isnull", False),
                    _connector="OR",
                ),
                name="person_birth_day_needs_month",
            ),
        ),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.CheckConstraint(
                condition=models.Q(("born_from__lte", models.F("born_to"))),
                name="person_born_range",
            ),
        ),
    ]
