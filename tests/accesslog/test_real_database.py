"""The log in a real database, as it is upgraded and used.

The migrations that made grants append-only and chained the log run on a
database that already has a log, as a real upgrade would: the events written
before are chained in id order (gaps in their ids and all) and each review kept
on a grant becomes a review row. Then several processes log at once and the
chain stays whole; `coassess verify-log` says so, and reports an event changed
by hand and exits 1.

It runs `coassess` and workers (tests/accesslog/log_worker.py) in processes of
their own against a throwaway database (tests/realdb.py), on whichever
database the suite runs on.
"""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from coassess.accesslog.triggers import EVENTS
from tests.realdb import RealDatabase, real_database, run, run_ok

WORKER = "tests.accesslog.log_worker"
BEFORE = "0003_upstream_request_id"  # the log before reviews were rows and chained
EVENT_COLUMNS = (
    "at, actor_role, action, what, object_id, request_id, upstream_request_id"
)


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RealDatabase]:
    """A database with a log written before 0004, migrated to the latest, and
    then three events written by the app."""
    with real_database(tmp_path_factory.mktemp("upgrade")) as db:
        migrate = ["coassess.cli", "migrate", "--verbosity", "0"]
        run_ok(migrate, db.env, timeout=120)
        run_ok([WORKER, "setup"], db.env)
        run_ok([*migrate, "accesslog", BEFORE], db.env, timeout=120)
        write_the_old_way(db)
        run_ok(migrate, db.env, timeout=120)
        run_ok([WORKER, "log", "3"], db.env)
        yield db


def write_the_old_way(db: RealDatabase) -> None:
    """More events, with a gap in their ids as a sequence leaves; a grant
    reviewed in place and one not reviewed, as the app used to write them."""
    (last,) = db.query("SELECT max(id) FROM accesslog_accessevent")[0]
    db.execute(
        f"INSERT INTO accesslog_accessevent (id, {EVENT_COLUMNS}, reason) "  # noqa: S608
        f"SELECT id + %s, {EVENT_COLUMNS}, 'written before the chain' "
        "FROM accesslog_accessevent",
        (last + 7,),
    )
    for note, reviewed in [("Reviewed in place", True), ("", False)]:
        db.execute(
            "INSERT INTO accesslog_breakglassgrant (id, created_at, reason, "
            "granted_at, expires_at, person_id, team_id, user_id, reviewed_at, "
            "reviewed_by_id, review_note) SELECT %s, created_at, reason, "
            "granted_at, expires_at, person_id, team_id, user_id, "
            f"{'reviewed_at, reviewed_by_id' if reviewed else 'NULL, NULL'}, %s "
            "FROM accesslog_breakglassgrant WHERE review_note = 'Fine'",
            (uuid.uuid4(), note),
        )


def test_the_events_written_before_are_chained_in_id_order(
    upgraded: RealDatabase,
) -> None:
    ids = sorted(
        row[0] for row in upgraded.query("SELECT id FROM accesslog_accessevent")
    )
    old, new = ids[:-3], ids[-3:]
    assert len(old) == 6  # a person registered, a grant, a review; and copies
    assert old != list(range(old[0], old[0] + len(old))), "a gap, as sequences leave"
    assert new == [old[-1] + 1, old[-1] + 2, old[-1] + 3]
    out = run_ok(["coassess.cli", "verify-log"], upgraded.env)
    assert f"The access log is whole: {len(ids)} events checked." in out


def test_each_review_kept_on_a_grant_is_now_a_row(upgraded: RealDatabase) -> None:
    reviews = upgraded.query(
        "SELECT g.reason, r.note FROM accesslog_grantreview r "
        "JOIN accesslog_breakglassgrant g ON g.id = r.grant_id ORDER BY r.note"
    )
    assert reviews == [("In ED", "Fine"), ("In ED", "Reviewed in place")]
    assert upgraded.query("SELECT count(*) FROM accesslog_breakglassgrant") == [(3,)]
    columns = upgraded.query(
        "SELECT * FROM accesslog_breakglassgrant WHERE reason = 'In ED'"
    )
    assert len(columns[0]) == 8  # no review columns left on the grant


def test_grants_and_reviews_refuse_changes_after_the_upgrade(
    upgraded: RealDatabase,
) -> None:
    for statement in (
        "UPDATE accesslog_breakglassgrant SET reason = 'rewritten'",
        "DELETE FROM accesslog_grantreview",
    ):
        with pytest.raises(Exception, match="append-only"):
            upgraded.execute(statement)


WRITERS, EACH = 8, 40


def test_writers_logging_at_once_make_one_unbroken_chain(
    upgraded: RealDatabase, tmp_path: Path
) -> None:
    """Without the chain's lock on PostgreSQL, writers read the same last event
    and all but one of them fail on the id they both chose."""
    (before,) = upgraded.query("SELECT count(*) FROM accesslog_accessevent")[0]
    ready, go = tmp_path / "ready", tmp_path / "go"
    ready.mkdir()
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", WORKER, "log", str(EACH), str(ready), str(go)],
            env=upgraded.env,
            cwd=settings.BASE_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(WRITERS)
    ]
    deadline = time.monotonic() + 120
    while len(list(ready.iterdir())) < WRITERS and time.monotonic() < deadline:
        time.sleep(0.02)
    go.touch()
    errors = [w.communicate(timeout=180)[1] for w in workers]
    assert [w.returncode for w in workers] == [0] * WRITERS, errors
    out = run_ok(["coassess.cli", "verify-log"], upgraded.env)
    assert f"whole: {before + WRITERS * EACH} events checked" in out


def test_a_change_by_hand_is_reported_and_exits_1(upgraded: RealDatabase) -> None:
    (target, reason) = upgraded.query(
        "SELECT id, reason FROM accesslog_accessevent WHERE reason = %s "
        "ORDER BY id LIMIT 1",
        ("written before the chain",),
    )[0]
    change = "UPDATE accesslog_accessevent SET reason = %s WHERE id = %s"
    for statement in EVENTS.drop[upgraded.vendor]:
        upgraded.execute(statement)
    try:
        upgraded.execute(change, ("rewritten", target))
        done = run(["coassess.cli", "verify-log"], upgraded.env)
    finally:  # as it was, for any test after this one
        upgraded.execute(change, (reason, target))
        for statement in EVENTS.create[upgraded.vendor]:
            upgraded.execute(statement)
    assert done.returncode == 1
    assert f"The access log is broken at event {target}: it was changed" in (
        done.stderr
    )
