"""The part bench/meeting.py and bench/portal.py share after their arguments:
run each database, print the machine, the tables and the budgets, write the
JSON report, and say whether SQLite's budgets were met (the exit status).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from loadgen import BenchError
from run import REPO, bench_env, each_database, machine

Result = dict[str, Any]


@dataclass(frozen=True)
class Bench:
    """One benchmark: its `name` in messages ("Meeting"), the prefix of its
    work folder, where its report goes, and its own parts: `bench(vendor,
    env, work)` gives one database's result (raising BenchError to stop);
    `show(result)` prints its tables and errors; `budget_table(results)` the
    budgets of every database, each result holding `checks` (dicts with
    `budget` and `met`) and `database`."""

    name: str
    prefix: str
    results: Path
    bench: Callable[[str, dict[str, str], Path], Result]
    show: Callable[[Result], None]
    budget_table: Callable[[list[Result]], str]


def load_average() -> list[str]:
    """The 1, 5 and 15 minute load averages (/proc/loadavg), as written."""
    return Path("/proc/loadavg").read_text().split()[:3]


def run_and_report(bench: Bench, only: str | None, header: dict[str, Any]) -> int:
    """Run `bench` on SQLite and PostgreSQL (or `only` one), print and write
    the report (`header`, e.g. settings and budgets, then when, the machine,
    the load average before and after, each database's result and whether
    SQLite's budgets were met). Returns the exit status: 0 when every SQLite
    budget is met, else 1 (also when the run fails); the work folder, with
    the server logs, is kept when it is not 0."""
    work = Path(tempfile.mkdtemp(prefix=f"coassess-{bench.prefix}-"))
    base_env = bench_env(work)
    report: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "load_average_before": load_average(),
        **header,
        "results": [],
    }
    started = time.monotonic()
    try:
        report["results"] = each_database(
            only, base_env, lambda vendor, env: bench.bench(vendor, env, work)
        )
    except BenchError as exc:
        print(f"\n{bench.name} benchmark failed: {exc}", file=sys.stderr)
        print(f"Server logs kept in {work}", file=sys.stderr)
        return 1
    report["seconds"] = round(time.monotonic() - started)
    report["load_average_after"] = load_average()

    m = report["machine"]
    print(
        f"\nMachine: {m['cpus']} CPUs ({m['cpu_model']}), {m['memory_gb']} GB, "
        f"Python {m['python']}, Django {m['django']}, gunicorn {m['gunicorn']}; "
        f"load average {' '.join(report['load_average_before'])} before, "
        f"{' '.join(report['load_average_after'])} after.\n"
    )
    for result in report["results"]:
        bench.show(result)
    print("Budgets (SQLite's decide the exit status):\n")
    print(bench.budget_table(report["results"]) + "\n")

    sqlite = [r for r in report["results"] if r["database"] == "sqlite"]
    failed = [c["budget"] for r in sqlite for c in r["checks"] if not c["met"]]
    report["sqlite_budgets_met"] = not failed if sqlite else None
    bench.results.parent.mkdir(parents=True, exist_ok=True)
    bench.results.write_text(json.dumps(report, indent=2) + "\n")
    print(
        f"Written to {bench.results.relative_to(REPO)} ({report['seconds']} s in all)."
    )
    if failed:
        print(f"SQLite budgets NOT met: {'; '.join(failed)}", file=sys.stderr)
        print(f"Server logs kept in {work}", file=sys.stderr)
        return 1
    shutil.rmtree(work, ignore_errors=True)
    return 0
