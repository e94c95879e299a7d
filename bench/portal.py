"""`make bench`, the portal: the person's and a supporter's view of an assessment.

Issue 13's budget: the person's view and a supporter's view of a full demo
assessment, median within 3x the framework floor and p95 at most 150 ms, in
the meeting benchmark's conditions (bench/meeting.py).

For SQLite and then PostgreSQL (or `--only` one), with meeting.py's helpers:
a fresh data folder with the same data as the meeting (`coassess demo
--no-serve`, then the synthetic people, assessments and open referrals); a
child process (models only) takes the demo person Sam Reid's assessment, lets
her supporter Maggie Reid see every part (`set_sharing(by_person=True)`, as
Sam does on her own device), and issues one access code per client, half for
Sam and half for Maggie, printing their texts as JSON. Then `coassess serve
--workers 2` as in the meeting. Each client signs in through the real sign-in
form (GET /my/, POST the code and the answer, keep the session cookie).

A short warm-up (not timed) loads every page in both workers. Then, for
--seconds (default 30), --clients (default 8) clients at once, half as Sam and
half as Maggie, each repeat a round on a new connection (as the meeting's
rounds do): the record page (`/my/record/<id>/`), then the copy page
(`/my/record/<id>/plan/`). Each answer must be a 200 holding the page's real
content (a 302 to sign-in is an error). Then the framework floor
(`/bench/floor/`, anonymous) the same way, two requests a round on a new
connection, for the same time, on the same server: the floor of this run.

Budgets, judged on SQLite (PostgreSQL's checked and recorded the same way):
for each of the four pages (Sam's record and copy, Maggie's record and copy)
median at most 3x the floor's median, p95 at most 150 ms; and no errors.
Exit status 1 when a SQLite budget is not met (or the run fails).

Tables are printed, and everything is written to var/bench/portal.json.

    python bench/portal.py [--only sqlite|postgresql] [--clients N]
                           [--seconds S] [--threads T]
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from loadgen import BenchError, Connection, Response, cookies_from
from meeting import (
    OPEN_REFERRALS,
    PEOPLE,
    WORKERS,
    Tally,
    collect,
    serve_threads,
    together,
)
from report import Bench, run_and_report
from run import REPO, load_data, log, run, server

RESULTS = REPO / "var" / "bench" / "portal.json"
ANSWER = "Lighthouse"  # what each code's viewer is asked to know (a word)
WARM_UP_ROUNDS = 3

# Budgets (issue 13), judged on SQLite.
MEDIAN_VS_FLOOR = 3.0
P95_MS = 150.0

PAGES = {
    "person_record": "the person's record page",
    "person_copy": "the person's copy page",
    "supporter_record": "a supporter's record page (every part shared)",
    "supporter_copy": "a supporter's copy page (every part shared)",
}
FLOOR = "framework floor (anonymous)"

# Run in the app's environment on the database under test: Sam's assessment,
# every part shared with Maggie by Sam herself, and a code for each client.
SETUP_SCRIPT = """
import json, os, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coassess.config.settings")
django.setup()
from django.db import connection
from coassess.accounts.models import User
from coassess.assessments.models import Assessment, Contribution
from coassess.people import codes
from coassess.people.code_services import issue_code
from coassess.people.models import Person
from coassess.people.sharing import CATEGORIES, current_numbers
from coassess.people.sharing_services import set_sharing

asked = json.loads(sys.argv[1])
clinician = User.objects.get(username="clinician")
team = clinician.membership.team
sam = Person.objects.get(given_name="Samantha", family_name="Reid")
maggie = sam.supporters.get(name="Maggie Reid")
assessment = Assessment.objects.get(person=sam, team=team)
seen = current_numbers(maggie)
for category in CATEGORIES:
    set_sharing(
        supporter=maggie, category=str(category), granted=True,
        seen=seen[str(category)], by_person=True,
    )

def code(supporter):
    _, made = issue_code(
        actor=clinician, person=sam, team=team, supporter=supporter,
        known_kind=codes.Known.WORD, known_answer=asked["answer"],
    )
    return made.text

with connection.cursor() as cursor:
    if connection.vendor == "postgresql":
        cursor.execute("SHOW server_version")
    else:
        cursor.execute("SELECT sqlite_version()")
    version = cursor.fetchone()[0]
