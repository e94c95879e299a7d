"""`make bench`: pages against the framework floor, on SQLite and on PostgreSQL.

For each database this sets up a fresh data folder, loads the demo team,
10,000 synthetic people, three assessments with 6 participants and 60 entries
each, and open referrals until the team board has 200 (`coassess demo
--no-serve`, `coassess generate`), starts the app as in production (`coassess serve`: gunicorn, DEBUG off) on a
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
                        [--open-referrals N]
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
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlencode

from loadgen import (
    BenchError,
    Connection,
    Request,
    Response,
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
PARTICIPANTS = 6
CONTRIBUTIONS = 60
# Autosaves keep a draft of a box as its words grow; every so many start a new box.
SAVES_PER_ENTRY = 10
AUTOSAVE_SECTION, AUTOSAVE_PROMPT = "history", "history.recent"

# Printed by a child process on the database under test: people to search for,
# and what the database is.
SAMPLE_SCRIPT = """
import json, os, sqlite3
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coassess.config.settings")
django.setup()
from django.db import connection
from coassess.people.models import Person

# People whose whole date of birth is known (issue 12 keeps partial ones).
people = (
    Person.objects.exclude(nhs_number="")
    .filter(birth_day__isnull=False)
    .order_by("nhs_number")
)
total = Person.objects.count()
step = max(1, people.count() // {samples})
picked = [
    (f, f"{{y:04d}}-{{m:02d}}-{{d:02d}}", n)
    for f, y, m, d, n in people.values_list(
        "family_name", "birth_year", "birth_month", "birth_day", "nhs_number"
    )[::step]
]
with connection.cursor() as cursor:
    if connection.vendor == "postgresql":
        cursor.execute("SHOW server_version")
    else:
        cursor.execute("SELECT sqlite_version()")
    version = cursor.fetchone()[0]
print(json.dumps({{
    "vendor": connection.vendor, "version": version, "people": total,
    "samples": [[f, d, n] for f, d, n in picked[:{samples}]],
}}))
"""

# Printed by a child process: the team's open referrals, and the synthetic
# assessments (oldest first) with their participants and current entries.
ASSESSMENTS_SCRIPT = """
import json, os
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coassess.config.settings")
django.setup()
from coassess.accounts.models import User
from coassess.assessments.models import Assessment, Contribution, Participant
from coassess.demo.synthetic_assessments import FIRST_SYNTHETIC_NHS_NUMBER, open_referrals_of

team = User.objects.get(username="clinician").membership.team
made = Assessment.objects.filter(
    team=team, person__nhs_number__gte=FIRST_SYNTHETIC_NHS_NUMBER
).order_by("started_at")
print(json.dumps({
    "open_referrals": open_referrals_of(team).count(),
    "assessments": [
        {
            "id": str(a.pk),
            "participants": [
                str(p.pk) for p in Participant.objects.filter(assessment=a)
            ],
            "current": Contribution.objects.filter(
                assessment=a, is_current=True
            ).count(),
        }
        for a in made
    ],
}))
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
    env: dict[str, str], log_path: Path, workers: int, threads: int | None
) -> Iterator[int]:
    """Start `coassess serve` on a free port; stop it and its workers afterwards.

    `threads=None` leaves the thread count to the serve command's own default.
    """
    port = free_port()
    options = ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    if threads is not None:
        options += ["--threads", str(threads)]
    with log_path.open("w") as out:
        proc = subprocess.Popen(
            coassess("serve", *options, "--quiet"),
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


def board_check(expected: int) -> Callable[[bytes], str]:
    def check(body: bytes) -> str:
        found = re.search(rb"(\d+) open referrals?, ", body)
        if found is None:
            return "no open referrals on the board"
        shown = int(found.group(1))
        return "" if shown == expected else f"{shown} open referrals, not {expected}"

    return check


def entries_check(expected: int) -> Callable[[bytes], str]:
    def check(body: bytes) -> str:
        shown = len(re.findall(rb'<div class="coassess-entry[ "]', body))
        return "" if shown >= expected else f"{shown} entries shown, not {expected}"

    return check


def decisions_check(body: bytes) -> str:
    """The decisions page shows the synthetic assessments' first question."""
    if b"Where will you be supported tonight?" in body:
        return ""
    return "the decisions are missing"


def csrf_token(port: int, path: str, cookie: str) -> str:
    """The CSRF token a signed-in page gives its forms (and htmx its headers)."""
    conn = Connection(port)
    try:
        page = conn.get(path, cookie)
    finally:
        conn.close()
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
    if page.status != 200 or found is None:
        raise BenchError(f"GET {path} gave HTTP {page.status} and no CSRF token.")
    return found.group(1).decode()


NOTES = [
    "Has not slept properly for a week and has stopped eating regular meals.",
    "Things started to go wrong after the letter about the flat arrived.",
    "Talked to the GP last month; was put on the waiting list for therapy.",
    "Drinking more in the evenings since the hours at work were cut.",
]


class KeepDraft:
    """One writer typing into an entry, as htmx keeps it as their draft on
    leaving the box (POST .../drafts/keep/, HX-Request); never an entry.

    The words grow with each send, as typing does; every SAVES_PER_ENTRY sends
    a new box is started. Each answer must be 200 and say "Draft kept at".
    """

    def __init__(
        self,
        assessment: str,
        voices: list[str],
        cookie: str,
        token: str,
        saves_per_entry: int = SAVES_PER_ENTRY,
    ) -> None:
        self.saves_per_entry = saves_per_entry
        self.path = f"/assessments/{assessment}/drafts/keep/"
        self.voices = itertools.cycle(voices)
        self.headers = {
            "Cookie": cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "HX-Request": "true",
            "X-CSRFToken": token,
        }
        self.token = token
        self.voice = ""
        self.text = ""
        self.saves = 0

    def next_request(self) -> Request:
        if self.saves % self.saves_per_entry == 0:
            self.voice, self.text = next(self.voices), ""
        self.saves += 1
        self.text = f"{self.text} {NOTES[self.saves % len(NOTES)]}".strip()
        form = {
            "csrfmiddlewaretoken": self.token,
            "prompt": AUTOSAVE_PROMPT,
            "base": "",
            "voice": self.voice,
            "text": self.text,
            "withheld_reason": "",
        }
        return Request("POST", self.path, self.headers, urlencode(form).encode())

    def check(self, response: Response) -> str:
        if response.status != 200 or b"Draft kept at" not in response.body:
            return f"HTTP {response.status}, not kept: {response.body[:200]!r}"
        return ""


class Reviser:
    """Saves a new version of one entry with the Save button, as a writer does.

    The first change adds the entry and finds its id on the section page; each
    later one asks the entry's change page for its newest version (a redirect
    when there is a newer one) and saves the next version over it.
    """

    def __init__(
        self, conn: Connection, assessment: str, voice: str, cookie: str, token: str
    ) -> None:
        self.conn, self.assessment, self.voice = conn, assessment, voice
        self.cookie, self.token = cookie, token
        self.section = f"/assessments/{assessment}/sections/{AUTOSAVE_SECTION}/"
        self.entry = ""
        self.saves = 0

    def _post(self, path: str, base: str, text: str) -> None:
        form = {
            "csrfmiddlewaretoken": self.token,
            "prompt": AUTOSAVE_PROMPT,
            "base": base,
            "voice": self.voice,
            "text": text,
            "withheld_reason": "",
        }
        headers = {
            "Cookie": self.cookie,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        saved = self.conn.request("POST", path, headers, urlencode(form).encode())
        if saved.status != 302:
            raise BenchError(f"POST {path}: HTTP {saved.status} {saved.body[:200]!r}")

    def change(self) -> None:
        self.saves += 1
        text = f"{NOTES[self.saves % len(NOTES)]} Change {self.saves:06d}."
        if not self.entry:
            self._post(self.section, "", text)
            page = self.conn.get(self.section, self.cookie).body
            found = re.search(
                rb'id="entry-([0-9a-f-]{36})"(?:(?!id="entry-).)*?'
                + re.escape(text.encode()),
                page,
                re.DOTALL,
            )
            if found is None:
                raise BenchError(f"The entry just saved is not on {self.section}.")
            self.entry = found.group(1).decode()
            return
        edit = f"/assessments/{self.assessment}/entries/{self.entry}/edit/"
        opened = self.conn.get(edit, self.cookie)
        newest = re.search(
            r"entries/([0-9a-f-]{36})/edit/", opened.headers.get("Location", "")
        )
        if newest:
            self.entry = newest.group(1)
            edit = f"/assessments/{self.assessment}/entries/{self.entry}/edit/"
        self._post(edit, self.entry, text)


class AfterAChange:
    """A page of an assessment as the first person to open it after a change sees it.

    Before each timed GET, a save (on its own connection, not timed) makes a
    new version of an entry of the same assessment, as happens in a meeting.
    Every page is built from the database on every request (ADR 0009), so
    this differs from the plain scenario only by the write just before it.
    The first save adds one entry; every later one revises it, so the page
    keeps the same number of entries.
    """

    def __init__(
        self, port: int, page: str, assessment: str, voices: list[str], cookie: str
    ) -> None:
        token = csrf_token(
            port, f"/assessments/{assessment}/sections/{AUTOSAVE_SECTION}/", cookie
        )
        self.conn = Connection(port)
        self.writer = Reviser(self.conn, assessment, voices[0], cookie, token)
        self.page = Request("GET", page, {"Cookie": cookie}, None)

    def next_request(self) -> Request:
        try:
            self.writer.change()
        except BenchError as exc:
            raise BenchError(f"The change before {self.page.path}: {exc}") from exc
        return self.page

    def check(self, response: Response) -> str:
        return "" if response.status == 200 else f"HTTP {response.status}"


def scenarios(
    samples: list[list[str]], cookie: str, setup: dict[str, Any], port: int
) -> list[Scenario]:
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
    if len(setup["assessments"]) < 3:
        raise BenchError(f"Expected three synthetic assessments: {setup}")
    shown, saved_into, changed = setup["assessments"][:3]
    token = csrf_token(
        port,
        f"/assessments/{saved_into['id']}/sections/{AUTOSAVE_SECTION}/",
        cookie,
    )
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
        Scenario(
            "team_board",
            f"team board ({setup['open_referrals']} open referrals)",
            lambda: cycle(["/referrals/"]),
            cookie=cookie,
            check=board_check(setup["open_referrals"]),
            throughput_share=0.1,
        ),
        Scenario(
            "assessment_page",
            f"assessment page ({len(shown['participants'])} participants, "
            f"{shown['current']} contributions)",
            lambda: cycle([f"/assessments/{shown['id']}/"]),
            cookie=cookie,
            check=entries_check(shown["current"]),
            throughput_share=0.5,
        ),
        Scenario(
            "decisions_page",
            "decisions page (5 decisions x 4 options x "
            f"{len(shown['participants'])} participants)",
            lambda: cycle([f"/assessments/{shown['id']}/decisions/"]),
            cookie=cookie,
            check=decisions_check,
            throughput_share=0.5,
        ),
        Scenario(
            "assessment_page_changed",
            "assessment page, first view after a change",
            client=lambda: AfterAChange(
                port,
                f"/assessments/{changed['id']}/",
                changed["id"],
                changed["participants"],
                cookie,
            ),
            throughput_share=0.5,
        ),
        Scenario(
            "decisions_page_changed",
            "decisions page, first view after a change",
            client=lambda: AfterAChange(
                port,
                f"/assessments/{changed['id']}/decisions/",
                changed["id"],
                changed["participants"],
                cookie,
            ),
            throughput_share=0.5,
        ),
        Scenario(
            "autosave",
            "autosave: keep one draft",
            client=lambda: KeepDraft(
                saved_into["id"], saved_into["participants"], cookie, token
            ),
            throughput_share=0.5,
        ),
    ]


def load_data(name: str, env: dict[str, str], people: int, open_referrals: int) -> None:
    """Into the database in `env`: the demo team, then the synthetic people, three
    assessments and open referrals until the board has `open_referrals`."""
    log(f"{name}: loading demo data")
    run(coassess("demo", "--no-serve"), env)
    log(
        f"{name}: generating {people} people, 3 assessments "
        f"({PARTICIPANTS} participants, {CONTRIBUTIONS} contributions) and "
        f"{open_referrals} open referrals"
    )
    run(
        coassess(
            "generate",
            "--people",
            str(people),
            "--assessments",
            "3",
            "--participants",
            str(PARTICIPANTS),
            "--contributions",
            str(CONTRIBUTIONS),
            "--open-referrals",
            str(open_referrals),
            "--seed",
            str(SEED),
        ),
        env,
        show_progress=True,
    )


def bench_database(
    name: str, env: dict[str, str], work: Path, args: argparse.Namespace
) -> dict[str, Any]:
    started = time.monotonic()
    load_data(name, env, args.people, args.open_referrals)
    info = json.loads(
        run([sys.executable, "-c", SAMPLE_SCRIPT.format(samples=SAMPLES)], env)
    )
    setup = json.loads(run([sys.executable, "-c", ASSESSMENTS_SCRIPT], env))
    log(
        f"{name}: {info['people']} people in {info['vendor']} {info['version']}; "
        f"serving with {args.workers} workers x {args.threads} thread"
    )
    with server(env, work / f"server-{name}.log", args.workers, args.threads) as port:
        cookie = sign_in(port, "clinician", PASSWORD)
        cases = scenarios(info["samples"], cookie, setup, port)
        warm_up(port, cases, args.warmup)
        log(f"{name}: timing {args.rounds} sequential rounds")
        measure_latency(port, cases, args.rounds)
        log(f"{name}: {args.clients} concurrent clients, {args.passes} passes")
        for number in range(args.passes):
            # Alternate the order, so no scenario always follows the same one.
            for case in cases if number % 2 == 0 else cases[::-1]:
                per_client = max(1, round(args.per_client * case.throughput_share))
                measure_throughput(port, case, args.clients, per_client)
    errors = {c.key: c.errors[:5] for c in cases if c.errors}
    if errors:
        raise BenchError(f"{name}: failed requests: {errors}")
    results: dict[str, dict[str, Any]] = {
        c.key: {"label": c.label, **summary(c)} for c in cases
    }
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
        "open_referrals": setup["open_referrals"],
        "scenarios": results,
    }


