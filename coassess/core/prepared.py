"""Reads whose SQL Django compiles once per connection, run with new values
on every request.

A page that reads a record in a dozen small queries spends more time in the
ORM building and compiling each query (about half a millisecond each) than
in the database running it. A `Prepared` read is written as an ordinary
queryset, built once with marker values in place of its arguments; the SQL
Django makes of it, and the converters for its columns, are kept (per
database connection, so per thread and per database), and every call runs
that SQL with its own arguments and converts the rows as the ORM would.

Only the SQL text is kept, never a row: each call reads the database afresh
(ADR 0009, ADR 0016). Arguments are plain values (a UUID, a datetime, a
string), each declared with the model field that prepares it for the
database, and must each appear in the query at least once; nothing else may
vary (lists for `__in`, optional filters): write a second read for that.

    ENTRIES = Prepared(
        lambda assessment: Contribution.objects.filter(
            assessment_id=assessment, is_current=True
        ).values_list("pk", "text"),
        UUIDField(),
    )
    rows = ENTRIES.rows(assessment.pk)  # [(UUID, str), ...]
"""

from __future__ import annotations

import datetime as dt
import uuid
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connections
from django.db.models import Field, Model, QuerySet
from django.db.models.sql.compiler import SQLCompiler

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    slots: tuple[tuple[int, int], ...]  # (position in params, argument number)
    compiler: SQLCompiler
    converters: dict[int, Any]


def _marker(field: Field[Any, Any], number: int) -> Any:
    """A value of `field`'s type that no real argument will equal."""
    kind = field.get_internal_type()
    if kind == "UUIDField":
        return uuid.uuid4()
    if kind == "DateTimeField":
        return dt.datetime(1901, 1, 1, 0, 0, number, 123457, tzinfo=dt.UTC)
    return f"\x00prepared-marker-{number}-{uuid.uuid4().hex}"


class Prepared:
    """A values_list read, compiled once per connection. `build(*arguments)`
    returns the queryset; `fields` say how each argument is sent to the
    database (a model field of its type, e.g. `UUIDField()`)."""

    def __init__(
        self, build: Callable[..., QuerySet[Any, Any]], *fields: Field[Any, Any]
    ) -> None:
        self.build = build
        self.fields = fields
        self._compiled: weakref.WeakKeyDictionary[Any, _Compiled] = (
            weakref.WeakKeyDictionary()
        )

    def _compile(self, connection: Any) -> _Compiled:
        markers = [_marker(f, n) for n, f in enumerate(self.fields)]
        query = self.build(*markers).query
        compiler = query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        sent = [
            f.get_db_prep_value(m, connection)
            for f, m in zip(self.fields, markers, strict=True)
        ]
        slots = tuple(
            (i, n) for i, p in enumerate(params) for n, s in enumerate(sent) if p == s
        )
        missing = set(range(len(sent))) - {n for _, n in slots}
        if missing:
            raise ValueError(f"Arguments {sorted(missing)} do not appear in the query.")
        columns = [s[0] for s in compiler.select[0 : compiler.col_count]]
        return _Compiled(
            sql,
            tuple(params),
            slots,
            compiler,
            compiler.get_converters(columns),
        )

    def rows(self, *arguments: Any, using: str = "default") -> list[tuple[Any, ...]]:
        """The rows for `arguments`, read now, each a tuple of the queryset's
        values_list columns converted as the ORM converts them."""
        connection = connections[using]
        compiled = self._compiled.get(connection)
        if compiled is None:
            compiled = self._compiled[connection] = self._compile(connection)
        params = list(compiled.params)
        for position, number in compiled.slots:
            params[position] = self.fields[number].get_db_prep_value(
                arguments[number], connection
            )
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            found: list[Any] = cursor.fetchall()
        if compiled.converters:
            found = list(compiled.compiler.apply_converters(found, compiled.converters))
        return [tuple(row) for row in found]


def columns(model: type[Model]) -> list[str]:
    """Every concrete column of `model`, by attribute name (`voice_id`), in
    the order `instances` expects them."""
    return [f.attname for f in model._meta.concrete_fields]


def instances(
    model: type[M], rows: Sequence[Sequence[Any]], using: str = "default"
) -> list[M]:
    """Model instances, as the ORM makes them, of rows whose first columns
    are `columns(model)` (further columns are ignored)."""
    names = columns(model)
    width = len(names)
    return [model.from_db(using, names, tuple(row[:width])) for row in rows]


def related_columns(name: str, model: type[Model]) -> list[str]:
    """Every concrete column of `model` reached through the relation `name`
    (`person__id`, ...), in the order `joined` expects them."""
    return [f"{name}__{f.name}" for f in model._meta.concrete_fields]


def joined(
    model: type[M],
    rows: Sequence[Sequence[Any]],
    related: dict[str, type[Model]],
    using: str = "default",
) -> list[M]:
    """Model instances of rows whose columns are `columns(model)` followed,
    for each relation in `related` (name -> model, in order), by
    `related_columns(name, model)`, as `select_related` would make them. A
    relation whose columns are all NULL (an empty nullable foreign key) is
    set to None."""
    found = instances(model, rows, using)
    start = len(columns(model))
    for name, other in related.items():
        names = columns(other)
        width = len(names)
        for instance, row in zip(found, rows, strict=True):
            part = tuple(row[start : start + width])
            value = (
                None
                if all(v is None for v in part)
                else other.from_db(using, names, part)
            )
            setattr(instance, name, value)
        start += width
    return found
