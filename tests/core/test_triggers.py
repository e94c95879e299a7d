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


def uncovered_keys(trigger_set: triggers.TriggerSet) -> set[str]:
    """Columns of an append-only table with a unique constraint that its SQLite
    REPLACE guard does not check: a REPLACE clashing on one would delete the
    existing row without firing any trigger."""
    replace = [sql for sql in trigger_set.create["sqlite"] if "_no_replace " in sql]
    with connection.cursor() as cursor:
        (table,) = trigger_set.tables
        constraints = connection.introspection.get_constraints(cursor, table)
    unique = {
        column
        for constraint in constraints.values()
        if constraint["unique"]
        for column in constraint["columns"]
    }
    return {column for column in unique if f"{column} = NEW.{column}" not in replace[0]}


def test_every_append_only_table_guards_each_unique_column_against_replace(
    db: None,
) -> None:
    guarded = [
        s
        for s in triggers.trigger_sets()
        if any("_no_replace" in n for n in s.names["sqlite"])
    ]
    assert guarded, "the access log's tables are append-only"
    for trigger_set in guarded:
        assert uncovered_keys(trigger_set) == set(), trigger_set.tables


def test_it_would_notice_an_unguarded_unique_column(db: None) -> None:
    users = triggers.append_only("accounts_user", prefix="x", message="no")
    assert uncovered_keys(users) == {"username"}
