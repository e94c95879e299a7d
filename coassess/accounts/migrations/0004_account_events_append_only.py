"""Account changes refuse every statement that rewrites a row, as the access log
does: `coassess.accounts.triggers`."""

from django.db import migrations

from coassess.accounts.triggers import ACCOUNT_EVENTS


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    ACCOUNT_EVENTS.install(schema_editor)


def remove(apps, schema_editor):  # type: ignore[no-untyped-def]
    ACCOUNT_EVENTS.remove(schema_editor)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS accountevent_refuse_change();")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_unlocked_for_passwords_or_codes")]

    operations = [migrations.RunPython(install, remove)]
