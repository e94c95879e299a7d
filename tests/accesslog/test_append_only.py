"""The audit tables cannot be rewritten, even by SQL typed into the app's own
connection: the access log, break-glass grants and their reviews, and the
changes to staff accounts."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.backends.utils import CursorWrapper

from coassess.accesslog import services
from coassess.accesslog.models import AccessEvent, Action, GrantReview
from coassess.accesslog.triggers import TRIGGER_SETS
from coassess.accounts.models import User
from coassess.accounts.triggers import ACCOUNT_EVENTS
from coassess.people.access import break_glass
from coassess.people.models import Person

# Each audit table, a text column a rewrite would change, and its refusal.
TABLES = {
    "accesslog_accessevent": ("reason", "the access log is append-only"),
    "accesslog_breakglassgrant": ("reason", "break-glass grants are append-only"),
    "accesslog_grantreview": ("note", "break-glass reviews are append-only"),
    "accounts_accountevent": ("reason", "account changes are append-only"),
}
# Every set guarding those tables (the accounts app guards its own).
AUDIT_TRIGGER_SETS = (*TRIGGER_SETS, ACCOUNT_EVENTS)


@pytest.fixture
def audited(users: dict[str, User], make_person: Any) -> GrantReview:
    """A row in every audit table: events, a grant, and its review (and the
    account changes that made the users)."""
    stranger = make_person(actor=users["outsider"], nhs_number="")
    grant = break_glass(user=users["clinician"], person=stranger, reason="In ED")
    return services.review_grant(reviewer=users["lead"], grant=grant, note="Fine")


def snapshot(table: str) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} ORDER BY id")
        return cursor.fetchall()


def rewrites(table: str) -> list[str]:
    """Every statement form that would rewrite `table`'s rows, on this database."""
    column = TABLES[table][0]
    with connection.cursor() as cursor:
        columns = [
            c.name
            for c in connection.introspection.get_table_description(cursor, table)
        ]
    names = ", ".join(columns)
    changed = ", ".join("'rewritten'" if c == column else c for c in columns)
    copy = f"SELECT {changed} FROM {table}"
    # SQLite reads ON after a bare SELECT as a join: WHERE true ends the SELECT.
    upsert = (
        f"INSERT INTO {table} ({names}) SELECT {names} FROM {table} WHERE true "
        f"ON CONFLICT (id) DO UPDATE SET {column} = 'rewritten'"
    )
    common = [
        f"UPDATE {table} SET {column} = 'rewritten'",
        f"DELETE FROM {table}",
        upsert,
    ]
    if connection.vendor == "sqlite":
        # Issue 10: REPLACE's implicit delete fires no DELETE trigger on SQLite,
        # so a break-glass event could be replaced by a plain view.
        return [
            *common,
            f"INSERT OR REPLACE INTO {table} ({names}) {copy}",
            f"REPLACE INTO {table} ({names}) {copy}",
            f"UPDATE OR REPLACE {table} SET {column} = 'rewritten'",
        ]
    return [
        *common,
        f"TRUNCATE {table} CASCADE",  # fires no row trigger
        f"MERGE INTO {table} AS t USING {table} AS s ON t.id = s.id "
        f"WHEN MATCHED THEN UPDATE SET {column} = 'rewritten'",
        f"MERGE INTO {table} AS t USING {table} AS s ON t.id = s.id "
        "WHEN MATCHED THEN DELETE",
    ]


