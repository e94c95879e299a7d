"""The database triggers the app relies on are all there, and put back after
every migration (on SQLite, Django rebuilds a table to change a column, which
drops its triggers)."""

from __future__ import annotations

from django.core.management.sql import (
    emit_post_migrate_signal,
    emit_pre_migrate_signal,
)
from django.db import connection

from coassess.core import triggers


def present() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {row[0] for row in cursor.fetchall()}


def expected() -> set[str]:
    return {
        name
        for trigger_set in triggers.trigger_sets()
        for name in trigger_set.names[connection.vendor]
    }


def test_every_trigger_is_in_the_database(db: None) -> None:
    assert expected(), "no triggers registered: the access log registers its own"
    assert expected() <= present()


def test_they_are_put_back_after_a_migration_that_lost_them(db: None) -> None:
    # What a table rebuild on SQLite does to a table's triggers, for all of them.
    triggers.remove_before_migrating()
    if connection.vendor == "sqlite":
        assert not expected() & present()
    else:  # PostgreSQL keeps triggers when it changes a table: nothing removed
        assert expected() <= present()
        with connection.cursor() as cursor:
            for trigger_set in triggers.trigger_sets():
                trigger_set.remove_with("postgresql", cursor.execute)
        assert not expected() & present()
    triggers.reinstall()
    assert expected() <= present()


def test_migrate_takes_them_out_first_on_sqlite_and_always_puts_them_back(
    db: None,
) -> None:
    """The signals `migrate` sends before and after it runs migrations."""
    emit_pre_migrate_signal(verbosity=0, interactive=False, db="default")
    if connection.vendor == "sqlite":
        assert not expected() & present()
    else:
        assert expected() <= present()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert expected() <= present()
