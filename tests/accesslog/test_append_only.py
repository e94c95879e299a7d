"""The access log cannot be rewritten, even by SQL typed into the app's own connection."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from coassess.accesslog.models import AccessEvent, Action
from coassess.people.models import Person


def test_it_logs_the_creation_of_a_person(person: Person) -> None:
    assert AccessEvent.objects.filter(person=person, action=Action.CREATE).count() == 1


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE accesslog_accessevent SET reason = 'rewritten'",
        "DELETE FROM accesslog_accessevent",
    ],
)
def test_it_refuses_to_change_or_delete_entries(person: Person, statement: str) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert (
        AccessEvent.objects.filter(person=person).exclude(reason="rewritten").exists()
    )


REWRITES = {
    # Issue 10: REPLACE's implicit delete fires no DELETE trigger on SQLite, so
    # a break-glass event could be replaced by a plain view.
    "sqlite": [
        "INSERT OR REPLACE INTO accesslog_accessevent (id, at, actor_role, action, "
        "what, object_id, request_id, upstream_request_id, reason) "
        "SELECT id, at, actor_role, 'view', what, object_id, request_id, "
        "upstream_request_id, '' FROM accesslog_accessevent",
        "REPLACE INTO accesslog_accessevent (id, at, actor_role, action, what, "
        "object_id, request_id, upstream_request_id, reason) "
        "SELECT id, at, actor_role, 'view', what, object_id, request_id, "
        "upstream_request_id, '' FROM accesslog_accessevent",
        "REPLACE INTO accesslog_accessevent SELECT * FROM accesslog_accessevent",
    ],
    # TRUNCATE fires no row trigger.
    "postgresql": ["TRUNCATE accesslog_accessevent CASCADE"],
}
UPSERT = (
    "INSERT INTO accesslog_accessevent (id, at, actor_role, action, what, "
    "object_id, request_id, upstream_request_id, reason) "
    "SELECT id, at, actor_role, action, what, object_id, request_id, "
    "upstream_request_id, reason FROM accesslog_accessevent WHERE true "
    "ON CONFLICT (id) DO UPDATE SET action = 'view', reason = ''"
)


def _rewrites() -> list[str]:
    return [UPSERT, *REWRITES[connection.vendor]]


def test_no_statement_form_rewrites_an_entry(person: Person) -> None:
    events = list(AccessEvent.objects.order_by("id").values_list("id", "action"))
    assert events
    for statement in _rewrites():
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            if connection.vendor == "postgresql":
                # The test's own transaction holds deferred foreign-key checks,
                # which would make TRUNCATE fail for another reason.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(statement)
    assert list(AccessEvent.objects.order_by("id").values_list("id", "action")) == (
        events
    )


def test_the_orm_cannot_delete_entries_either(person: Person) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessEvent.objects.filter(person=person).delete()


def test_the_orm_cannot_update_entries(person: Person) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessEvent.objects.filter(person=person).update(what="something else")


def test_the_guard_is_a_database_trigger(db: None) -> None:
    """The rule lives in the database, not only in the app, on either database."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'accesslog_accessevent'"
            )
            names = {row[0] for row in cursor.fetchall()}
            assert names == {
                "accessevent_no_update",
                "accessevent_no_delete",
                "accessevent_no_replace",
            }
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'accesslog_accessevent'::regclass "
                "AND NOT tgisinternal"
            )
            assert {row[0] for row in cursor.fetchall()} == {
                "accessevent_no_update_delete",
                "accessevent_no_truncate",
            }


def test_inserting_still_works(person: Person) -> None:
    before = AccessEvent.objects.count()
    AccessEvent.objects.create(at=person.created_at, action=Action.VIEW, what="test")
    assert AccessEvent.objects.count() == before + 1


class _Rollback(Exception):
    pass


def test_without_the_triggers_an_update_would_get_through(person: Person) -> None:
    """The tests above can fail: drop the triggers (inside a rolled-back
    transaction) and the same UPDATE succeeds."""
    drop = {
        "sqlite": [
            "DROP TRIGGER accessevent_no_update",
            "DROP TRIGGER accessevent_no_delete",
        ],
        "postgresql": [
            "DROP TRIGGER accessevent_no_update_delete ON accesslog_accessevent"
        ],
    }[connection.vendor]
    with pytest.raises(_Rollback), transaction.atomic():
        with connection.cursor() as cursor:
            for statement in drop:
                cursor.execute(statement)
            cursor.execute("UPDATE accesslog_accessevent SET reason = 'rewritten'")
            assert cursor.rowcount >= 1
        raise _Rollback
    # The rollback put the triggers back.
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE accesslog_accessevent SET reason = 'rewritten'")
