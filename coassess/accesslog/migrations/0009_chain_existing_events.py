"""Link the events already in the log into the hash chain, in id order.

Each event is sealed with `accesslog.chain.seal`, the same function new events
are sealed with, so `coassess verify-log` checks old and new alike. The log's
triggers refuse the UPDATE this needs: they are taken off for it and put back
(on SQLite `migrate` has already taken them off; PostgreSQL keeps them).
"""

from django.db import migrations

from coassess.accesslog.chain import GENESIS, seal
from coassess.accesslog.triggers import EVENTS

BATCH = 1000


def link(apps, schema_editor):  # type: ignore[no-untyped-def]
    AccessEvent = apps.get_model("accesslog", "AccessEvent")
    EVENTS.remove(schema_editor)
    previous_id, previous_hash = None, GENESIS
    while True:
        after = previous_id or 0
        batch = list(AccessEvent.objects.filter(id__gt=after).order_by("id")[:BATCH])
        for event in batch:
            event.previous_id, event.previous_hash = previous_id, previous_hash
            event.hash = seal(event)
            previous_id, previous_hash = event.id, event.hash
        AccessEvent.objects.bulk_update(batch, ["previous_id", "previous_hash", "hash"])
        if len(batch) < BATCH:
            break
    EVENTS.install(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("accesslog", "0008_accessevent_chain_fields")]

    # Going back, 0008's columns go, and the links with them.
    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
