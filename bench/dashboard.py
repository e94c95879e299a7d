"""Time the co-production dashboard and the research export over a year of a
team's assessments (budgets: dashboard median <= 300 ms over 50,000 on SQLite
and <= 1 s over 1,000,000 on PostgreSQL; export of 50,000 <= 10 s).

For each database this makes a fresh data folder (and for PostgreSQL a
throwaway cluster, scripts/with_postgres.py), loads the demo (`coassess demo
--no-serve`, with its own year of 600), then adds synthetic people and a year
of N finished assessments in bulk (`coassess generate --year N`, with a
progress bar). A child process then signs in as the demo team lead through the
real forms (password, then a code) with Django's test client, so each request
runs the whole stack in process, and times:

- the framework floor (/bench/floor/), for the ratios;
- the dashboard for the last twelve months, first view (its summary rows
  already written by the generator; its charts drawn for the first time);
- the same, repeated (charts drawn before are reused; the counting query runs
  every time);
- the dashboard after a record changed (the change's summary rows deleted as
  the access-log trigger does, so each view measures them again);
- the research export of the year as CSV, read to the end.

    python bench/dashboard.py [--only sqlite|postgresql] [--assessments N]
                              [--postgres-assessments N] [--rounds N]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
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
BUDGETS_MS = {"sqlite": 300, "postgresql": 1000}
EXPORT_BUDGET_S = 10


def log(message: str) -> None:
    print(f"[dashboard bench] {message}", file=sys.stderr, flush=True)


def coassess(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "coassess.cli", *args], env=env, check=True, cwd=ROOT
    )


def load(env: dict[str, str], assessments: int) -> float:
    """Demo, people and the year; the seconds the year took to generate."""
    coassess(env, "demo", "--no-serve", "-v", "0")
    people = max(1000, assessments // 5)
    started = time.monotonic()
    coassess(env, "generate", "--people", str(people), "--year", str(assessments))
    return time.monotonic() - started


def child(rounds: int) -> dict[str, Any]:
    """In the child process: sign in as the lead and time each request."""
    sys.path.insert(0, str(ROOT))  # this checkout's coassess, wherever it is installed
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from coassess.accounts.models import User
    from coassess.assessments.models import Assessment
    from coassess.coproduction.models import MeasureSummary
    from coassess.demo.data import demo_code

    client = Client(HTTP_HOST="127.0.0.1")
    client.post("/sign-in/", {"username": "lead", "password": PASSWORD})
    code, _ = demo_code(settings.DEMO_TOTP_SECRET)
    done = client.post("/sign-in/code/", {"code": code})
    assert done.status_code == 302, done.status_code

    def timed(path: str, *, read: bool = False) -> float:
        started = time.perf_counter()
        response = client.get(path)
        if read:
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
        seconds = time.perf_counter() - started
        assert response.status_code == 200, (path, response.status_code)
        return seconds * 1000

    floor = [timed("/bench/floor/") for _ in range(rounds)]
    first = timed("/co-production/dashboard/")
    repeated = [timed("/co-production/dashboard/") for _ in range(rounds)]
    team = User.objects.get(username="lead").membership.team  # type: ignore[union-attr]
    changed = []
    recent = Assessment.objects.filter(team=team).order_by("-started_at")
    for assessment in recent[: max(3, rounds // 3)]:
        MeasureSummary.objects.filter(assessment=assessment).delete()
        changed.append(timed("/co-production/dashboard/"))
    export = [
        timed("/co-production/export/coproduction-measures.csv", read=True)
        for _ in range(3)
    ]
    return {
        "assessments": MeasureSummary.objects.filter(team=team).count(),
        "floor_ms": statistics.median(floor),
        "first_ms": first,
        "median_ms": statistics.median(repeated),
        "p95_ms": sorted(repeated)[int(0.95 * (len(repeated) - 1))],
        "after_change_ms": statistics.median(changed),
        "export_s": statistics.median(export) / 1000,
    }


def bench(
    name: str, env: dict[str, str], assessments: int, rounds: int
) -> dict[str, Any]:
    log(f"{name}: loading the demo and a year of {assessments:,} assessments")
    generated = load(env, assessments)
    log(f"{name}: generated in {generated:.0f} s; timing")
    out = subprocess.run(
        [sys.executable, __file__, "--child", "--rounds", str(rounds)],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    result: dict[str, Any] = json.loads(out.stdout)
    result.update({"database": name, "generate_s": generated})
    return result


def report(r: dict[str, Any]) -> str:
    budget = BUDGETS_MS[r["database"]]
    floor = r["floor_ms"]
    ok = "within" if r["median_ms"] <= budget else "OVER"
    export_ok = "within" if r["export_s"] <= EXPORT_BUDGET_S else "OVER"
    return "\n".join(
        [
            f"{r['database']}: {r['assessments']:,} assessments in the year "
            f"(generated in {r['generate_s']:.0f} s)",
            f"  framework floor           {floor:8.2f} ms",
            f"  dashboard, first view     {r['first_ms']:8.1f} ms  "
            f"({r['first_ms'] / floor:.0f}x floor)",
            f"  dashboard, median         {r['median_ms']:8.1f} ms  "
            f"({r['median_ms'] / floor:.0f}x floor; p95 {r['p95_ms']:.1f} ms; "
            f"budget {budget} ms: {ok})",
            f"  dashboard after a change  {r['after_change_ms']:8.1f} ms  "
            f"({r['after_change_ms'] / floor:.0f}x floor)",
            f"  research export (CSV)     {r['export_s']:8.2f} s   "
            f"(budget {EXPORT_BUDGET_S} s: {export_ok})",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--assessments", type=int, default=50_000)
    parser.add_argument("--postgres-assessments", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.rounds)))
        return 0
    base = {
        **os.environ,
        "COASSESS_ENVIRONMENT": "development",
        "COASSESS_BENCH_FLOOR": "1",
        "COASSESS_DEMO_PASSWORD": PASSWORD,
        "DJANGO_SETTINGS_MODULE": "coassess.config.settings",
        "LOG_LEVEL": "WARNING",
    }
    base.pop("DATABASE_URL", None)
    results = []
    if args.only in (None, "sqlite"):
        env = {**base, "COASSESS_DATA_DIR": tempfile.mkdtemp(prefix="coassess-dash-")}
        results.append(bench("sqlite", env, args.assessments, args.rounds))
    if args.only in (None, "postgresql"):
        path = ROOT / "scripts" / "with_postgres.py"
        spec = importlib.util.spec_from_file_location("with_postgres", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        with module.cluster(durable=True) as url:
            env = {
                **base,
                "DATABASE_URL": url,
                "COASSESS_DATA_DIR": tempfile.mkdtemp(prefix="coassess-dash-"),
            }
            results.append(
                bench("postgresql", env, args.postgres_assessments, args.rounds)
            )
    print("\n\n".join(report(r) for r in results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
