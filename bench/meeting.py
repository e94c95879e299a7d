"""`make bench`, the meeting: people saving into one assessment while they read it.

bench/run.py times each page on its own, with nothing changing.
This models an assessment meeting instead (the "meeting benchmark" of
DESIGN.md section 7, ../shared/DESIGN.md): several people, each typing into
their own entry of the same assessment and, after every save, opening the
whole assessment, its decisions and the team board. Every save changes the
assessment, so the assessment pages read after it must show it (every page is
built from the database on every request). Saves do not change the board. Every request that opens a record also writes an access-log
row, so reads and writes overlap all the time.

For SQLite and then PostgreSQL (a throwaway durable cluster, as in run.py):
a fresh data folder with the same data as run.py (`coassess demo --no-serve`,
`coassess generate --people 10000 --assessments 3 --participants 6
--contributions 60 --open-referrals 200 --seed 1`); a child process (models
only) finds the synthetic assessment to meet in (the team's oldest open one
with the most entries), its participants and the team's open referrals; then
`coassess serve --workers 2` (threads: the serve command's default unless
--threads) on 127.0.0.1, with the floor routed, LOG_LEVEL=WARNING and the
server's output in a log file. Each client signs in as the demo clinician
through the real sign-in form (a session of its own), opens the section page
for its CSRF token, and uses a new connection for each round of the meeting
(see MeetingClient.meeting_round) and one kept connection in phase 2. A short concurrent
warm-up loads every page in both workers. Then:

Phase 1, the meeting (--clients, default 8, for --seconds, default 60). Each
client repeats:

1. save: a real change to its own entry, as the Save button sends it without
   JavaScript: a form POST (no HX-Request) to the History section with the
   CSRF token, `prompt`, `base` (the entry's current version id; empty the
   first time, to add the entry), `voice` (a participant, one per client),
   `text` (a sentence and a marker unique to the client and save) and
   `withheld_reason`. Acknowledged when the answer is a 302 back to the section.
2. the whole-assessment page: 200, at least the generated entries, and the
   entry holding the client's latest acknowledged text, whose
   `id="entry-<uuid>"` gives the `base` for the next save;
3. the decisions page: 200, with the decisions;
4. the team board: 200, with its 200 open referrals.

Any other answer, or a failed check, is an error; a 409 (conflict) is one too,
since each client owns its entry. Afterwards the server log is searched for
"database is locked", and a child process checks the database: for each
client, its entry has exactly as many versions as it had acknowledged saves,
all in one lineage, and the current one holds the last acknowledged text.

Phase 2, the pages alone (same server and clients, --page-seconds each,
default 20): the framework floor (/bench/floor/, anonymous), the
whole-assessment page, the decisions page and the team board, one after the
other, every client asking for the same page flat out. In the meeting each
client asks for each page once per round, so the four requests/s are one
number, set by the mix (mostly by its slowest requests); they say nothing about
what one page can bear. Alone, each page's requests/s is the server's capacity
for that page, and its ratio to the floor's, from the same server in the same
run, carries from machine to machine.

Time is measured at the client, from sending a request to reading the last
byte of the answer (bench/loadgen.py's Connection), over loopback: "server
time measured at the client". The client threads share the machine's CPUs with
the server (and PostgreSQL).

Budgets (DESIGN.md section 7), judged on SQLite only; PostgreSQL's
figures are checked the same way and recorded beside them. In the meeting,
for every request type: p95 at most 150 ms, p99 at most 300 ms; no errors (in
either phase); no "database is locked"; every acknowledged save present. And
the whole-assessment page alone at least a fifth of the floor's requests/s.
Exit status 1 when a SQLite budget is not met (or the run fails), else 0.

Tables are printed, and everything is written to var/bench/meeting.json.

    python bench/meeting.py [--only sqlite|postgresql] [--clients N]
                            [--seconds S] [--page-seconds S] [--threads T]
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import signal
import statistics
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from loadgen import BenchError, Connection, Response, percentile, sign_in
from report import Bench, run_and_report
from run import (
    AUTOSAVE_PROMPT,
    AUTOSAVE_SECTION,
    CONTRIBUTIONS,
    NOTES,
    PASSWORD,
    REPO,
    board_check,
    csrf_token,
    decisions_check,
    entries_check,
    load_data,
    log,
    run,
    server,
)

RESULTS = REPO / "var" / "bench" / "meeting.json"
PEOPLE = 10_000
OPEN_REFERRALS = 200
WORKERS = 2
# The demo team's clinical staff, who each sign in a share of the clients.
SIGNERS = ("clinician", "peer", "lead")
WARM_UP_ROUNDS = 3

# Budgets (DESIGN.md section 7), judged on SQLite.
P95_MS = 150.0
P99_MS = 300.0
PAGE_VS_FLOOR = 1 / 5

MEETING = {
    "save": "save an entry (form POST, 302)",
    "assessment": "whole-assessment page, after a save",
    "decisions": "decisions page, after a save",
    "board": f"team board ({OPEN_REFERRALS} open referrals)",
}
ALONE = {
    "floor": "framework floor (anonymous)",
    "assessment": "whole-assessment page",
    "decisions": "decisions page",
    "board": f"team board ({OPEN_REFERRALS} open referrals)",
}

# An entry's container, `id="entry-<uuid>"`: the uuid is its current version's id.
ENTRY_ID = re.compile(
    rb"""(?<![\w-])id=["']entry-([0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?"""
    rb"""[0-9a-fA-F]{4}-?[0-9a-fA-F]{12})["']"""
)

