"""Database triggers the app relies on, kept in place across migrations.

Three sets: the access log refuses updates and deletes (`accesslog.triggers`),
and two counts move on every change to what the kept pages show
(`assessments.triggers`, `referrals.triggers`; ADR 0005, hazard H18).

Migrations install them first. But on SQLite, Django changes a column by
building a new table, copying the rows and dropping the old one, which drops
that table's triggers and fails on triggers elsewhere that name it. So on
SQLite every set is dropped before `migrate` runs and, on both databases, put
back afterwards (`reinstall`), for each set whose tables exist.
tests/core/test_triggers.py checks every trigger is there, and that changing a
column the SQLite way keeps them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

# Each module has a TRIGGERS: TriggerSet.
MODULES = (
    "coassess.accesslog.triggers",
    "coassess.assessments.triggers",
    "coassess.referrals.triggers",
)


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


@dataclass(frozen=True)
class Counted:
    """A table whose changes move a count: for each event (INSERT, UPDATE,
    DELETE), which keys' counts, as SQL after `WHERE <key>` using NEW or OLD.
    With `columns`, only an UPDATE of one of them that changes its value counts."""

    table: str
    events: dict[str, str]
    columns: tuple[str, ...] = ()


def change_counter(
    *, prefix: str, count_table: str, key: str, owner_table: str, sources: list[Counted]
) -> TriggerSet:
    """Triggers that keep `count_table.number` moving, one row per `owner_table`
    row (made when the owner is inserted), on SQLite and PostgreSQL."""
    new_owner = f"INSERT INTO {count_table} ({key}, number) VALUES (NEW.id, 0)"

    def bump(keys: str) -> str:
        return f"UPDATE {count_table} SET number = number + 1 WHERE {key} {keys}"

    lite_create = [
        f"CREATE TRIGGER {prefix}_new AFTER INSERT ON {owner_table} "
        f"BEGIN {new_owner}; END;"
    ]
    lite_names = [f"{prefix}_new"]
    pg_create = [
        f"""CREATE OR REPLACE FUNCTION {prefix}_new() RETURNS trigger AS $$
            BEGIN {new_owner}; RETURN NULL; END; $$ LANGUAGE plpgsql;""",
        f"""CREATE TRIGGER {prefix}_new AFTER INSERT ON {owner_table}
            FOR EACH ROW EXECUTE FUNCTION {prefix}_new();""",
    ]
    pg_drop = [f"DROP TRIGGER IF EXISTS {prefix}_new ON {owner_table};"]
    pg_names = [f"{prefix}_new"]
    for source in sources:
        if source.columns and set(source.events) != {"UPDATE"}:
            raise ValueError(f"{source.table}: columns only narrow an UPDATE trigger")
        of = f" OF {', '.join(source.columns)}" if source.columns else ""
        lite_when = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in source.columns)
        for event, keys in source.events.items():
            name = f"{prefix}_{source.table}_{event.lower()}"
            when = f" WHEN {lite_when}" if lite_when else ""
            lite_names.append(name)
            lite_create.append(
                f"CREATE TRIGGER {name} AFTER {event}{of if event == 'UPDATE' else ''} "
                f"ON {source.table}{when} BEGIN {bump(keys)}; END;"
            )
        name = f"{prefix}_{source.table}"
        branches = " ".join(
            f"{'IF' if i == 0 else 'ELSIF'} TG_OP = '{event}' THEN {bump(keys)};"
            for i, (event, keys) in enumerate(source.events.items())
        )
        events = " OR ".join(e + (of if e == "UPDATE" else "") for e in source.events)
        pg_when = " OR ".join(
            f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in source.columns
        )
        pg_names.append(name)
        pg_create += [
            f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
                BEGIN {branches} END IF; RETURN NULL; END; $$ LANGUAGE plpgsql;""",
            f"""CREATE TRIGGER {name} AFTER {events} ON {source.table} FOR EACH ROW
                {f"WHEN ({pg_when})" if pg_when else ""} EXECUTE FUNCTION {name}();""",
        ]
        pg_drop.append(f"DROP TRIGGER IF EXISTS {name} ON {source.table};")
    return TriggerSet(
        tables=(count_table, owner_table, *(s.table for s in sources)),
        create={"sqlite": lite_create, "postgresql": pg_create},
        drop={
            "sqlite": [f"DROP TRIGGER IF EXISTS {n};" for n in lite_names],
            "postgresql": pg_drop,
        },
        names={"sqlite": lite_names, "postgresql": pg_names},
    )


def trigger_sets() -> list[TriggerSet]:
    return [importlib.import_module(m).TRIGGERS for m in MODULES]


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