def checks_now(cursor: CursorWrapper) -> None:
    """Run the foreign-key checks the test's own transaction has deferred so
    far (pending ones would make TRUNCATE fail for another reason), and defer
    those to come, as Django's constraints always are."""
    if connection.vendor == "postgresql":
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def test_it_logs_the_creation_of_a_person(person: Person) -> None:
    assert AccessEvent.objects.filter(person=person, action=Action.CREATE).count() == 1


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("verb", ["UPDATE", "DELETE"])
def test_it_refuses_to_change_or_delete_entries(
    audited: GrantReview, table: str, verb: str
) -> None:
    column, refusal = TABLES[table]
    statement = {
        "UPDATE": f"UPDATE {table} SET {column} = 'rewritten'",
        "DELETE": f"DELETE FROM {table}",
    }[verb]
    before = snapshot(table)
    assert before
    with (
        pytest.raises(DatabaseError, match=refusal),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert snapshot(table) == before


@pytest.mark.parametrize("table", TABLES)
def test_no_statement_form_rewrites_an_entry(audited: GrantReview, table: str) -> None:
    before = snapshot(table)
    assert before
    for statement in rewrites(table):
        with (
            pytest.raises(DatabaseError, match=TABLES[table][1]),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            checks_now(cursor)
            cursor.execute(statement)
    assert snapshot(table) == before


def test_the_orm_cannot_delete_entries_either(audited: GrantReview) -> None:
    # (A grant with a review is also protected by its review's foreign key.)
    for rows in (AccessEvent.objects.all(), GrantReview.objects.all()):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            rows.delete()


def test_the_orm_cannot_update_entries(audited: GrantReview) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessEvent.objects.all().update(what="something else")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        type(audited.grant).objects.all().update(reason="something else")
    audited.note = "Changed my mind"
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        audited.save()


EXPECTED_TRIGGERS = {
    "sqlite": {
        f"{prefix}_{guard}"
        for prefix in ("accessevent", "breakglassgrant", "grantreview", "accountevent")
        for guard in ("no_update", "no_delete", "no_replace")
    },
    "postgresql": {
        f"{prefix}_{guard}"
        for prefix in ("accessevent", "breakglassgrant", "grantreview", "accountevent")
        for guard in ("no_update_delete", "no_truncate")
    },
}


def installed_triggers() -> set[str]:
    tables = ", ".join(f"'{table}'" for table in TABLES)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                f"AND tbl_name IN ({tables})"
            )
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal "
                f"AND tgrelid::regclass::text IN ({tables})"
            )
        return {row[0] for row in cursor.fetchall()}


def guards() -> set[str]:
    """The triggers on the audit tables, less other apps' registered sets that
    are not guards (the co-production summary's, which follows the log)."""
    from coassess.core import triggers

    others = {
        name
        for s in triggers.trigger_sets()
        if s not in AUDIT_TRIGGER_SETS
        for name in s.names[connection.vendor]
    }
    return installed_triggers() - others


def test_the_guard_is_a_database_trigger(db: None) -> None:
    """The rule lives in the database, not only in the app, on either database.
    Other apps' triggers on these tables (the co-production summary's, which
    follows the log) are registered sets of their own, not guards."""
    assert guards() == EXPECTED_TRIGGERS[connection.vendor]


def test_inserting_still_works(person: Person) -> None:
    before = AccessEvent.objects.count()
    services.record_access(None, person, Action.VIEW, "test")
    assert AccessEvent.objects.count() == before + 1


class _Rollback(Exception):
    pass


@pytest.mark.parametrize("table", TABLES)
def test_without_the_triggers_every_statement_form_would_get_through(
    audited: GrantReview, table: str
) -> None:
    """The tests above can fail: drop the triggers (inside a rolled-back
    transaction) and each of the same statements rewrites the table."""
    with pytest.raises(_Rollback), transaction.atomic():
        with connection.cursor() as cursor:
            checks_now(cursor)
            for trigger_set in AUDIT_TRIGGER_SETS:
                trigger_set.remove_with(connection.vendor, cursor.execute)
        for statement in rewrites(table):
            with pytest.raises(_Rollback), transaction.atomic():
                before = snapshot(table)
                with connection.cursor() as cursor:
                    cursor.execute(statement)
                assert snapshot(table) != before, statement
                raise _Rollback
        raise _Rollback
    # The rollback put the triggers back.
    assert guards() == EXPECTED_TRIGGERS[connection.vendor]
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {table} SET {TABLES[table][0]} = 'rewritten'")
