"""Reviews are GrantReview rows now (0005 moved them): a grant is never changed."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accesslog", "0005_move_reviews_into_rows")]

    operations = [
        migrations.RemoveField(model_name="breakglassgrant", name="review_note"),
        migrations.RemoveField(model_name="breakglassgrant", name="reviewed_at"),
        migrations.RemoveField(model_name="breakglassgrant", name="reviewed_by"),
    ]