def bench_env(work: Path) -> dict[str, str]:
    """This process's environment for the app under test, with its data in `work`.

    SQLite unless the caller adds DATABASE_URL; the floor routed; warnings and
    worse logged.
    """
    unset = {"DEBUG", "DATABASE_URL"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(
        {
            "COASSESS_DATA_DIR": str(work / "data"),  # shared: collectstatic runs once
            "COASSESS_ENVIRONMENT": "development",  # demo data is refused in production
            "COASSESS_BENCH_FLOOR": "1",
            "COASSESS_DEMO_PASSWORD": PASSWORD,
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def each_database(
    only: str | None,
    base_env: dict[str, str],
    bench: Callable[[str, dict[str, str]], dict[str, Any]],
) -> list[dict[str, Any]]:
    """`bench(vendor, env)` on SQLite, then on a throwaway durable PostgreSQL
    cluster (stopped afterwards), or on `only` one of them; their results in
    that order. A BenchError passes through, the cluster stopped."""
    results = []
    if only in (None, "sqlite"):
        results.append(bench("sqlite", base_env))
    if only in (None, "postgresql"):
        with load_with_postgres().cluster(durable=True) as url:
            results.append(bench("postgresql", {**base_env, "DATABASE_URL": url}))
    return results


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
        "--open-referrals",
        type=int,
        default=200,
        help="Open referrals on the team board (default 200).",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=250,
        help="Sequential requests per scenario (default 250).",
    )
    parser.add_argument("--warmup", type=int, default=40)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument(
        "--per-client",
        type=int,
        default=150,
        help="Requests per client per pass (default 150; fewer for the slow pages).",
    )
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    # A SIGTERM (from make, CI or a terminal closing) unwinds like Ctrl-C, so the
    # servers and the PostgreSQL cluster are stopped by their `finally` blocks.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    work = Path(tempfile.mkdtemp(prefix="coassess-bench-"))
    base_env = bench_env(work)
    report: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": vars(args),
        "results": [],
    }
    started = time.monotonic()
    try:
        report["results"] = each_database(
            args.only,
            base_env,
            lambda vendor, env: bench_database(vendor, env, work, args),
        )
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
