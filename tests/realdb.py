"""A real database that other processes can share, for tests that run workers
or `coassess` commands in processes of their own.

The pytest-django test database cannot be shared (each test is a transaction
that is rolled back), so `real_database` makes a throwaway one: a temporary
SQLite file, or a fresh database on the same PostgreSQL server as the suite's,
dropped afterwards. It is not migrated: `run(["coassess.cli", "migrate"], ...)`.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db import connection


@dataclass
class RealDatabase:
    """A database other processes can share, and how to reach it."""

    vendor: str
    url: str
    env: dict[str, str]
    root: Path
    ids: dict[str, Any] = field(default_factory=dict)
    sqlite_path: Path | None = None
    pg_params: dict[str, Any] = field(default_factory=dict)

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Read with a plain DB-API connection, independent of the code under test."""
        return self._run(sql, params, commit=False)

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> None:
        """Write with a plain DB-API connection, and commit."""
        self._run(sql, params, commit=True)

    def _run(
        self, sql: str, params: tuple[Any, ...], *, commit: bool
    ) -> list[tuple[Any, ...]]:
        if self.vendor == "sqlite":
            assert self.sqlite_path is not None
            # SQLite stores UUIDs as 32 hex digits.
            params = tuple(p.hex if isinstance(p, uuid.UUID) else p for p in params)
            with closing(sqlite3.connect(self.sqlite_path, timeout=20)) as db:
                rows = db.execute(sql.replace("%s", "?"), params).fetchall()
                if commit:
                    db.commit()
                return rows
        import psycopg

        with psycopg.connect(**self.pg_params) as db:  # commits on leaving
            cursor = db.execute(sql, params)
            return cursor.fetchall() if cursor.description else []


def run(
    args: list[str], env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """`python -m <args>` against the database `env` names."""
    return subprocess.run(
        [sys.executable, "-m", *args],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def run_ok(args: list[str], env: dict[str, str], timeout: float = 60) -> str:
    """`run`, which must succeed: its output."""
    done = run(args, env, timeout)
    assert done.returncode == 0, (
        f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    )
    return done.stdout


@contextmanager
def real_database(root: Path) -> Iterator[RealDatabase]:
    """An empty database on the suite's own kind of server, in `root`."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coassess.config.settings",
        "COASSESS_DATA_DIR": str(root / "data"),
        "LOG_LEVEL": "WARNING",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    vendor = connection.vendor
    if vendor == "sqlite":
        path = root / "db.sqlite3"
        url = f"sqlite:///{path}"
        db = RealDatabase(vendor, url, {**env, "DATABASE_URL": url}, root)
        db.sqlite_path = path
        yield db
        return
    assert vendor == "postgresql", f"no real database written for {vendor}"
    with _fresh_postgres_database(root, env) as db:
        yield db


@contextmanager
def _fresh_postgres_database(root: Path, env: dict[str, str]) -> Iterator[RealDatabase]:
    import psycopg
    from psycopg import sql

    server = settings.DATABASES["default"]
    params: dict[str, Any] = {
        "host": server["HOST"] or "127.0.0.1",
        "port": int(server["PORT"] or 5432),
        "user": server["USER"],
        "password": server["PASSWORD"] or None,
        "connect_timeout": 10,
    }
    name = f"coassess_real_{secrets.token_hex(6)}"
    with psycopg.connect(**params, dbname="postgres", autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    password = f":{quote(params['password'], safe='')}" if params["password"] else ""
    url = (
        f"postgres://{quote(params['user'], safe='')}{password}"
        f"@{params['host']}:{params['port']}/{name}"
    )
    db = RealDatabase("postgresql", url, {**env, "DATABASE_URL": url}, root)
    db.pg_params = {**params, "dbname": name}
    try:
        yield db
    finally:
        with psycopg.connect(**params, dbname="postgres", autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
            # PostgreSQL 13 and later also end any connection that slipped in.
            force = " WITH (FORCE)" if admin.info.server_version >= 130000 else ""
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {}" + force).format(
                    sql.Identifier(name)
                )
            )