print(json.dumps({
    "vendor": connection.vendor,
    "version": version,
    "assessment": str(assessment.pk),
    "entries": Contribution.objects.filter(assessment=assessment, is_current=True).count(),
    "shared": [str(c) for c in CATEGORIES],
    "person_codes": [code(None) for _ in range(asked["person"])],
    "supporter_codes": [code(maggie) for _ in range(asked["supporter"])],
}))
"""

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def has(
    *markers: bytes, least: dict[bytes, int] | None = None
) -> Callable[[bytes], str]:
    """A check that the body holds every marker (and at least `least` of some)."""

    def check(body: bytes) -> str:
        missing = [m.decode() for m in markers if m not in body]
        if missing:
            return f"no {missing} on the page"
        for marker, count in (least or {}).items():
            if body.count(marker) < count:
                return f"fewer than {count} {marker.decode()!r} on the page"
        return ""

    return check


# The real content of each page: its heading, and what only a page with the
# assessment's words on it has (the said entries and decisions; the plan).
# A page telling a supporter nothing is shared fails these.
CHECKS: dict[str, Callable[[bytes], str]] = {
    "person_record": has(
        b"<h1>Everything written down</h1>",
        b'id="part-decisions"',
        least={b'class="portal-words"': 10},
    ),
    "person_copy": has(b"<h1>Your copy of the plan</h1>", b'class="portal-copy"'),
    "supporter_record": has(
        b"<h1>Everything written down</h1>",
        b'id="part-decisions"',
        least={b'class="portal-words"': 10},
    ),
    "supporter_copy": has(b"s plan</h1>", b'class="portal-copy"'),
}


def sign_in_with_code(port: int, code: str) -> str:
    """Sign in through the portal's real form; the Cookie header of the session."""
    conn = Connection(port)
    try:
        page = conn.get("/my/")
        csrf_cookie = cookies_from(page).get("csrftoken")
        found = CSRF.search(page.body)
        if page.status != 200 or not csrf_cookie or not found:
            raise BenchError(f"GET /my/ gave HTTP {page.status} and no CSRF token.")
        form = {
            "code": code,
            "answer": ANSWER,
            "csrfmiddlewaretoken": found.group(1).decode(),
        }
        done = conn.request(
            "POST",
            "/my/",
            {
                "Cookie": f"csrftoken={csrf_cookie}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
            urlencode(form).encode(),
        )
        jar = {"csrftoken": csrf_cookie, **cookies_from(done)}
        where = urlsplit(done.headers.get("Location", "")).path
        if done.status != 302 or where != "/my/record/" or "sessionid" not in jar:
            raise BenchError(
                f"Signing in with a code failed (HTTP {done.status} {where})."
            )
        return f"csrftoken={jar['csrftoken']}; sessionid={jar['sessionid']}"
    finally:
        conn.close()


@dataclass(frozen=True)
class Place:
    """The server (`together` reconnects to `meeting.port`) and the assessment."""

    port: int
    assessment: str


class PortalClient:
    """One viewer (the person or a supporter) with their own session."""

    def __init__(self, place: Place, who: str, code: str) -> None:
        self.meeting = place  # the name `together` uses
        self.who = who  # "person" or "supporter"
        self.cookie = sign_in_with_code(place.port, code)
        self.conn = Connection(place.port)
        self.tallies: dict[str, Tally] = {}

    def collect(self) -> dict[str, Tally]:
        taken, self.tallies = self.tallies, {}
        return taken

    def get(
        self, kind: str, path: str, check: Callable[[bytes], str], cookie: str
    ) -> None:
        """GET `path`; right when HTTP 200 and `check` finds nothing wrong."""
        tally = self.tallies.setdefault(kind, Tally())
        try:
            response: Response = self.conn.request(
                "GET", path, {"Cookie": cookie} if cookie else {}
            )
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()
            self.conn = Connection(self.meeting.port)
            tally.error(f"GET {path}: {exc!r}")
            return
        tally.answer(response)
        problem = (
            check(response.body)
            if response.status == 200
            else f"HTTP {response.status} {response.headers.get('Location', '')}"
        )
        if problem:
            tally.error(f"GET {path}: {problem}")

    def new_connection(self) -> None:
        """Each round on a new connection, as in the meeting: it goes to
        whichever worker accepts it first."""
        self.conn.close()
        self.conn = Connection(self.meeting.port)

    def pages(self) -> None:
        """One round: the record page, then the copy page."""
        self.new_connection()
        record = f"/my/record/{self.meeting.assessment}/"
        kind = f"{self.who}_record"
        self.get(kind, record, CHECKS[kind], self.cookie)
        kind = f"{self.who}_copy"
        self.get(kind, f"{record}plan/", CHECKS[kind], self.cookie)

    def floor(self) -> None:
        """One round of the floor, the same way: two requests, anonymous."""
        self.new_connection()
        for _ in range(2):
            self.get("floor", "/bench/floor/", lambda body: "", "")

    def warm_up(self) -> None:
        for _ in range(WARM_UP_ROUNDS):
            self.pages()
            self.floor()


def bench_database(
    name: str, env: dict[str, str], work: Path, args: argparse.Namespace
) -> dict[str, Any]:
    started = time.monotonic()
    load_data(name, env, PEOPLE, OPEN_REFERRALS)
    person = (args.clients + 1) // 2
    asked = {"answer": ANSWER, "person": person, "supporter": args.clients - person}
    setup = json.loads(
        run([sys.executable, "-c", SETUP_SCRIPT, json.dumps(asked)], env)
    )
    threads = serve_threads(env, args.threads)
    log_path = work / f"portal-server-{name}.log"
    log(
        f"{name}: {setup['vendor']} {setup['version']}; Sam Reid's assessment "
        f"{setup['assessment']} ({setup['entries']} entries), shared with Maggie: "
        f"{', '.join(setup['shared'])}; {WORKERS} workers x {threads or 'default'} "
        "threads"
    )
    with server(env, log_path, WORKERS, args.threads) as port:
        place = Place(port, setup["assessment"])
        clients = [PortalClient(place, "person", c) for c in setup["person_codes"]] + [
            PortalClient(place, "supporter", c) for c in setup["supporter_codes"]
        ]
        together(clients, PortalClient.warm_up, None)  # type: ignore[arg-type]
        if problems := [s for t in collect(clients).values() for s in t.samples]:  # type: ignore[arg-type]
            raise BenchError(f"{name}: the warm-up failed: {problems[:3]}")
        log(
            f"{name}: the portal pages, {args.clients} clients for {args.seconds:.0f} s"
        )
        phase = together(clients, PortalClient.pages, args.seconds)  # type: ignore[arg-type]
        tallies = collect(clients)  # type: ignore[arg-type]
        log(f"{name}: {FLOOR}, {args.clients} clients for {args.seconds:.0f} s")
        floor_phase = together(clients, PortalClient.floor, args.seconds)  # type: ignore[arg-type]
        floor_tallies = collect(clients)  # type: ignore[arg-type]
        floor = floor_tallies.get("floor", Tally()).figures(FLOOR, floor_phase.seconds)
        for client in clients:
            client.conn.close()

    server_log = log_path.read_text(errors="replace")
    pages = {
        kind: tallies.get(kind, Tally()).figures(label, phase.seconds)
        for kind, label in PAGES.items()
    }
    for figures in pages.values():
        figures["median_vs_floor"] = (
            figures["p50_ms"] / floor["p50_ms"]
            if figures["p50_ms"] is not None and floor["p50_ms"]
            else None
        )
    result: dict[str, Any] = {
        "name": name,
        "database": setup["vendor"],
        "version": setup["version"],
        "assessment": {"id": setup["assessment"], "entries": setup["entries"]},
        "shared_with_supporter": setup["shared"],
        "server": {"workers": WORKERS, "threads": threads},
        "clients": {"person": person, "supporter": args.clients - person},
        "seconds": phase.seconds,
        "client_cpus": phase.client_cpus,
        "floor": {**floor, "seconds": floor_phase.seconds},
        "pages": pages,
        "errors": floor["errors"] + sum(p["errors"] for p in pages.values()),
        "server_log": {"tracebacks": server_log.count("Traceback")},
    }
    result["checks"] = checks(result)
    log(f"{name}: done in {time.monotonic() - started:.0f} s")
    return result


def checks(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Each budget, whether it is met, and the figures that decide it."""
    found = []
    for figures in result["pages"].values():
        ratio, p95 = figures["median_vs_floor"], figures["p95_ms"]
        found.append(
            {
                "budget": f"{figures['label']}: median ≤ {MEDIAN_VS_FLOOR:g}x the floor's",
                "met": ratio is not None and ratio <= MEDIAN_VS_FLOOR,
                "figure": f"{ratio or 0:.1f}x ({ms(figures['p50_ms'])} ms vs "
                f"{ms(result['floor']['p50_ms'])} ms)",
            }
        )
        found.append(
            {
                "budget": f"{figures['label']}: p95 ≤ {P95_MS:.0f} ms",
                "met": p95 is not None and p95 <= P95_MS,
                "figure": f"{ms(p95)} ms",
            }
        )
    found.append(
        {
            "budget": "No errors (every answer a 200 with the page's content)",
            "met": result["errors"] == 0,
            "figure": str(result["errors"]),
        }
    )
    return found


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def table(result: dict[str, Any]) -> str:
    floor = result["floor"]
    lines = [
        f"{result['database']} {result['version']}: {result['clients']['person']} "
        f"clients as the person and {result['clients']['supporter']} as a supporter "
        f"for {result['seconds']:.0f} s, then the floor for {floor['seconds']:.0f} s; "
        f"{result['server']['workers']} workers x "
        f"{result['server']['threads'] or 'default'} threads; a new connection each "
        f"round. Assessment with {result['assessment']['entries']} entries. Server "
        "time measured at the client over loopback.",
        "",
        "| page | requests | p50 ms | p95 ms | p99 ms | requests/s | median vs floor "
        "| errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for p in [floor, *result["pages"].values()]:
        ratio = p.get("median_vs_floor", 1.0)
        lines.append(
            f"| {p['label']} | {p['requests']} | {ms(p['p50_ms'])} | {ms(p['p95_ms'])} "
            f"| {ms(p['p99_ms'])} | {p['requests_per_second']:.1f} "
            f"| {'-' if ratio is None else f'{ratio:.1f}x'} | {p['errors']} |"
        )
    lines += [
        "",
        f"The clients used {result['client_cpus']:.2f} CPUs; tracebacks in the "
        f"server log: {result['server_log']['tracebacks']}.",
    ]
    return "\n".join(lines)


def budget_table(results: list[dict[str, Any]]) -> str:
    head = " | ".join(f"{r['database']} {r['version']}" for r in results)
    lines = [f"| budget | {head} |", "|---|" + "---|" * len(results)]
    for number, check in enumerate(results[0]["checks"]):
        cells = []
        for r in results:
            c = r["checks"][number]
            cells.append(f"{'met' if c['met'] else '**NOT met**'}: {c['figure']}")
        lines.append(f"| {check['budget']} | {' | '.join(cells)} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--clients", type=int, default=8, help="Viewers (default 8).")
    parser.add_argument(
        "--seconds",
        type=float,
        default=30.0,
        help="How long the pages, then the floor, are asked for (default 30).",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="Threads per server worker (default: the serve command's own).",
    )
    args = parser.parse_args()
    if args.clients < 2:
        parser.error("--clients must be 2 or more (the person and a supporter)")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    return run_and_report(
        Bench(
            name="Portal",
            prefix="portal",
            results=RESULTS,
            bench=lambda vendor, env, work: bench_database(vendor, env, work, args),
            show=show,
            budget_table=budget_table,
        ),
        args.only,
        {
            "settings": {**vars(args), "workers": WORKERS, "people": PEOPLE},
            "budgets": {
                "median_vs_floor": MEDIAN_VS_FLOOR,
                "p95_ms": P95_MS,
                "judged_on": "sqlite",
            },
        },
    )


def show(result: dict[str, Any]) -> None:
    """One database's table, then each page's sample errors."""
    print(table(result) + "\n")
    for p in [result["floor"], *result["pages"].values()]:
        for sample in p["error_samples"]:
            print(f"  {result['name']}, {p['label']}: {sample}")


if __name__ == "__main__":
    sys.exit(main())
