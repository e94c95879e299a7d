"""Step 1 of 3: room for one name, a partial or unknown date of birth, and the
folded keys of every name. Filled in by 0004; 0005 drops `date_of_birth`."""

from django.db import migrations, models

import coassess.people.nhs_number


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_person_nhs_number_index"),
    ]

    operations = [
        # Nullable first, so that 0005 can drop it and going back can refill it.
        migrations.AlterField(
            model_name="person",
            name="date_of_birth",
            field=models.DateField(null=True),
        ),
        migrations.AlterField(
            model_name="person",
            name="given_name",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AlterField(
            model_name="person",
            name="family_name",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AlterField(
            model_name="person",
            name="nhs_number",
            field=models.CharField(
                blank=True,
                max_length=10,
                validators=[coassess.people.nhs_number.validate_nhs_number],
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="birth_year",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="person",
            name="birth_month",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="person",
            name="birth_day",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="person",
            name="estimated_age",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="person",
            name="age_estimated_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="person",
            name="born_from",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="person",
            name="born_to",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="person",
            name="given_name_key",
            field=models.CharField(default="", editable=False, max_length=100),
        ),
        migrations.AddField(
            model_name="person",
            name="preferred_name_key",
            field=models.CharField(default="", editable=False, max_length=100),
        ),
    ]
