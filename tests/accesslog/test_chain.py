"""The access log is a hash chain, and `coassess verify-log` finds the first
place it was broken: an event changed, removed, or its link altered, by
someone who got past the triggers (here, a test that drops them)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from coassess.accesslog import chain
from coassess.accesslog.models import AccessEvent, Action
from coassess.accesslog.services import record_access, record_listing
from coassess.accesslog.triggers import EVENTS
from coassess.accounts.models import User
from coassess.people.models import Person


@pytest.fixture
def logged(clinician: User, make_person: Callable[..., Person]) -> list[int]:
    """Many events, one at a time and in a batch: their ids, in order."""
    people = [make_person(given_name=f"P{i}", nhs_number="") for i in range(5)]
    for i in range(40):
        record_access(clinician, people[i % 5], Action.VIEW, "person record", i)
    record_listing(actor=clinician, people=people, what="search result")
    return list(AccessEvent.objects.order_by("id").values_list("id", flat=True))


@contextmanager
def by_hand() -> Iterator[CursorWrapper]:
    """A cursor for the log with its triggers off, as the database's owner
    could have it; they are put back afterwards."""
    with connection.cursor() as cursor:
        EVENTS.remove_with(connection.vendor, cursor.execute)
        try:
            yield cursor
        finally:
            EVENTS.install_with(connection.vendor, cursor.execute)


def verify_log() -> tuple[int, str]:
    """`coassess verify-log`: the exit status it gives and what it says. (The
    console script exits with a CommandError's returncode; it is not run here
    because it closes the database connection the test runs in.)"""
    out = StringIO()
    try:
        call_command("verify-log", stdout=out)
    except CommandError as error:
        return error.returncode, str(error)
    return 0, out.getvalue()


def test_each_event_is_sealed_over_the_documented_serialisation(
    person: Person, clinician: User
) -> None:
    before = AccessEvent.objects.order_by("id").last()
    assert before is not None
    event = record_access(
        clinician, person, Action.VIEW, "person record", person.pk, reason="Zoë’s"
    )
    stored = AccessEvent.objects.get(pk=event.pk)
    team = clinician.membership.team  # type: ignore[union-attr]
    fields = [
        "coassess access event 1",
        before.id + 1,
        stored.at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00"),
        str(clinician.pk),
        "clinician",
        str(team.pk),
        str(person.pk),
        "view",
        "person record",
        str(person.pk),
        stored.request_id,
        "",
        "Zoë’s",
        before.id,
        before.hash,
    ]
    text = json.dumps(fields, separators=(",", ":"))
    assert '"Zo\\u00eb\\u2019s"' in text
    assert (stored.id, stored.previous_id) == (before.id + 1, before.id)
    assert stored.previous_hash == before.hash
    assert stored.hash == hashlib.sha256(text.encode("ascii")).hexdigest()


def test_the_chain_is_whole_after_many_events(logged: list[int]) -> None:
    assert len(logged) == 50  # 5 people registered, 40 views, 5 listed
    assert logged == list(range(logged[0], logged[0] + len(logged)))
    verdict = chain.verify()
    assert verdict.broken is None and chain.first_break() is None
    assert verdict.checked == len(logged)
    last = AccessEvent.objects.get(pk=logged[-1])
    assert verdict.last == (last.id, last.hash)
    status, out = verify_log()
    assert status == 0
    assert f"The access log is whole: {len(logged)} events checked." in out
    assert f"Last event: {last.id}, hash {last.hash}." in out


def test_an_event_whose_text_was_changed_is_reported(logged: list[int]) -> None:
    target = logged[17]
    assert verify_log()[0] == 0
    with by_hand() as cursor:
        cursor.execute(
            "UPDATE accesslog_accessevent SET what = 'nothing' WHERE id = %s", [target]
        )
    broken = chain.first_break()
    assert broken is not None
    assert (broken.event_id, broken.kind) == (target, "changed")
    status, out = verify_log()
    assert status == 1
    assert f"The access log is broken at event {target}: it was changed" in out
    assert f"({logged.index(target)} events before it are whole)" in out


def test_a_deleted_event_is_reported_as_missing(logged: list[int]) -> None:
    gone, next_one = logged[30], logged[31]
    with by_hand() as cursor:
        cursor.execute("DELETE FROM accesslog_accessevent WHERE id = %s", [gone])
    broken = chain.first_break()
    assert broken is not None
    assert (broken.event_id, broken.kind) == (next_one, "gap")
    status, out = verify_log()
    assert status == 1
    assert f"event {next_one}: event {gone}, which it follows, is missing" in out


def test_the_first_events_deleted_are_reported(logged: list[int]) -> None:
    with by_hand() as cursor:
        cursor.execute("DELETE FROM accesslog_accessevent WHERE id <= %s", [logged[2]])
    broken = chain.first_break()
    assert broken is not None
    assert (broken.event_id, broken.kind) == (logged[3], "gap")
    assert f"event {logged[2]}, which it follows, is missing" in str(broken)


def test_a_link_altered_is_reported(logged: list[int]) -> None:
    target = logged[9]
    with by_hand() as cursor:
        cursor.execute(
            "UPDATE accesslog_accessevent SET previous_hash = %s WHERE id = %s",
            ["f" * 64, target],
        )
    broken = chain.first_break()
    assert broken is not None
    assert (broken.event_id, broken.kind) == (target, "link")
    status, out = verify_log()
    assert status == 1
    assert f"broken at event {target}: its link to the event before it" in out


def test_an_event_changed_and_sealed_again_breaks_the_next_link(
    logged: list[int],
) -> None:
    """Recomputing the changed event's hash does not hide it: the next event
    recorded the old one."""
    target = logged[12]
    forged = AccessEvent.objects.get(pk=target)
    forged.reason = "a reason made up later"
    with by_hand() as cursor:
        cursor.execute(
            "UPDATE accesslog_accessevent SET reason = %s, hash = %s WHERE id = %s",
            [forged.reason, chain.seal(forged), target],
        )
    broken = chain.first_break()
    assert broken is not None
    assert (broken.event_id, broken.kind) == (logged[13], "link")


def test_an_event_that_bypasses_the_chain_is_refused(person: Person) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessEvent.objects.create(at=timezone.now(), action=Action.VIEW, what="x")


def test_writing_an_event_joins_the_chain_even_inside_a_failed_transaction(
    person: Person, clinician: User
) -> None:
    """A transaction that rolls back takes its events with it; the next event
    links to the last one that stayed."""

    class Abandon(Exception):
        pass

    with pytest.raises(Abandon), transaction.atomic():
        record_access(clinician, person, Action.VIEW, "person record")
        raise Abandon
    record_access(clinician, person, Action.VIEW, "person record")
    assert chain.first_break() is None


def test_the_serialisation_refuses_a_time_without_a_zone() -> None:
    event: Any = AccessEvent(at=timezone.now().replace(tzinfo=None))
    with pytest.raises(ValueError, match="time zone"):
        chain.serialise(event)
