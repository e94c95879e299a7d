"""A dispute may be about any kind of entry, not only an attributed one: its
kind, a column for each kind (exactly one set, checked), and its assessment,
filled for every dispute already kept from the entry it disputes."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill_assessment(apps, schema_editor):  # type: ignore[no-untyped-def]
    Dispute = apps.get_model("assessments", "Dispute")
    Contribution = apps.get_model("assessments", "Contribution")
    for dispute in Dispute.objects.filter(assessment__isnull=True):
        dispute.assessment_id = Contribution.objects.get(
            pk=dispute.contribution_id
        ).assessment_id
        dispute.save(update_fields=["assessment"])


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0008_written_from_own_device"),
        ("people", "0008_sharing"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="dispute",
            name="assessment",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="assessments.assessment",
            ),
        ),
        migrations.AddField(
            model_name="dispute",
            name="capacity",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="disputes",
                to="assessments.capacityassessment",
            ),
        ),
        migrations.AddField(
            model_name="dispute",
            name="concern",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="disputes",
                to="assessments.immediateconcern",
            ),
        ),
        migrations.AddField(
            model_name="dispute",
            name="corroboration",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="disputes",
                to="assessments.corroboration",
            ),
        ),
        migrations.AddField(
            model_name="dispute",
            name="kind",
            field=models.CharField(
                choices=[
                    ("contribution", "An entry"),
                    ("concern", "An immediate concern"),
                    ("known", "A source checked before meeting"),
                    ("corroboration", "What someone else told us"),
                    ("capacity", "A capacity assessment"),
                ],
                default="contribution",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="dispute",
            name="known_source",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="disputes",
                to="assessments.knownsource",
            ),
        ),
        migrations.AlterField(
            model_name="dispute",
            name="contribution",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="disputes",
                to="assessments.contribution",
            ),
        ),
        migrations.RunPython(fill_assessment, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="dispute",
            name="assessment",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="assessments.assessment",
            ),
        ),
        migrations.AddConstraint(
            model_name="dispute",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("capacity__isnull", True),
                        ("concern__isnull", True),
                        ("contribution__isnull", False),
                        ("corroboration__isnull", True),
                        ("kind", "contribution"),
                        ("known_source__isnull", True),
                    ),
                    models.Q(
                        ("capacity__isnull", True),
                        ("concern__isnull", False),
                        ("contribution__isnull", True),
                        ("corroboration__isnull", True),
                        ("kind", "concern"),
                        ("known_source__isnull", True),
                    ),
                    models.Q(
                        ("capacity__isnull", True),
                        ("concern__isnull", True),
                        ("contribution__isnull", True),
                        ("corroboration__isnull", True),
                        ("kind", "known"),
                        ("known_source__isnull", False),
                    ),
                    models.Q(
                        ("capacity__isnull", True),
                        ("concern__isnull", True),
                        ("contribution__isnull", True),
                        ("corroboration__isnull", False),
                        ("kind", "corroboration"),
                        ("known_source__isnull", True),
                    ),
                    models.Q(
                        ("capacity__isnull", False),
                        ("concern__isnull", True),
                        ("contribution__isnull", True),
                        ("corroboration__isnull", True),
                        ("kind", "capacity"),
                        ("known_source__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="dispute_one_target",
            ),
        ),
    ]
