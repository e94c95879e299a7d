"""Each review kept on a grant becomes a GrantReview row (0006 then drops the
grant's review columns, and 0007 makes grants and reviews append-only)."""

from django.db import migrations


def move_into_rows(apps, schema_editor):  # type: ignore[no-untyped-def]
    BreakGlassGrant = apps.get_model("accesslog", "BreakGlassGrant")
    GrantReview = apps.get_model("accesslog", "GrantReview")
    GrantReview.objects.bulk_create(
        GrantReview(
            grant=grant,
            reviewed_by_id=grant.reviewed_by_id,
            reviewed_at=grant.reviewed_at,
            note=grant.review_note,
        )
        for grant in BreakGlassGrant.objects.filter(reviewed_at__isnull=False)
    )


def move_back(apps, schema_editor):  # type: ignore[no-untyped-def]
    """The newest review of each grant goes back onto it."""
    BreakGlassGrant = apps.get_model("accesslog", "BreakGlassGrant")
    GrantReview = apps.get_model("accesslog", "GrantReview")
    for review in GrantReview.objects.order_by("reviewed_at"):
        BreakGlassGrant.objects.filter(pk=review.grant_id).update(
            reviewed_by_id=review.reviewed_by_id,
            reviewed_at=review.reviewed_at,
            review_note=review.note,
        )


class Migration(migrations.Migration):
    dependencies = [("accesslog", "0004_grantreview")]

    operations = [migrations.RunPython(move_into_rows, move_back)]
