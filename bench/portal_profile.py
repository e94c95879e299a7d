"""Where the portal's read pages spend their time, in one process.

Not part of `make bench`: a tool for finding what to make cheaper. It loads
the demo data into a fresh SQLite data folder (`coassess demo --no-serve`,
then bench/portal.py's set-up: Sam Reid's assessment, every part shared with
Maggie, a code each), signs in as Sam and as Maggie through the portal's real
sign-in form with Django's test client, and then, for each page (home, record,
copy; person and supporter), times `--requests` GETs after a warm-up, counts
the queries of one request, and, with `--profile`, prints cProfile's top
functions by cumulative time.

    python bench/portal_profile.py [--requests N] [--profile] [--keep DIR]
                                   [--queries]

With `--keep DIR` the data folder is kept in DIR (made once, reused after).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from portal import ANSWER, CHECKS, SETUP_SCRIPT
from run import REPO, bench_env, coassess, run

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def prepare(work: Path) -> dict[str, Any]:
    """The demo data and the set-up in `work` (once); the set-up's answer."""
    env = bench_env(work)
    done = work / "setup.json"
    if not done.exists():
        run(coassess("demo", "--no-serve"), env)
        asked = {"answer": ANSWER, "person": 1, "supporter": 1}
        done.write_text(
            run([sys.executable, "-c", SETUP_SCRIPT, json.dumps(asked)], env)
        )
    os.environ.update(env)
    return dict(json.loads(done.read_text()))


def signed_in(code: str) -> Any:
    """A test client signed in through the real form with `code`."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", enforce_csrf_checks=True)
    page = client.get("/my/")
    found = CSRF.search(page.content.decode())
    assert found, page.status_code
    done = client.post(
        "/my/",
        {"code": code, "answer": ANSWER, "csrfmiddlewaretoken": found.group(1)},
    )
    assert done.status_code == 302 and done["Location"] == "/my/record/", done
    return client


def measure(
    client: Any, kind: str, path: str, n: int, profile: bool, queries: bool
) -> None:
    from django.db import connection

    for _ in range(5):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        if kind in CHECKS:
            assert not CHECKS[kind](response.content), CHECKS[kind](response.content)
    # Counted as they run (the test client's request_started empties
    # connection.queries, so CaptureQueriesContext would see none).
    captured: list[tuple[float, str]] = []

    def counting(execute: Any, sql: str, *rest: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, *rest)
        finally:
            captured.append(((time.perf_counter() - started) * 1000, sql))

    with connection.execute_wrapper(counting):
        client.get(path)
    times, cpu = [], []
    profiler = cProfile.Profile() if profile else None
    for _ in range(n):
        started, started_cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        client.get(path)
        if profiler:
            profiler.disable()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    times.sort()
    # CPU time is what this process spent, less moved by other engineers'
    # work on the same CPUs than the wall clock is.
    print(
        f"{kind:18} median {statistics.median(times):6.1f} ms  "
        f"p95 {times[int(0.95 * len(times)) - 1]:6.1f} ms  "
        f"CPU median {statistics.median(cpu):6.1f} ms, least {min(cpu):5.1f} ms  "
        f"{len(captured):3d} queries ({sum(t for t, _ in captured):.1f} ms)  "
        f"{len(response.content) / 1024:.0f} KB"
    )
    if queries:
        for took, sql in captured:
            print(f"    {took:5.2f}  {sql[:160]}")
    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats("coassess", 60)
        stats.sort_stats("tottime").print_stats(30)
        print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--queries", action="store_true")
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--only", help="a page kind, e.g. person_record")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="coassess-portal-profile-"))
    work.mkdir(parents=True, exist_ok=True)
    setup = prepare(work)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coassess.config.settings")
    sys.path.insert(0, str(REPO))  # this worktree's package, not the venv's
    import django

    django.setup()
    record = f"/my/record/{setup['assessment']}/"
    if not args.only:
        from django.test import Client

        measure(
            Client(HTTP_HOST="127.0.0.1"),
            "floor",
            "/bench/floor/",
            args.requests,
            False,
            False,
        )
    for who, code in (
        ("person", setup["person_codes"][0]),
        ("supporter", setup["supporter_codes"][0]),
    ):
        client = signed_in(code)
        for page, path in (
            ("home", "/my/record/"),
            ("record", record),
            ("copy", f"{record}plan/"),
        ):
            kind = f"{who}_{page}"
            if args.only and args.only != kind:
                continue
            measure(client, kind, path, args.requests, args.profile, args.queries)


if __name__ == "__main__":
    main()
