"""`make bench`: pages against the framework floor, on SQLite and on PostgreSQL.

For each database this sets up a fresh data folder, loads the demo team and
10,000 synthetic people (`coassess demo --no-serve`, `coassess generate`),
starts the app as in production (`coassess serve`: gunicorn, DEBUG off) on a
free port on 127.0.0.1, signs in as the demo clinician through the real form,
and then, in the same run:

1. warms up every page and checks each answers 200 with the right content;
2. times sequential requests, the scenarios interleaved round by round
   (median and p95);
3. runs concurrent clients against each scenario in turn (requests/s).

The framework floor is /bench/floor/ (coassess.core.floor): a bare view that
reads one row, through the same middleware, asked for without a session. Each
page's figures are also given as a ratio to the floor's from the same run.

Results are printed and written to var/bench/latest.json. See docs/benchmarks.md.

    python bench/run.py [--only sqlite|postgresql] [--people N] [--rounds N]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.util
import itertools
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlencode

from loadgen import (
    BenchError,
    Connection,
    Scenario,
    measure_latency,
    measure_throughput,
    sign_in,
    summary,
    warm_up,
)

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "var" / "bench" / "latest.json"
PASSWORD = "bench-only-password-not-secret"  # noqa: S105 - throwaway demo accounts
SEED = 1
SAMPLES = 200

# Printed by a child process on the database under test: people to search for,
# and what the database is.
SAMPLE_SCRIPT = """
import json, os, sqlite3
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coassess.config.settings")
django.setup()
from django.db import connection
from coassess.people.models import Person

