"""Django's SQLite backend, reading UUID columns faster.

SQLite stores a UUIDField as 32 hexadecimal digits, and Django makes a
`uuid.UUID` from each one it reads, which parses the text again (removing
prefixes, braces and dashes that cannot be there) before converting it. Pages
that read a few hundred rows read over a thousand UUIDs, and that parsing was
about half the cost of reading them as values. Here the 32 digits go straight
to the integer a UUID holds; anything else takes Django's path, so a bad value
still fails as it did. tests/core/test_sqlite_backend.py checks the two agree.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.backends.sqlite3 import base, operations

_new = object.__new__
_set = object.__setattr__
_UNKNOWN = uuid.SafeUUID.unknown


def uuid_from_hex(value: str) -> uuid.UUID:
    """`uuid.UUID(value)` for the 32 hex digits SQLite stores."""
    if len(value) != 32 or value[0] == "-":
        return uuid.UUID(value)  # not what Django writes: its checks and errors
    made = _new(uuid.UUID)
    # UUID is immutable, so its own __init__ sets its slots this way too.
    _set(made, "int", int(value, 16))
    _set(made, "is_safe", _UNKNOWN)
    return made


class DatabaseOperations(operations.DatabaseOperations):
    def convert_uuidfield_value(
        self, value: Any, expression: Any, connection: Any
    ) -> uuid.UUID | None:
        return None if value is None else uuid_from_hex(value)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
