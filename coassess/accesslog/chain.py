"""The access log's hash chain: each event seals the one before it, so an event
changed, removed or slipped in afterwards shows when the chain is checked
(`coassess verify-log`), even by someone who got past the triggers.

Each event stores the id and hash of the event before it (`previous_id`,
`previous_hash`: None and 64 zeros for the first event) and its own `hash`:
the SHA-256, in lowercase hex, of these bytes (serialisation version 1):

    the UTF-8 encoding of a JSON array written with no spaces (separators ","
    and ":") and every character outside ASCII escaped as \\u and four hex
    digits (a surrogate pair of them beyond U+FFFF), as Python's json.dumps writes it:

    ["coassess access event 1", id, at, actor_id, actor_role, actor_team_id,
     person_id, action, what, object_id, request_id, upstream_request_id,
     reason, previous_id, previous_hash]

`id` and `previous_id` are JSON integers (`previous_id` null for the first
event); `at` is ISO 8601 in UTC to the microsecond, "2026-11-26T10:01:00.
000000+00:00"; the actor's, the team's and the person's ids are UUIDs written
lowercase with hyphens, or null; every other value is the stored text as it is.

An event done by a viewer with an access code (the person or a supporter, from
their own device: `viewer_code` set) has the code's id, a UUID as above,
appended to the array after `previous_hash`; every other event's array is as
above, so events written before viewers existed keep their hashes.

Appending (`append`) gives each event the next id after the last event's. On
PostgreSQL a writer first takes a transaction-level advisory lock, held until
its transaction ends, so the next writer reads the last event only once this
one's are committed; on SQLite every transaction here begins IMMEDIATE, one
writer at a time already. If two writers ever did read the same last event,
both would give their first event the same id: the second fails on the primary
key instead of forking the chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from coassess.accesslog.models import AccessEvent
from coassess.core.prepared import Prepared

VERSION = "coassess access event 1"
GENESIS = "0" * 64  # the previous hash of the first event
# pg_advisory_xact_lock's key for the chain: "coassess" read as a number.
CHAIN_LOCK = int.from_bytes(b"coassess", "big")


def _uuid(value: Any) -> str | None:
    if value is None:
        return None
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))


def _utc(at: dt.datetime) -> str:
    if at.tzinfo is None:
        raise ValueError("an access event's time must say its time zone")
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def serialise(event: Any) -> bytes:
    """The bytes an event's hash is taken over (the module docstring). Takes
    any object with the event's attributes, so migrations can pass theirs."""
    fields = [
        VERSION,
        event.id,
        _utc(event.at),
        _uuid(event.actor_id),
        str(event.actor_role),
        _uuid(event.actor_team_id),
        _uuid(event.person_id),
        str(event.action),
        str(event.what),
        str(event.object_id),
        str(event.request_id),
        str(event.upstream_request_id),
        str(event.reason),
        event.previous_id,
        event.previous_hash,
    ]
    viewer_code = getattr(event, "viewer_code_id", None)
    if viewer_code is not None:
        fields.append(_uuid(viewer_code))
    return json.dumps(fields, ensure_ascii=True, separators=(",", ":")).encode()


def seal(event: Any) -> str:
    """The hash `event` should have, given its fields and its link."""
    return hashlib.sha256(serialise(event)).hexdigest()


# The end of the chain, read before every append (core.prepared).
_LAST = Prepared(
    lambda: AccessEvent.objects.order_by("-id").values_list("id", "hash")[:1]
)


def append(events: Sequence[AccessEvent]) -> None:
    """Link `events`, in order, onto the end of the chain and insert them, in
    the caller's transaction (the module docstring says how writers queue)."""
    if not events:
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
        last = _LAST.rows()
        previous_id, previous_hash = last[0] if last else (None, GENESIS)
        for event in events:
            event.id = (previous_id or 0) + 1
            event.previous_id = previous_id
            event.previous_hash = previous_hash
            event.hash = seal(event)
            previous_id, previous_hash = event.id, event.hash
        AccessEvent.objects.bulk_create(events)


@dataclass(frozen=True)
class Break:
    """The first place the chain does not hold: the event where it shows."""

    event_id: int
    kind: str  # "changed", "link" or "gap"
    detail: str

    def __str__(self) -> str:
        return f"event {self.event_id}: {self.detail}"


@dataclass(frozen=True)
class Verdict:
    checked: int  # events checked, up to and including any break
    last: tuple[int, str] | None  # the last event checked: its id and hash
    broken: Break | None


def _events(batch: int = 2000) -> Iterator[AccessEvent]:
    """Every event in id order, read a batch at a time by id."""
    after = 0
    while True:
        rows = list(AccessEvent.objects.filter(id__gt=after).order_by("id")[:batch])
        yield from rows
        if len(rows) < batch:
            return
        after = rows[-1].id


def _wrong_predecessor(event: AccessEvent, before: AccessEvent | None) -> Break:
    """`event` names another event before it than the one the log has."""
    if event.previous_id is None:
        return Break(
            event.id,
            "link",
            f"it starts a new chain after event {before and before.id}",
        )
    if before is None or event.previous_id > before.id:
        where = (
            f"the event before it is {before.id}" if before else "the log starts here"
        )
        return Break(
            event.id,
            "gap",
            f"event {event.previous_id}, which it follows, is missing ({where})",
        )
    return Break(
        event.id,
        "link",
        f"it follows event {event.previous_id}, but event {before.id} is between them",
    )


def check_link(event: AccessEvent, before: AccessEvent | None) -> Break | None:
    """What is wrong with `event`, given the event before it in the log: the
    event it names as its predecessor, then that event's hash, then its own."""
    if event.previous_id != (before.id if before else None):
        return _wrong_predecessor(event, before)
    if event.previous_hash != (before.hash if before else GENESIS):
        return Break(
            event.id,
            "link",
            "its link to the event before it is broken: the hash it records is "
            "not that event's (the link was changed, or that event was changed "
            "and sealed again)",
        )
    if seal(event) != event.hash:
        return Break(
            event.id,
            "changed",
            "it was changed after it was written: its contents no longer match "
            "its hash",
        )
    return None


def verify() -> Verdict:
    """Walk the whole log in id order, recomputing every hash and link, and
    stop at the first break."""
    checked, before = 0, None
    for event in _events():
        checked += 1
        broken = check_link(event, before)
        if broken:
            return Verdict(checked, (event.id, event.hash), broken)
        before = event
    return Verdict(checked, (before.id, before.hash) if before else None, None)


def first_break() -> Break | None:
    """The first place the chain does not hold, or None if it is whole."""
    return verify().broken