# Printed by a child process on the database under test (it imports models
# only): the team's open referrals, and the assessment to meet in with
# its participants and current entries.
SETUP_SCRIPT = """
import json, os
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coassess.config.settings")
django.setup()
from django.db import connection
from coassess.accounts.models import User
from coassess.assessments.models import Assessment, Contribution, Participant, Status
from coassess.referrals.models import Referral

team = User.objects.get(username="clinician").membership.team
candidates = [
    (Contribution.objects.filter(assessment=a, is_current=True).count(), a)
    for a in Assessment.objects.filter(team=team)
    .exclude(status=Status.SIGNED)
    .order_by("created_at")
]
most = max(n for n, _ in candidates)
entries, chosen = next((n, a) for n, a in candidates if n == most)
with connection.cursor() as cursor:
    if connection.vendor == "postgresql":
        cursor.execute("SHOW server_version")
    else:
        cursor.execute("SELECT sqlite_version()")
    version = cursor.fetchone()[0]
print(json.dumps({
    "vendor": connection.vendor,
    "version": version,
    "team": team.name,
    "open_referrals": Referral.objects.filter(team=team, closed_at__isnull=True).count(),
    "assessment": str(chosen.pk),
    "participants": [
        str(p) for p in Participant.objects.filter(assessment=chosen)
        .order_by("created_at").values_list("pk", flat=True)
    ],
    "entries": entries,
}))
"""

# Printed by a child process after the run (models only): for each client's
# marker, the lineages of the versions holding it, and for each such lineage
# how many versions it has and the current version's text.
VERIFY_SCRIPT = """
import json, os, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coassess.config.settings")
django.setup()
from coassess.assessments.models import Contribution

asked = json.loads(sys.argv[1])
found = []
for prefix in asked["prefixes"]:
    mine = Contribution.objects.filter(
        assessment_id=asked["assessment"], text__contains=prefix
    )
    lineages = []
    for lineage in sorted({str(v) for v in mine.values_list("lineage", flat=True)}):
        versions = Contribution.objects.filter(lineage=lineage)
        lineages.append({
            "lineage": lineage,
            "versions": versions.count(),
            "current": list(versions.filter(is_current=True).values_list("text", flat=True)),
        })
    found.append({"with_marker": mine.count(), "lineages": lineages})
print(json.dumps(found))
"""

# The serve command's default thread count, for the report when --threads is not given.
SERVE_THREADS_SCRIPT = """
from coassess.core.management.commands.serve import Command
print(Command().create_parser("coassess", "serve").get_default("threads"))
"""