people = Person.objects.exclude(nhs_number="").order_by("nhs_number")
total = Person.objects.count()
step = max(1, people.count() // {samples})
picked = list(people.values_list("family_name", "date_of_birth", "nhs_number")[::step])
with connection.cursor() as cursor:
    if connection.vendor == "postgresql":
        cursor.execute("SHOW server_version")
    else:
        cursor.execute("SELECT sqlite_version()")
    version = cursor.fetchone()[0]
print(json.dumps({{
    "vendor": connection.vendor, "version": version, "people": total,
    "samples": [[f, d.isoformat(), n] for f, d, n in picked[:{samples}]],
}}))
"""


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def load_with_postgres() -> ModuleType:
    path = REPO / "scripts" / "with_postgres.py"
    spec = importlib.util.spec_from_file_location("with_postgres", path)
    if spec is None or spec.loader is None:
        raise BenchError(f"Cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def coassess(*args: str) -> list[str]:
    return [sys.executable, "-m", "coassess.cli", *args]


def run(cmd: list[str], env: dict[str, str], *, show_progress: bool = False) -> str:
    """Run a command; return its stdout, or fail with its output."""
    result = subprocess.run(
        cmd,
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=None if show_progress else subprocess.PIPE,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BenchError(
            f"{' '.join(cmd[2:])} failed ({result.returncode}):\n"
            f"{result.stdout}\n{result.stderr or ''}"
        )
    return result.stdout


@contextlib.contextmanager
def server(
    env: dict[str, str], log_path: Path, workers: int, threads: int
) -> Iterator[int]:
    """Start `coassess serve` on a free port; stop it and its workers afterwards."""
    port = free_port()
    with log_path.open("w") as out:
        proc = subprocess.Popen(
            coassess(
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--quiet",
            ),
            env=env,
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, to stop it and its workers
        )
    try:
        wait_until_up(proc, port, log_path)
        yield port
    finally:
        stop(proc)


def wait_until_up(proc: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchError(f"The server stopped:\n{log_path.read_text()}")
        try:
            conn = Connection(port, timeout=2)
            status = conn.get("/health/").status
            conn.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise BenchError(f"The server did not answer in 60 s:\n{log_path.read_text()}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)  # gunicorn: graceful stop
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


def cycle(paths: list[str]) -> Iterator[str]:
    return itertools.cycle(paths)


def search_check(body: bytes) -> str:
    found = re.search(rb'id="results">(\d+) (?:person|people) found', body)
    if found is None:
        return "no search results on the page"
    return "" if int(found.group(1)) >= 1 else "the search found nobody"


def scenarios(samples: list[list[str]], cookie: str) -> list[Scenario]:
    by_name = []
    for family, born, _ in samples:
        year, month, day = born.split("-")
        by_name.append(
            "/people/?"
            + urlencode(
                {
                    "family_name": family,
                    "dob_day": str(int(day)),
                    "dob_month": str(int(month)),
                    "dob_year": year,
                }
            )
        )
    by_number = ["/people/?" + urlencode({"nhs_number": n}) for _, _, n in samples]
    return [
        Scenario(
            "floor", "framework floor (anonymous)", lambda: cycle(["/bench/floor/"])
        ),
        Scenario(
            "floor_signed_in",
            "framework floor, signed in",
            lambda: cycle(["/bench/floor/"]),
            cookie=cookie,
        ),
        Scenario(
            "search_name_dob",
            "people search: last name + date of birth",
            lambda: cycle(by_name),
            cookie=cookie,
            check=search_check,
        ),
        Scenario(
            "search_nhs_number",
            "people search: NHS number",
            lambda: cycle(by_number),
            cookie=cookie,
            check=search_check,
        ),
    ]


def bench_database(
    name: str, env: dict[str, str], work: Path, args: argparse.Namespace
) -> dict[str, Any]:
    started = time.monotonic()
    log(f"{name}: loading demo data")
    run(coassess("demo", "--no-serve"), env)
    log(f"{name}: generating {args.people} people")
    run(
        coassess("generate", "--people", str(args.people), "--seed", str(SEED)),
        env,
        show_progress=True,
    )
    info = json.loads(
        run([sys.executable, "-c", SAMPLE_SCRIPT.format(samples=SAMPLES)], env)
    )
    log(
        f"{name}: {info['people']} people in {info['vendor']} {info['version']}; "
        f"serving with {args.workers} workers x {args.threads} thread"
    )
    with server(env, work / f"server-{name}.log", args.workers, args.threads) as port:
        cookie = sign_in(port, "clinician", PASSWORD)
        cases = scenarios(info["samples"], cookie)
        warm_up(port, cases, args.warmup)
        log(f"{name}: timing {args.rounds} sequential rounds")
        measure_latency(port, cases, args.rounds)
        log(f"{name}: {args.clients} concurrent clients, {args.passes} passes")
        for number in range(args.passes):
            # Alternate the order, so no scenario always follows the same one.
            for case in cases if number % 2 == 0 else cases[::-1]:
                measure_throughput(port, case, args.clients, args.per_client)
    errors = {c.key: c.errors[:5] for c in cases if c.errors}
    if errors:
        raise BenchError(f"{name}: failed requests: {errors}")
    results = {c.key: {"label": c.label, **summary(c)} for c in cases}
    floor = results["floor"]
    for figures in results.values():
        figures["median_vs_floor"] = figures["median_ms"] / floor["median_ms"]
        figures["throughput_vs_floor"] = (
            figures["requests_per_second"] / floor["requests_per_second"]
        )
    log(f"{name}: done in {time.monotonic() - started:.0f} s")
    return {
        "database": info["vendor"],
        "version": info["version"],
        "people": info["people"],
        "scenarios": results,
    }


def machine() -> dict[str, Any]:
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory_gb = 0.0
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = int(line.split()[1]) / 1024 / 1024
    import django
    import gunicorn

    return {
        "cpus": len(os.sched_getaffinity(0)),
        "cpu_model": cpu,
        "memory_gb": round(memory_gb, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
    }


def table(result: dict[str, Any]) -> str:
    head = (
        f"{result['database']} {result['version']}, {result['people']:,} people. "
        "Server time measured at the client over loopback."
    )
    lines = [
        head,
        "",
        "| scenario | median ms | p95 ms | requests/s | median vs floor "
        "| throughput vs floor |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for s in result["scenarios"].values():
        lines.append(
            f"| {s['label']} | {s['median_ms']:.2f} | {s['p95_ms']:.2f} "
            f"| {s['requests_per_second']:.0f} | {s['median_vs_floor']:.2f}x "
            f"| {s['throughput_vs_floor']:.2f}x |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument(
        "--rounds",
        type=int,
        default=300,
        help="Sequential requests per scenario (default 300).",
    )
    parser.add_argument("--warmup", type=int, default=40)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument(
        "--per-client",
        type=int,
        default=150,
        help="Requests per client per pass (default 150).",
    )
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    # A SIGTERM (from make, CI or a terminal closing) unwinds like Ctrl-C, so the
    # servers and the PostgreSQL cluster are stopped by their `finally` blocks.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    work = Path(tempfile.mkdtemp(prefix="coassess-bench-"))
    unset = {"DEBUG", "DATABASE_URL"}
    base_env = {k: v for k, v in os.environ.items() if k not in unset}
    base_env.update(
        {
            "COASSESS_DATA_DIR": str(work / "data"),  # shared: collectstatic runs once
            "COASSESS_ENVIRONMENT": "development",  # demo data is refused in production
            "COASSESS_BENCH_FLOOR": "1",
            "COASSESS_DEMO_PASSWORD": PASSWORD,
            "LOG_LEVEL": "WARNING",
        }
    )
    report: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": vars(args),
        "results": [],
    }
    started = time.monotonic()
    try:
        if args.only in (None, "sqlite"):
            report["results"].append(bench_database("sqlite", base_env, work, args))
        if args.only in (None, "postgresql"):
            with load_with_postgres().cluster(durable=True) as url:
                env = {**base_env, "DATABASE_URL": url}
                report["results"].append(bench_database("postgresql", env, work, args))
    except BenchError as exc:
        print(f"\nBenchmark failed: {exc}", file=sys.stderr)
        print(f"Server logs kept in {work}", file=sys.stderr)
        return 1
    report["seconds"] = round(time.monotonic() - started)
    shutil.rmtree(work, ignore_errors=True)

    m = report["machine"]
    print(
        f"\nMachine: {m['cpus']} CPUs ({m['cpu_model']}), {m['memory_gb']} GB, "
        f"Python {m['python']}, Django {m['django']}, gunicorn {m['gunicorn']}; "
        f"{args.workers} workers x {args.threads} thread; "
        f"{args.clients} concurrent clients for requests/s.\n"
    )
    for result in report["results"]:
        print(table(result) + "\n")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(f"Written to {RESULTS.relative_to(REPO)} ({report['seconds']} s in all).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
