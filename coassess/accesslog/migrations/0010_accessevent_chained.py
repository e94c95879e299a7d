"""Every access event is linked into the hash chain (0009 linked those before)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accesslog", "0009_chain_existing_events")]

    operations = [
        migrations.AddConstraint(
            model_name="accessevent",
            constraint=models.CheckConstraint(
                condition=models.Q(("hash", ""), _negated=True)
                & models.Q(("previous_hash", ""), _negated=True),
                name="accessevent_chained",
            ),
        ),
    ]
