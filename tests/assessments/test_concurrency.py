"""Issue 3: twenty writers saving versions of the same contribution at once.

Every write is either stored as a version or rejected with a conflict that
shows the version that won; none is lost or silently overwritten, and no
"database is locked" error reaches a user. Runs on whichever database the suite
runs on (`make test-sqlite`, `make test-postgres`).

The writers are separate processes (tests/assessments/concurrency_worker.py),
so they need a real database that every connection sees: a throwaway one
(tests/realdb.py), migrated with `coassess migrate` and dropped afterwards.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from tests.realdb import RealDatabase, real_database, run_ok

WRITERS = 20
WORKER = "tests.assessments.concurrency_worker"
# Seconds after which a worker still running exits by itself. Generous, because
# twenty Django start-ups on a busy two-core machine can take half a minute.
WORKER_DEADLINE = 120
REVISED = "contribution (account) revised"


@pytest.fixture(scope="module")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RealDatabase]:
    with real_database(tmp_path_factory.mktemp("concurrency")) as db:
        run_ok(["coassess.cli", "migrate", "--verbosity", "0"], db.env, timeout=120)
        out = run_ok([WORKER, "setup", "--contributions", "2"], db.env)
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
    # Twenty writers saving at once leave one unbroken hash chain in the log.
    checked = run_ok(["coassess.cli", "verify-log"], real_db.env)
    assert "The access log is whole" in checked
