"""Many new rows of one model written at once, for synthetic data: rows as
plain tuples in the order of the model's columns, with no model instances and
none of the ORM's work per value.

`write_rows(model, rows)` is the only place the databases differ: PostgreSQL
takes the rows through COPY (psycopg 3's `cursor.copy`, `write_row` for each
row), which adapts each Python value itself; any other database (SQLite) gets
one `executemany` of a single INSERT, after the few values it cannot take as
they are (UUIDs, dates and times) are adapted the way Django adapts them for
that database. Either way it runs in the caller's transaction: call it inside
`transaction.atomic()`.

A row holds the values Django would store for each concrete field, in
`model._meta.concrete_fields` order, foreign keys as the related row's key:
`columns(model)` gives the names, and `check_columns` fails early when a
model's columns have changed from what a generator writes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Field, Model

Row = Sequence[Any]

# The kinds of field these rows may hold: plain values any driver takes as
# they are, and the three that SQLite needs adapted. Anything else is refused,
# rather than written in a form Django would not have written.
PLAIN = {
    "AutoField",
    "BooleanField",
    "CharField",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "TextField",
}
ADAPTED = {"UUIDField", "DateTimeField", "DateField"}


def columns(model: type[Model]) -> tuple[str, ...]:
    """The attribute names of `model`'s concrete fields, in the order a row
    holds them (a foreign key as `<name>_id`)."""
    return tuple(f.attname for f in model._meta.concrete_fields)


def check_columns(model: type[Model], names: Sequence[str]) -> None:
    """RuntimeError unless `names` are `model`'s columns, in order: the model
    changed, and whoever writes its rows must change with it."""
    have = columns(model)
    if tuple(names) != have:
        raise RuntimeError(
            f"{model.__name__} rows are written as {tuple(names)}, but its "
            f"columns are now {have}: update the generator."
        )


def write_rows(model: type[Model], rows: Sequence[Row]) -> int:
    """INSERT `rows` (tuples in `columns(model)` order) into `model`'s table in
    the current transaction; returns how many. Triggers and constraints apply
    as to any insert. TypeError for a kind of field this does not write."""
    if not rows:
        return 0
    fields = list(model._meta.concrete_fields)
    adapters = [(n, a) for n, a in enumerate(map(_adapter, fields)) if a]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(str(f.column)) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Names from the model's own fields, quoted; values go as data.
            copy = f"COPY {table} ({names}) FROM STDIN"
            with cursor.cursor.copy(copy) as stream:
                for row in rows:
                    stream.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(fields))
            insert = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(insert, _adapted(adapters, rows))
    return len(rows)


Adapters = list[tuple[int, Callable[[Any], Any]]]


def _adapted(adapters: Adapters, rows: Sequence[Row]) -> Sequence[Row]:
    """`rows` with the values at the adapters' places adapted (not None)."""
    if not adapters:
        return rows
    out: list[Row] = []
    for row in rows:
        values = list(row)
        for n, adapt in adapters:
            if values[n] is not None:
                values[n] = adapt(values[n])
        out.append(values)
    return out


def _adapter(field: Field[Any, Any]) -> Callable[[Any], Any] | None:
    """How this connection stores a value of `field` (None: as it is)."""
    target = field.target_field if field.is_relation else field  # type: ignore[attr-defined]
    kind = target.get_internal_type()
    if kind in PLAIN:
        return None
    if kind not in ADAPTED:
        raise TypeError(f"{field} is a {kind}: write_rows does not write those.")
    if kind == "UUIDField":
        return None if connection.features.has_native_uuid_field else _hex
    if kind == "DateTimeField":
        return _remembered(connection.ops.adapt_datetimefield_value)
    return _remembered(connection.ops.adapt_datefield_value)


def _remembered(adapt: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`adapt`, remembering its answers: a batch's rows share most of their
    dates and times (when they were made, when the assessment started)."""
    seen: dict[Any, Any] = {}

    def remembered(value: Any) -> Any:
        found = seen.get(value)
        if found is None:
            found = seen[value] = adapt(value)
        return found

    return remembered


def _hex(value: Any) -> str:
    return str(value.hex)