@dataclass
class Tally:
    """Every answer to one kind of request: the seconds each took, its status,
    and how many were wrong (with the first few reasons)."""

    seconds: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    errors: int = 0
    samples: list[str] = field(default_factory=list)

    def answer(self, response: Response) -> None:
        self.seconds.append(response.seconds)
        self.statuses[response.status] += 1

    def error(self, message: str) -> None:
        self.errors += 1
        if len(self.samples) < 5:
            self.samples.append(message)

    def merge(self, other: Tally) -> None:
        self.seconds += other.seconds
        self.statuses.update(other.statuses)
        self.errors += other.errors
        self.samples += other.samples[: max(0, 5 - len(self.samples))]

    def figures(self, label: str, elapsed: float) -> dict[str, Any]:
        ms = [s * 1000 for s in self.seconds]
        return {
            "label": label,
            "requests": len(ms),
            "p50_ms": statistics.median(ms) if ms else None,
            "p95_ms": percentile(ms, 0.95) if ms else None,
            "p99_ms": percentile(ms, 0.99) if ms else None,
            "requests_per_second": len(ms) / elapsed if elapsed else 0.0,
            "errors": self.errors,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "error_samples": self.samples,
        }


def entry_containing(body: bytes, marker: bytes) -> str | None:
    """The id in `id="entry-<uuid>"` of the entry whose container holds `marker`.

    Each entry's container carries that id and holds the entry's text, so the
    text belongs to the last such id before it. Nothing else about the markup
    is assumed. None when the marker is not on the page, or not after an entry.
    """
    at = body.find(marker)
    if at < 0:
        return None
    last = None
    for found in ENTRY_ID.finditer(body, 0, at):
        last = found
    return last.group(1).decode() if last else None


@dataclass(frozen=True)
class Meeting:
    """Where the meeting happens: the server, the assessment and what it holds."""

    port: int
    assessment: str
    participants: list[str]
    entries: int
    open_referrals: int

    @property
    def section_path(self) -> str:
        return f"/assessments/{self.assessment}/sections/{AUTOSAVE_SECTION}/"

    @property
    def assessment_path(self) -> str:
        return f"/assessments/{self.assessment}/"

    @property
    def decisions_path(self) -> str:
        return f"/assessments/{self.assessment}/decisions/"


