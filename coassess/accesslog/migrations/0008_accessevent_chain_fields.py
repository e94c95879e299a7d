"""Room for the hash chain on each access event (accesslog.chain); 0009 links
the events already written, and 0010 requires every event to be linked."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accesslog", "0007_grants_and_reviews_append_only")]

    operations = [
        migrations.AddField(
            model_name="accessevent",
            name="previous_id",
            field=models.BigIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="accessevent",
            name="previous_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="accessevent",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
    ]
