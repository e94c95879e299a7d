"""Profile the whole-assessment page and the decisions page in process.

Loads the benchmark's data (`coassess demo --no-serve`, then `coassess generate`
with 3 assessments of 6 participants and 60 entries, as bench/run.py does,
with fewer people: the pages do not read them) into a fresh SQLite data
folder, or reuses one with `--data DIR`. A child process then signs in as the
demo clinician through the real forms with Django's test client, so each
request runs the whole stack in process, and for the framework floor
(/bench/floor/, anonymous), the whole-assessment page and the decisions page
of the meeting's assessment reports the median and p95 in ms of CPU time, the ratio
to the floor's median, and the queries each request runs. With `--profile`
it also prints the cProfile of the whole-assessment page's requests.

    python bench/assessment_profile.py [--data DIR] [--rounds N] [--profile]
        [--page assessment|decisions] [--sql]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-only-pass"  # noqa: S105 - the demo accounts of a throwaway database


def coassess(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "coassess.cli", *args], env=env, check=True, cwd=ROOT
    )


def load(env: dict[str, str]) -> None:
    coassess(env, "demo", "--no-serve", "-v", "0")
    coassess(
        env,
        "generate",
        "--people",
        "500",
        "--assessments",
        "3",
        "--participants",
        "6",
        "--contributions",
        "60",
        "--open-referrals",
        "200",
        "--seed",
        "1",
    )


def child(args: argparse.Namespace) -> None:
    """In the child process: sign in as the clinician and time each page."""
    sys.path.insert(0, str(ROOT))  # this checkout's coassess
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from coassess.accounts.models import User
    from coassess.accounts.second_factor import authenticator, session_values
    from coassess.assessments.models import Assessment, Contribution, Status

    # Signed in past both steps as the demo clinician, as the tests do (the
    # real code form takes each code once, and a run may follow another).
    client = Client(HTTP_HOST="127.0.0.1")
    clinician = User.objects.get(username="clinician")
    client.force_login(clinician)
    session = client.session
    session.update(session_values(authenticator(clinician)))
    session.save()
    anonymous = Client(HTTP_HOST="127.0.0.1")
    # The meeting's assessment (bench/meeting.py): the team's unsigned
    # assessment with the most current entries, the first made if several.
    team = clinician.membership.team  # type: ignore[union-attr]
    candidates = [
        (Contribution.objects.filter(assessment=a, is_current=True).count(), a)
        for a in Assessment.objects.filter(team=team)
        .exclude(status=Status.SIGNED)
        .order_by("created_at")
    ]
    most = max(n for n, _ in candidates)
    first = next(a for n, a in candidates if n == most)
    pages = {
        "floor": (anonymous, "/bench/floor/"),
        "assessment": (client, f"/assessments/{first.pk}/"),
        "decisions": (client, f"/assessments/{first.pk}/decisions/"),
    }

    def timed(who: Client, path: str) -> float:
        # CPU time of this process: the machine's other work does not count.
        started = time.process_time()
        response = who.get(path)
        seconds = time.process_time() - started
        assert response.status_code == 200, (path, response.status_code)
        return seconds * 1000

    for who, path in pages.values():  # warm up: templates compiled, imports done
        for _ in range(5):
            timed(who, path)
    results: dict[str, dict[str, Any]] = {}
    for name, (who, path) in pages.items():
        seen: list[str] = []
        with connection.execute_wrapper(
            lambda run, sql, *rest, seen=seen: (seen.append(sql), run(sql, *rest))[1]
        ):
            who.get(path)
        if args.sql and name == args.page:
            for sql in seen:
                print(sql[:300])
        times = [timed(who, path) for _ in range(args.rounds)]
        results[name] = {
            "median_ms": statistics.median(times),
            "min_ms": min(times),
            "p95_ms": sorted(times)[int(0.95 * (len(times) - 1))],
            "queries": len(seen),
        }
    floor = results["floor"]["median_ms"]
    for name, r in results.items():
        print(
            f"{name:12} median {r['median_ms']:7.2f} ms  min {r['min_ms']:7.2f} ms  "
            f"p95 {r['p95_ms']:7.2f} ms  "
            f"{r['median_ms'] / floor:6.1f}x floor  {r['queries']:3d} queries"
        )
    if args.profile:
        import cProfile
        import pstats

        who, path = pages[args.page]
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.rounds):
            who.get(path)
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(60)
        stats.sort_stats("tottime").print_stats(40)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="a data folder loaded before (kept)")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sql", action="store_true")
    parser.add_argument(
        "--page", choices=["assessment", "decisions"], default="assessment"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return 0
    env = {
        **os.environ,
        "COASSESS_ENVIRONMENT": "development",
        "COASSESS_BENCH_FLOOR": "1",
        "COASSESS_DEMO_PASSWORD": PASSWORD,
        "DJANGO_SETTINGS_MODULE": "coassess.config.settings",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DEBUG", None)
    data = args.data or tempfile.mkdtemp(prefix="coassess-aprof-")
    env["COASSESS_DATA_DIR"] = data
    if not any(Path(data).glob("*.sqlite3")):
        load(env)
    print(f"data: {data}", file=sys.stderr)
    passed = [a for a in sys.argv[1:] if a not in ("--data", args.data or "")]
    subprocess.run(
        [sys.executable, __file__, "--child", *passed], env=env, check=True, cwd=ROOT
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