class MeetingClient:
    """One client in the meeting: their own session, connection and entry.

    `tallies` collects every answer by request type until `collect` takes them.
    """

    def __init__(self, number: int, meeting: Meeting) -> None:
        self.number = number
        self.meeting = meeting
        # Clinical staff of the team share the meeting, so each account signs
        # in only a few sessions (the demo authenticator's codes are single-use).
        self.cookie = sign_in(meeting.port, SIGNERS[number % len(SIGNERS)], PASSWORD)
        self.token = csrf_token(meeting.port, meeting.section_path, self.cookie)
        self.voice = meeting.participants[number % len(meeting.participants)]
        self.conn = Connection(meeting.port)
        self.tallies: dict[str, Tally] = {}
        self.base = ""  # the entry's current version id, once it has one
        self.attempts = 0
        self.acknowledged = 0
        self.last_text = ""
        self.last_marker = ""

    @property
    def prefix(self) -> str:
        """Begins the marker in every text this client saves, and nothing else's."""
        return f"meeting-client-{self.number:02d}-save-"

    def collect(self) -> dict[str, Tally]:
        taken, self.tallies = self.tallies, {}
        return taken

    def send(
        self,
        kind: str,
        method: str,
        path: str,
        headers: dict[str, str],
        body: bytes | None = None,
    ) -> Response | None:
        """Send one request on this client's connection and tally its answer.

        A request that fails outright (timeout, connection lost twice) is an
        error, not a time; the connection is made again for the next.
        """
        tally = self.tallies.setdefault(kind, Tally())
        try:
            response = self.conn.request(method, path, headers, body)
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()
            self.conn = Connection(self.meeting.port)
            tally.error(f"{method} {path}: {exc!r}")
            return None
        tally.answer(response)
        return response

    def get(
        self,
        kind: str,
        path: str,
        check: Callable[[bytes], str],
        *,
        signed_in: bool = True,
    ) -> Response | None:
        """GET `path`; right when HTTP 200 and `check` finds nothing wrong with the body."""
        headers = {"Cookie": self.cookie} if signed_in else {}
        response = self.send(kind, "GET", path, headers)
        if response is None:
            return None
        problem = (
            check(response.body)
            if response.status == 200
            else f"HTTP {response.status} {response.headers.get('Location', '')}"
        )
        if problem:
            self.tallies[kind].error(f"GET {path}: {problem}")
            return None
        return response

    def save(self) -> None:
        """Save a new text into this client's entry, as the Save button does.

        A plain form POST (no HX-Request, so the answer is a redirect); `base`
        is the version the client last saw, empty to add the entry.
        """
        self.attempts += 1
        marker = f"{self.prefix}{self.attempts:06d}"
        text = f"{NOTES[self.attempts % len(NOTES)]} Said in the meeting: {marker}."
        form = {
            "csrfmiddlewaretoken": self.token,
            "prompt": AUTOSAVE_PROMPT,
            "base": self.base,
            "voice": self.voice,
            "text": text,
            "withheld_reason": "",
        }
        headers = {
            "Cookie": self.cookie,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        path = self.meeting.section_path
        response = self.send("save", "POST", path, headers, urlencode(form).encode())
        if response is None:
            return
        location = response.headers.get("Location", "")
        if response.status != 302 or urlsplit(location).path != path:
            self.tallies["save"].error(
                f"POST {path}: HTTP {response.status} {location} "
                f"{response.body[:120]!r}"
            )
            return
        self.acknowledged += 1
        self.last_text, self.last_marker = text, marker

    def read_assessment(self) -> None:
        """The whole-assessment page, with this client's latest save on it.

        The entry holding the latest acknowledged marker gives the version id
        to send as `base` next time.
        """
        path = self.meeting.assessment_path
        page = self.get("assessment", path, entries_check(self.meeting.entries))
        if page is None or not self.last_marker:
            return
        found = entry_containing(page.body, self.last_marker.encode())
        if found is None:
            self.tallies["assessment"].error(
                f"GET {path}: no entry holds {self.last_marker}"
            )
            return
        self.base = found

    def meeting_round(self) -> None:
        """Save, then read the three pages, as one person in the meeting does.

        Each round starts on a new connection: between rounds a person reads
        and talks for longer than gunicorn keeps an idle connection open (2 s),
        and a new connection goes to whichever worker accepts it first. Kept
        for the whole run instead, connections stay with the worker that
        accepted them, and one worker can end up serving most clients.
        """
        self.conn.close()
        self.conn = Connection(self.meeting.port)
        self.save()
        self.read_assessment()
        self.page("decisions")
        self.page("board")

    def page(self, kind: str) -> None:
        """One GET of a page, checked; in phase 2, the page alone."""
        if kind == "floor":
            self.get(kind, "/bench/floor/", lambda body: "", signed_in=False)
        elif kind == "assessment":
            self.get(
                kind, self.meeting.assessment_path, entries_check(self.meeting.entries)
            )
        elif kind == "decisions":
            self.get(kind, self.meeting.decisions_path, decisions_check)
        elif kind == "board":
            self.get(kind, "/referrals/", board_check(self.meeting.open_referrals))
        else:
            raise BenchError(f"No page called {kind}")

    def warm_up(self) -> None:
        """Every page a few times, to load code, templates and caches (not timed)."""
        for _ in range(WARM_UP_ROUNDS):
            for kind in ALONE:
                self.page(kind)


@dataclass(frozen=True)
class Phase:
    """How long a phase took from the common start until the last client was
    done, and the CPU time this process (the clients) used in it."""

    seconds: float
    client_cpu_seconds: float

    @property
    def client_cpus(self) -> float:
        """The clients' CPU use, in CPUs (they share the machine with the server)."""
        return self.client_cpu_seconds / self.seconds if self.seconds else 0.0


def together(
    clients: list[MeetingClient],
    step: Callable[[MeetingClient], None],
    seconds: float | None,
) -> Phase:
    """Every client repeats `step` in its own thread, all starting at once.

    Each client first makes sure its connection is open, then waits for the
    others; each starts a new step while fewer than `seconds` have passed since
    the start (or does one step when `seconds` is None) and finishes the one
    it is in.
    """
    start = threading.Barrier(len(clients) + 1)
    failures: list[BaseException] = []

    def loop(client: MeetingClient) -> None:
        try:
            client.conn.get("/health/")  # connect before the clock starts
        except (OSError, http.client.HTTPException):
            client.conn = Connection(client.meeting.port)
        start.wait()
        try:
            began = time.perf_counter()
            step(client)
            while seconds is not None and time.perf_counter() - began < seconds:
                step(client)
        except BaseException as exc:  # reported below, after the threads finish
            failures.append(exc)

    threads = [threading.Thread(target=loop, args=(c,), daemon=True) for c in clients]
    for t in threads:
        t.start()
    start.wait()
    began, cpu = time.perf_counter(), time.process_time()
    for t in threads:
        t.join()
    phase = Phase(time.perf_counter() - began, time.process_time() - cpu)
    if failures:
        raise BenchError(f"A client failed: {failures[0]!r}")
    return phase


def collect(clients: list[MeetingClient]) -> dict[str, Tally]:
    """Every client's tallies since the last collection, merged by request type."""
    merged: dict[str, Tally] = {}
    for client in clients:
        for kind, tally in client.collect().items():
            merged.setdefault(kind, Tally()).merge(tally)
    return merged


def verify_saves(
    env: dict[str, str], meeting: Meeting, clients: list[MeetingClient]
) -> dict[str, Any]:
    """Check in the database that every acknowledged save is there (child process).

    For each client: the versions holding its marker are all in one lineage;
    that lineage has as many versions as the client had acknowledged saves;
    and its current version's text is the last acknowledged one.
    """
    asked = {"assessment": meeting.assessment, "prefixes": [c.prefix for c in clients]}
    found = json.loads(
        run([sys.executable, "-c", VERIFY_SCRIPT, json.dumps(asked)], env)
    )
    checked = []
    for client, seen in zip(clients, found, strict=True):
        lineages = seen["lineages"]
        present = sum(line["versions"] for line in lineages)
        text_right = len(lineages) == 1 and lineages[0]["current"] == [client.last_text]
        checked.append(
            {
                "client": client.number,
                "attempted": client.attempts,
                "acknowledged": client.acknowledged,
                "present": present,
                "lineages": len(lineages),
                "current_text_right": text_right,
                "right": (
                    present == seen["with_marker"] == client.acknowledged
                    and (text_right if client.acknowledged else not lineages)
                ),
            }
        )
    return {
        "acknowledged": sum(c["acknowledged"] for c in checked),
        "present": sum(c["present"] for c in checked),
        "all_present": all(c["right"] for c in checked),
        "clients": checked,
    }


def serve_threads(env: dict[str, str], asked: int | None) -> int | None:
    """The thread count the server runs with: --threads, or serve's own default."""
    if asked is not None:
        return asked
    try:
        return int(run([sys.executable, "-c", SERVE_THREADS_SCRIPT], env).strip())
    except (BenchError, ValueError):
        return None  # reported as "serve's default"


def bench_database(
    name: str, env: dict[str, str], work: Path, args: argparse.Namespace
) -> dict[str, Any]:
    """Set up one database, run both phases on one server, and check the saves."""
    started = time.monotonic()
    load_data(name, env, PEOPLE, OPEN_REFERRALS)
    setup = json.loads(run([sys.executable, "-c", SETUP_SCRIPT], env))
    if setup["entries"] < CONTRIBUTIONS or len(setup["participants"]) < 2:
        raise BenchError(f"No synthetic assessment to meet in: {setup}")
    threads = serve_threads(env, args.threads)
    log_path = work / f"meeting-server-{name}.log"
    log(
        f"{name}: {setup['vendor']} {setup['version']}; assessment "
        f"{setup['assessment']} ({len(setup['participants'])} participants, "
        f"{setup['entries']} entries); serving with {WORKERS} workers x "
        f"{threads or 'default'} threads"
    )
    with server(env, log_path, WORKERS, args.threads) as port:
        meeting = Meeting(
            port=port,
            assessment=setup["assessment"],
            participants=setup["participants"],
            entries=setup["entries"],
            open_referrals=setup["open_referrals"],
        )
        clients = [
            MeetingClient(number, meeting) for number in range(1, args.clients + 1)
        ]
        together(clients, MeetingClient.warm_up, None)
        warm_up = collect(clients)
        if problems := [s for t in warm_up.values() for s in t.samples]:
            raise BenchError(f"{name}: the warm-up failed: {problems[:3]}")

        log(f"{name}: the meeting, {args.clients} clients for {args.seconds:.0f} s")
        in_phase_1 = together(clients, MeetingClient.meeting_round, args.seconds)
        in_meeting = collect(clients)

        alone: dict[str, dict[str, Any]] = {}
        for kind, label in ALONE.items():
            log(f"{name}: {label} alone, {args.page_seconds:.0f} s")
            phase = together(
                clients, partial(MeetingClient.page, kind=kind), args.page_seconds
            )
            alone[kind] = (
                collect(clients).get(kind, Tally()).figures(label, phase.seconds)
            )
            alone[kind]["client_cpus"] = phase.client_cpus
        for client in clients:
            client.conn.close()

    saves = verify_saves(env, meeting, clients)
    server_log = log_path.read_text(errors="replace")
    requests = {
        kind: in_meeting.get(kind, Tally()).figures(label, in_phase_1.seconds)
        for kind, label in MEETING.items()
    }
    total = sum(r["requests"] for r in requests.values())
    floor_rate = alone["floor"]["requests_per_second"]
    for figures in alone.values():
        figures["vs_floor"] = (
            figures["requests_per_second"] / floor_rate if floor_rate else 0.0
        )
    result: dict[str, Any] = {
        "name": name,
        "database": setup["vendor"],
        "version": setup["version"],
        "team": setup["team"],
        "assessment": {
            "id": setup["assessment"],
            "participants": len(setup["participants"]),
            "entries_before": setup["entries"],
        },
        "open_referrals": setup["open_referrals"],
        "server": {"workers": WORKERS, "threads": threads},
        # The server's whole log, both phases.
        "server_log": {
            "database_is_locked": server_log.count("database is locked"),
            "tracebacks": server_log.count("Traceback"),
        },
        "meeting": {
            "clients": args.clients,
            "seconds": in_phase_1.seconds,
            "client_cpus": in_phase_1.client_cpus,
            "requests": requests,
            "all": {
                "requests": total,
                "requests_per_second": total / in_phase_1.seconds,
            },
            "errors": sum(r["errors"] for r in requests.values()),
            "saves": saves,
        },
        "alone": {
            "clients": args.clients,
            "seconds": args.page_seconds,
            "pages": alone,
            "errors": sum(p["errors"] for p in alone.values()),
        },
    }
    result["checks"] = checks(result)
    log(f"{name}: done in {time.monotonic() - started:.0f} s")
    return result


def checks(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Each budget, whether it is met, and the figure that decides it."""
    requests = result["meeting"]["requests"]

    def worst(key: str) -> tuple[str, float]:
        """The slowest request type by `key`; one with no answers counts as too slow."""
        value = {
            kind: float("inf") if r[key] is None else r[key]
            for kind, r in requests.items()
        }
        kind = max(value, key=value.__getitem__)
        return requests[kind]["label"], value[kind]

    p95_of, p95 = worst("p95_ms")
    p99_of, p99 = worst("p99_ms")
    errors = result["meeting"]["errors"] + result["alone"]["errors"]
    locked = result["server_log"]["database_is_locked"]
    saves = result["meeting"]["saves"]
    ratio = result["alone"]["pages"]["assessment"]["vs_floor"]
    return [
        {
            "budget": f"Meeting: p95 ≤ {P95_MS:.0f} ms for every request type",
            "met": p95 <= P95_MS,
            "figure": f"worst {p95:.1f} ms ({p95_of})",
        },
        {
            "budget": f"Meeting: p99 ≤ {P99_MS:.0f} ms for every request type",
            "met": p99 <= P99_MS,
            "figure": f"worst {p99:.1f} ms ({p99_of})",
        },
        {
            "budget": "No errors (meeting and pages alone)",
            "met": errors == 0,
            "figure": f"{result['meeting']['errors']} in the meeting, "
            f"{result['alone']['errors']} alone",
        },
        {
            "budget": 'No "database is locked" in the server log',
            "met": locked == 0,
            "figure": str(locked),
        },
        {
            "budget": "Every acknowledged save is in the database",
            "met": saves["all_present"],
            "figure": f"{saves['present']} of {saves['acknowledged']} present",
        },
        {
            "budget": "Whole-assessment page alone ≥ 1/5 of the floor's requests/s",
            "met": ratio >= PAGE_VS_FLOOR,
            "figure": f"{ratio:.2f}x",
        },
    ]


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def tables(result: dict[str, Any]) -> str:
    """The meeting and the pages alone, for one database, as markdown."""
    m, alone = result["meeting"], result["alone"]
    threads = result["server"]["threads"] or "default"
    lines = [
        f"{result['database']} {result['version']}: the meeting, {m['clients']} "
        f"clients for {m['seconds']:.0f} s, {result['server']['workers']} workers x "
        f"{threads} threads (assessment with {result['assessment']['participants']} "
        f"participants, {result['assessment']['entries_before']} entries before). "
        "Server time measured at the client over loopback.",
        "",
        "| request | requests | p50 ms | p95 ms | p99 ms | requests/s | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in m["requests"].values():
        lines.append(
            f"| {r['label']} | {r['requests']} | {ms(r['p50_ms'])} "
            f"| {ms(r['p95_ms'])} | {ms(r['p99_ms'])} "
            f"| {r['requests_per_second']:.1f} | {r['errors']} |"
        )
    lines.append(
        f"| all | {m['all']['requests']} | | | "
        f"| {m['all']['requests_per_second']:.1f} | {m['errors']} |"
    )
    saves = m["saves"]
    rounds = [c["attempted"] for c in saves["clients"]]
    lines += [
        "",
        f"Saves acknowledged {saves['acknowledged']}, present in the database "
        f"{saves['present']} ({'all' if saves['all_present'] else 'NOT all'} "
        f"clients' entries right). Rounds per client {min(rounds)} to "
        f"{max(rounds)} (a new connection each round). "
        "The clients used "
        f"{m['client_cpus']:.2f} CPUs (they share the machine with the server).",
        "",
        f"Each page alone, {alone['clients']} clients, {alone['seconds']:.0f} s each:",
        "",
        "| page | requests | requests/s | vs floor | p50 ms | p95 ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for p in alone["pages"].values():
        lines.append(
            f"| {p['label']} | {p['requests']} | {p['requests_per_second']:.0f} "
            f"| {p['vs_floor']:.2f}x | {ms(p['p50_ms'])} | {ms(p['p95_ms'])} "
            f"| {p['errors']} |"
        )
    lines += [
        "",
        f'"database is locked" in the server log (both phases): '
        f"{result['server_log']['database_is_locked']}; tracebacks: "
        f"{result['server_log']['tracebacks']}.",
    ]
    return "\n".join(lines)


def budget_table(results: list[dict[str, Any]]) -> str:
    """Every budget against every database run; only SQLite's decide the exit status."""
    head = " | ".join(f"{r['database']} {r['version']}" for r in results)
    lines = [
        f"| budget | {head} |",
        "|---|" + "---|" * len(results),
    ]
    for number, check in enumerate(results[0]["checks"]):
        cells = []
        for r in results:
            c = r["checks"][number]
            cells.append(f"{'met' if c['met'] else '**NOT met**'}: {c['figure']}")
        lines.append(f"| {check['budget']} | {' | '.join(cells)} |")
    return "\n".join(lines)


def print_errors(result: dict[str, Any]) -> None:
    for phase in ("meeting", "alone"):
        figures = (
            result[phase]["requests"] if phase == "meeting" else result[phase]["pages"]
        )
        for r in figures.values():
            for sample in r["error_samples"]:
                print(f"  {result['name']}, {phase}, {r['label']}: {sample}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument(
        "--clients", type=int, default=8, help="People in the meeting (default 8)."
    )
    parser.add_argument(
        "--seconds",
        type=float,
        default=60.0,
        help="How long the meeting lasts (default 60).",
    )
    parser.add_argument(
        "--page-seconds",
        type=float,
        default=20.0,
        help="How long each page is asked for alone (default 20).",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="Threads per server worker (default: the serve command's own).",
    )
    args = parser.parse_args()
    if args.clients < 1:
        parser.error("--clients must be 1 or more")

    # A SIGTERM unwinds like Ctrl-C, so the servers and the PostgreSQL cluster
    # are stopped by their `finally` blocks.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    return run_and_report(
        Bench(
            name="Meeting",
            prefix="meeting",
            results=RESULTS,
            bench=lambda vendor, env, work: bench_database(vendor, env, work, args),
            show=show,
            budget_table=budget_table,
        ),
        args.only,
        {
            "settings": {**vars(args), "workers": WORKERS, "people": PEOPLE},
            "budgets": {
                "p95_ms": P95_MS,
                "p99_ms": P99_MS,
                "assessment_page_vs_floor": PAGE_VS_FLOOR,
                "judged_on": "sqlite",
            },
        },
    )


def show(result: dict[str, Any]) -> None:
    """One database's tables, then its errors."""
    print(tables(result) + "\n")
    print_errors(result)


if __name__ == "__main__":
    sys.exit(main())
