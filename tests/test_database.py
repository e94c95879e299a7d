"""The suite runs on the database it was asked to: `make test` runs it on both."""

from __future__ import annotations

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_it_runs_on_the_database_asked_for() -> None:
    expected = os.environ.get("EXPECT_DB_VENDOR", "sqlite")
    assert connection.vendor == expected


@pytest.mark.django_db
def test_the_database_is_set_up_for_many_writers() -> None:
    if connection.vendor == "postgresql":
        # Several app servers share PostgreSQL; connections are reused and checked.
        assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
        assert connection.settings_dict["CONN_MAX_AGE"] > 0
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in connection.settings_dict["OPTIONS"]["init_command"]
