"""Database triggers the app relies on, kept in place across migrations.

Each app that needs triggers (today the access log, which refuses updates and
deletes) describes them as a `TriggerSet` and registers it from its
`AppConfig.ready()`; `core` knows no app by name.

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
