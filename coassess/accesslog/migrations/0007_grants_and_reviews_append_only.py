"""Break-glass grants and their reviews refuse every statement that rewrites a
row, as the access log does (0002): `coassess.accesslog.triggers`."""

from django.db import migrations

from coassess.accesslog.triggers import GRANTS, REVIEWS


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    GRANTS.install(schema_editor)
    REVIEWS.install(schema_editor)


def remove(apps, schema_editor):  # type: ignore[no-untyped-def]
    GRANTS.remove(schema_editor)
    REVIEWS.remove(schema_editor)
    if schema_editor.connection.vendor == "postgresql":
        for function in ("breakglassgrant_refuse_change", "grantreview_refuse_change"):
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}();")


class Migration(migrations.Migration):
    dependencies = [("accesslog", "0006_remove_breakglassgrant_review_fields")]

    operations = [migrations.RunPython(install, remove)]
