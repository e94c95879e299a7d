"""The SQLite backend's UUID reading gives exactly what `uuid.UUID` gives."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from django.db import connection

from coassess.core.sqlite.base import uuid_from_hex
from coassess.people.models import Person


@pytest.mark.parametrize(
    "value",
    [uuid.uuid4().hex for _ in range(50)]
    + ["0" * 32, "f" * 32, "F" * 32, uuid.UUID(int=1).hex, uuid.uuid4().hex.upper()],
)
def test_it_reads_what_django_writes_as_uuid_does(value: str) -> None:
    made = uuid_from_hex(value)
    expected = uuid.UUID(value)
    assert made == expected
    assert str(made) == str(expected)
    assert hash(made) == hash(expected)
    assert made.version == expected.version
    assert made.is_safe == expected.is_safe


@pytest.mark.parametrize(
    "value",
    [
        "",
        "abc",
        "-" + "1" * 31,
        "g" * 32,
        "{" + "1" * 30 + "}",
        "1" * 33,
        "urn:uuid:12",
    ],
)
def test_anything_else_fails_as_uuid_does(value: str) -> None:
    with pytest.raises(ValueError):
        uuid.UUID(value)
    with pytest.raises(ValueError):
        uuid_from_hex(value)


@pytest.mark.django_db
def test_uuid_columns_come_back_as_uuids_on_either_database(
    make_person: Callable[..., Person],
) -> None:
    person = make_person()
    read = Person.objects.values_list("pk", flat=True).get(pk=person.pk)
    assert isinstance(read, uuid.UUID)
    assert read == person.pk
    # SQLite goes through our backend; PostgreSQL has a UUID type of its own.
    expected = {
        "sqlite": "coassess.core.sqlite.base",
        "postgresql": "django.db.backends.postgresql.operations",
    }
    assert type(connection.ops).__module__ == expected[connection.vendor]
