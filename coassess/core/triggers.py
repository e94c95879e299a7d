"""Database triggers the app relies on, kept in place across migrations.

Each app that needs triggers (today the access log, whose tables refuse every
statement that rewrites a row) describes them as a `TriggerSet` and registers it
from its `AppConfig.ready()`; `core` knows no app by name. `append_only` makes
the set that keeps one table append-only, so every audit table gets the same
protection from one definition.

Migrations install them first. But on SQLite, Django changes a column by
building a new table, copying the rows and dropping the old one, which drops
that table's triggers. So on SQLite every registered set is dropped before
`migrate` runs and, on both databases, put back afterwards (`reinstall`), for
each set whose tables exist. tests/core/test_triggers.py checks every trigger
is there, and that changing a column the SQLite way keeps them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper


@dataclass(frozen=True)
class TriggerSet:
    """SQL to create and drop a set of triggers, by database vendor."""

    tables: tuple[str, ...]  # every table the triggers are on or read
    create: dict[str, list[str]]
    drop: dict[str, list[str]]
    names: dict[str, list[str]] = field(default_factory=dict)  # vendor -> trigger names

    def install(self, schema_editor: Any) -> None:
        """Drop (if there) and create every trigger, with a migration's schema editor."""
        self.install_with(schema_editor.connection.vendor, schema_editor.execute)

    def remove(self, schema_editor: Any) -> None:
        self.remove_with(schema_editor.connection.vendor, schema_editor.execute)

    def install_with(self, vendor: str, execute: Callable[[str], Any]) -> None:
        for statement in self.drop.get(vendor, []) + self.create.get(vendor, []):
            execute(statement)

    def remove_with(self, vendor: str, execute: Callable[[str], Any]) -> None:
        for statement in self.drop.get(vendor, []):
            execute(statement)


def append_only(
    table: str,
    *,
    prefix: str,
    message: str,
    keys: tuple[str | tuple[str, ...], ...] = ("id",),
) -> TriggerSet:
    """Triggers that refuse every statement rewriting a row of `table`.

    On SQLite: UPDATE (so also an upsert's DO UPDATE and UPDATE OR REPLACE) and
    DELETE; and an INSERT whose row would clash with an existing one on any of
    `keys`, because INSERT OR REPLACE and REPLACE delete the clashing row
    without firing a DELETE trigger (recursive triggers are off). `keys` must
    name every column with a unique constraint, a tuple for a constraint on
    several columns together (a clash when all are equal); tests/core/
    test_triggers.py checks it. On PostgreSQL: UPDATE and DELETE of any row, which upserts and
    MERGE go through, and TRUNCATE, which fires no row trigger. Each refusal
    raises `message`. Trigger names start with `prefix`.
    """
    if "'" in message or "%" in message:
        raise ValueError("the message is put into SQL: no quotes or % signs")
    refuse = f"BEGIN SELECT RAISE(ABORT, '{message}'); END;"
    clash = " OR ".join(_same(key) for key in keys)
    function = f"{prefix}_refuse_change"
    sqlite = {
        f"{prefix}_no_update": f"BEFORE UPDATE ON {table} {refuse}",
        f"{prefix}_no_delete": f"BEFORE DELETE ON {table} {refuse}",
        f"{prefix}_no_replace": f"BEFORE INSERT ON {table} "
        f"WHEN EXISTS (SELECT 1 FROM {table} WHERE {clash}) {refuse}",
    }
    postgresql = {
        f"{prefix}_no_update_delete": f"BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}()",
        f"{prefix}_no_truncate": f"BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
    }
    return TriggerSet(
        tables=(table,),
        create={
            "sqlite": [
                f"CREATE TRIGGER {name} {body}" for name, body in sqlite.items()
            ],
            "postgresql": [
                f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$ "
                f"BEGIN RAISE EXCEPTION '{message}'; END; $$ LANGUAGE plpgsql",
                *(f"CREATE TRIGGER {name} {body}" for name, body in postgresql.items()),
            ],
        },
        drop={
            "sqlite": [f"DROP TRIGGER IF EXISTS {name}" for name in sqlite],
            "postgresql": [
                f"DROP TRIGGER IF EXISTS {name} ON {table}" for name in postgresql
            ],
        },
        names={"sqlite": list(sqlite), "postgresql": list(postgresql)},
    )


def _same(key: str | tuple[str, ...]) -> str:
    """SQL true when the row has NEW's value of `key` (every column of it)."""
    if isinstance(key, str):
        return f"{key} = NEW.{key}"
    return "(" + " AND ".join(f"{c} = NEW.{c}" for c in key) + ")"


_REGISTERED: list[TriggerSet] = []


def register(triggers: TriggerSet) -> None:
    """Keep `triggers` in place across migrations (call from `AppConfig.ready()`)."""
    if triggers not in _REGISTERED:
        _REGISTERED.append(triggers)


def trigger_sets() -> list[TriggerSet]:
    """Every registered set, in the order the apps registered them."""
    return list(_REGISTERED)


def remove_before_migrating(using: str = "default", **_: Any) -> None:
    """pre_migrate: SQLite only (PostgreSQL changes tables in place)."""
    connection = _connection(using)
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for triggers in trigger_sets():
            triggers.remove_with(connection.vendor, cursor.execute)


def reinstall(using: str = "default", **_: Any) -> None:
    """post_migrate: every set whose tables all exist, dropped and made again."""
    connection = _connection(using)
    existing = set(connection.introspection.table_names())
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for triggers in trigger_sets():
            if set(triggers.tables) <= existing:
                triggers.install_with(connection.vendor, cursor.execute)


def _connection(using: str) -> BaseDatabaseWrapper:
    return connections[using]
