"""People recorded before issue 12 keep their whole date of birth, and their
names get the new keys, when the database is migrated (and back again).

Migrations change the schema, so this runs outside the usual per-test
transaction. It is not a `transaction=True` test either: that empties every
table afterwards with TRUNCATE, which the append-only access log refuses on
PostgreSQL. It removes its own rows and leaves the schema at the newest
migration instead."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("people", "0002_person_nhs_number_index")]
AFTER = [("people", "0005_person_drop_date_of_birth")]


def test_a_whole_date_of_birth_and_keys_survive_the_migration(
    django_db_setup: None, django_db_blocker: Any
) -> None:
    with django_db_blocker.unblock():
        try:
            _migrate_there_and_back()
        finally:
            executor = MigrationExecutor(connection)
            executor.migrate(executor.loader.graph.leaf_nodes())
            new = executor.loader.project_state(AFTER).apps
            new.get_model("people", "Person").objects.filter(
                given_name="D’Arcy"
            ).delete()
            new.get_model("accounts", "User").objects.filter(username="u").delete()
            new.get_model("accounts", "Team").objects.filter(name="T").delete()


def _migrate_there_and_back() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    team = old.get_model("accounts", "Team").objects.create(name="T", site="S")
    user = old.get_model("accounts", "User").objects.create(username="u")
    old.get_model("people", "Person").objects.create(
        given_name="D’Arcy",
        family_name="O’Brien",
        date_of_birth=dt.date(1991, 4, 12),
        family_name_key="o’brien",
        registered_by_team=team,
        registered_by=user,
    )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    person = new.get_model("people", "Person").objects.get()
    assert (person.birth_year, person.birth_month, person.birth_day) == (1991, 4, 12)
    assert person.born_from == person.born_to == dt.date(1991, 4, 12)
    assert (person.given_name_key, person.family_name_key) == ("darcy", "obrien")
    assert person.estimated_age is None
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    back = executor.loader.project_state(BEFORE).apps
    assert back.get_model("people", "Person").objects.get().date_of_birth == dt.date(
        1991, 4, 12
    )
