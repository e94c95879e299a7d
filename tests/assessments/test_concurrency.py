"""Issue 3: twenty writers saving versions of the same contribution at once.

Every write is either stored as a version or rejected with a conflict that
shows the version that won; none is lost or silently overwritten, and no
"database is locked" error reaches a user. Runs on whichever database the suite
runs on (`make test-sqlite`, `make test-postgres`).

The writers are separate processes (tests/assessments/concurrency_worker.py),
so they need a real database that every connection sees. The pytest-django test
database cannot be that (each test is a transaction that is rolled back), so
this module derives a throwaway one: a temporary SQLite file, or a fresh
database on the same PostgreSQL server, migrated with `coassess migrate` and
dropped afterwards.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

WRITERS = 20
WORKER = "tests.assessments.concurrency_worker"
# Seconds after which a worker still running exits by itself. Generous, because
# twenty Django start-ups on a busy two-core machine can take half a minute.
WORKER_DEADLINE = 120
REVISED = "contribution (account) revised"


@dataclass
class RealDatabase:
    """A migrated database other processes can share, and how to reach it."""

    vendor: str
    url: str
    env: dict[str, str]
    root: Path
    ids: dict[str, Any] = field(default_factory=dict)
    sqlite_path: Path | None = None
    pg_params: dict[str, Any] = field(default_factory=dict)

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Read with a plain DB-API connection, independent of the code under test."""
        if self.vendor == "sqlite":
            assert self.sqlite_path is not None
            # SQLite stores UUIDs as 32 hex digits.
            params = tuple(p.hex if isinstance(p, uuid.UUID) else p for p in params)
            with closing(sqlite3.connect(self.sqlite_path, timeout=20)) as db:
                return db.execute(sql.replace("%s", "?"), params).fetchall()
        import psycopg

        with psycopg.connect(**self.pg_params) as db:
            return db.execute(sql, params).fetchall()


def _run(args: list[str], env: dict[str, str], timeout: float = 60) -> str:
    done = subprocess.run(
        [sys.executable, "-m", *args],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, (
        f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    )
    return done.stdout


@pytest.fixture(scope="module")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RealDatabase]:
    root = tmp_path_factory.mktemp("concurrency")
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
        yield from _migrated(db)
        return
    assert vendor == "postgresql", f"no concurrency test written for {vendor}"
    yield from _fresh_postgres_database(root, env)


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
    name = f"coassess_conc_{secrets.token_hex(6)}"
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
        yield from _migrated(db)
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


def _migrated(db: RealDatabase) -> Iterator[RealDatabase]:
    _run(["coassess.cli", "migrate", "--verbosity", "0"], db.env, timeout=120)
    out = _run([WORKER, "setup", "--contributions", "2"], db.env)
    db.ids = json.loads(out.strip().splitlines()[-1])
    yield db


def _race(
    db: RealDatabase, name: str, base: str, extra: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """Start the writers, wait until all are ready, release them together, collect."""
    run = db.root / name
    ready = run / "ready"
    ready.mkdir(parents=True)
    go = run / "go"
    procs: list[tuple[subprocess.Popen[bytes], Path, Path]] = []
    try:
        for n in range(1, WRITERS + 1):
            out, err = run / f"{n}.out", run / f"{n}.err"
            with out.open("wb") as stdout, err.open("wb") as stderr:
                proc = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        WORKER,
                        "--deadline",
                        str(WORKER_DEADLINE),
                        "write",
                        "--base",
                        base,
                        "--text",
                        f"writer {n}",
                        "--ready",
                        str(ready),
                        "--go",
                        str(go),
                        *extra,
                    ],
                    env=db.env,
                    cwd=settings.BASE_DIR,
                    stdout=stdout,
                    stderr=stderr,
                )
            procs.append((proc, out, err))
        limit = time.monotonic() + WORKER_DEADLINE * 0.8
        while len(list(ready.iterdir())) < WRITERS:
            early = [p for p, *_ in procs if p.poll() is not None]
            if early or time.monotonic() > limit:
                break
            time.sleep(0.02)
        go.touch()  # the barrier: every ready writer starts now
        for proc, *_ in procs:
            proc.wait(timeout=WORKER_DEADLINE + 10)
    finally:
        for proc, *_ in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    results: list[dict[str, Any]] = []
    for proc, out, err in procs:
        answer, complaint = out.read_text(), err.read_text()
        assert "database is locked" not in answer + complaint, complaint
        lines = answer.strip().splitlines()
        try:
            result = json.loads(lines[-1])
        except (IndexError, json.JSONDecodeError):
            result = {"result": "error", "message": f"no answer: {complaint[-2000:]}"}
        result["exit"] = proc.returncode
        result["stderr"] = complaint[-2000:]
        results.append(result)
    return results


def _lineage(db: RealDatabase, contribution: str) -> list[dict[str, Any]]:
    rows = db.query(
        "SELECT id, version_number, is_current, text, supersedes_id "
        "FROM assessments_contribution WHERE lineage = "
        "(SELECT lineage FROM assessments_contribution WHERE id = %s) "
        "ORDER BY version_number",
        (uuid.UUID(contribution),),
    )
    return [
        {
            "id": str(uuid.UUID(str(row[0]))),
            "version_number": row[1],
            "is_current": bool(row[2]),
            "text": row[3],
            "supersedes": str(uuid.UUID(str(row[4]))) if row[4] else None,
        }
        for row in rows
    ]


def _logged(db: RealDatabase, ids: list[str]) -> int:
    rows = db.query(
        "SELECT object_id FROM accesslog_accessevent WHERE what = %s", (REVISED,)
    )
    return sum(1 for (object_id,) in rows if object_id in ids)


def _errors(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in results if r["result"] == "error" or r["exit"] != 0]


def test_writers_from_the_same_version_one_wins_the_rest_see_it(
    real_db: RealDatabase,
) -> None:
    base = real_db.ids["contributions"][0]
    results = _race(real_db, "same-base", base)

    assert _errors(results) == []
    saved = [r for r in results if r["result"] == "saved"]
    conflicts = [r for r in results if r["result"] == "conflict"]
    assert (len(saved), len(conflicts)) == (1, WRITERS - 1)

    versions = _lineage(real_db, base)
    assert len(versions) == 2
    original, current = versions
    assert [v["is_current"] for v in versions] == [False, True]
    assert current["id"] == saved[0]["id"]
    assert current["supersedes"] == original["id"] == base
    winner = current["text"]
    assert winner.startswith("writer ")
    # Each loser was shown the winner's words, not a stale or missing version.
    assert {c["current_text"] for c in conflicts} == {winner}
    assert {c["current_id"] for c in conflicts} == {current["id"]}
    assert _logged(real_db, [current["id"]]) == 1


def test_writers_who_retry_on_conflict_all_keep_their_words(
    real_db: RealDatabase,
) -> None:
    base = real_db.ids["contributions"][1]
    results = _race(real_db, "everyone", base, ("--retry", "--max-tries", "50"))

    assert _errors(results) == []
    assert [r["result"] for r in results] == ["saved"] * WRITERS

    versions = _lineage(real_db, base)
    assert len(versions) == WRITERS + 1
    assert [v["version_number"] for v in versions] == list(range(1, WRITERS + 2))
    assert sum(v["is_current"] for v in versions) == 1
    assert versions[-1]["is_current"]
    # One unbroken chain: each version supersedes the one before it.
    assert [v["supersedes"] for v in versions] == [
        None,
        *(v["id"] for v in versions[:-1]),
    ]
    texts = [v["text"] for v in versions[1:]]
    assert sorted(texts) == sorted(f"writer {n}" for n in range(1, WRITERS + 1))
    saved_ids = {r["id"] for r in results}
    assert saved_ids == {v["id"] for v in versions[1:]}
    assert _logged(real_db, list(saved_ids)) == WRITERS
    # They really did collide: some writer had to try more than once.
    assert max(r["tries"] for r in results) > 1
