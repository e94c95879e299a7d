"""HTTP side of the benchmarks: a keep-alive client, sign-in, and the two phases.

Times are taken at the client, around sending a request and reading the whole
response, over loopback to 127.0.0.1. On loopback that is the server's time
plus well under a millisecond of client and kernel work; the report calls it
"server time measured at the client over loopback".
"""

from __future__ import annotations

import base64
import http.client
import math
import os
import re
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Protocol
from urllib.parse import urlencode

from django_otp.oath import hotp

HOST = "127.0.0.1"
RETRYABLE = (
    http.client.RemoteDisconnected,
    ConnectionResetError,
    BrokenPipeError,
    http.client.CannotSendRequest,
    http.client.ResponseNotReady,
)


class BenchError(Exception):
    pass


# The demo authenticator every demo account has (settings.DEMO_TOTP_SECRET).
DEMO_SECRET = (
    os.environ.get("COASSESS_DEMO_TOTP_SECRET", "").strip()
    or "COASSESSDEMOSECRETNOTFORREALUSE2"
)
_last_step: dict[str, int] = {}
_steps = threading.Lock()


def next_code(username: str) -> str:
    """The demo authenticator's six-digit code for `username`'s next unused
    30-second step. The server accepts each step once per account and only
    steps from one before to one after its own, so this takes the step now or
    the next one, and waits for the clock when both are used (two sign-ins per
    account every 30 seconds)."""
    with _steps:
        while True:
            now = int(time.time()) // 30
            step = max(_last_step.get(username, now - 1) + 1, now)
            if step <= now + 1:
                break
            time.sleep(max(0.1, (step - 1) * 30 - time.time() + 0.5))
        _last_step[username] = step
    secret = "".join(DEMO_SECRET.split()).upper()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{hotp(key, step):06d}"


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    seconds: float


class Connection:
    """One keep-alive connection to the server under test."""

    def __init__(self, port: int, timeout: float = 30.0) -> None:
        self.port = port
        self.timeout = timeout
        self.conn = http.client.HTTPConnection(HOST, port, timeout=timeout)

    def request(
        self,
        method: str,
        path: str,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
    ) -> Response:
        headers = {"Host": f"{HOST}:{self.port}", **(headers or {})}
        for attempt in range(2):
            started = time.perf_counter()
            try:
                self.conn.request(method, path, body=body, headers=headers)
                raw = self.conn.getresponse()
                data = raw.read()
            except RETRYABLE:
                # The server closed an idle keep-alive connection: reconnect and
                # time the retry only. A second failure is a real error.
                self.conn.close()
                self.conn = http.client.HTTPConnection(
                    HOST, self.port, timeout=self.timeout
                )
                if attempt:
                    raise
                continue
            seconds = time.perf_counter() - started
            if raw.will_close:
                self.conn.close()
            return Response(raw.status, raw.headers, data, seconds)
        raise AssertionError("unreachable")

    def get(self, path: str, cookie: str = "") -> Response:
        return self.request("GET", path, {"Cookie": cookie} if cookie else None)

    def close(self) -> None:
        self.conn.close()


def cookies_from(response: Response) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def sign_in(port: int, username: str, password: str) -> str:
    """Sign in through the real form; return the Cookie header for the session."""
    conn = Connection(port)
    try:
        page = conn.get("/sign-in/")
        if page.status != 200:
            raise BenchError(f"GET /sign-in/ gave {page.status}")
        csrf_cookie = cookies_from(page).get("csrftoken")
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        if not csrf_cookie or not found:
            raise BenchError("The sign-in page gave no CSRF cookie or token.")
        form = urlencode(
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": found.group(1).decode(),
            }
        ).encode()
        done = conn.request(
            "POST",
            "/sign-in/",
            {
                "Cookie": f"csrftoken={csrf_cookie}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
            form,
        )
        jar = {"csrftoken": csrf_cookie, **cookies_from(done)}
        if done.status != 302 or "sessionid" not in jar:
            raise BenchError(f"Signing in as {username} failed (HTTP {done.status}).")
        return enter_code(conn, username, jar)
    finally:
        conn.close()


def _cookie(jar: dict[str, str]) -> str:
    return f"csrftoken={jar['csrftoken']}; sessionid={jar['sessionid']}"


def enter_code(conn: Connection, username: str, jar: dict[str, str]) -> str:
    """The second step of signing in: the code from the demo authenticator.
    `jar` holds the csrftoken and sessionid cookies after the password. Returns
    the Cookie header of the verified session (its key changes)."""
    page = conn.request("GET", "/sign-in/code/", {"Cookie": _cookie(jar)})
    jar = {**jar, **cookies_from(page)}
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
    if page.status != 200 or not found:
        raise BenchError(f"The code page for {username} gave HTTP {page.status}.")
    form = urlencode(
        {"code": next_code(username), "csrfmiddlewaretoken": found.group(1).decode()}
    ).encode()
    headers = {
        "Cookie": _cookie(jar),
        "Content-Type": "application/x-www-form-urlencoded",
    }
    done = conn.request("POST", "/sign-in/code/", headers, form)
    if done.status != 302:
        raise BenchError(f"The code for {username} was refused (HTTP {done.status}).")
    return _cookie({**jar, **cookies_from(done)})


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None


class Client(Protocol):
    """One connection's way through a scenario.

    `next_request` says what to send; `check` is given every answer (any
    status) and returns an error message, or "" when the answer is right. A
    client may keep state between the two, for example the id of what it saved.
    """

    def next_request(self) -> Request: ...

    def check(self, response: Response) -> str: ...


class Pages:
    """GET each path in turn; right when HTTP 200 and the body passes `body_check`."""

    def __init__(
        self, paths: Iterator[str], cookie: str, body_check: Callable[[bytes], str]
    ) -> None:
        self.paths = paths
        self.headers = {"Cookie": cookie} if cookie else {}
        self.body_check = body_check

    def next_request(self) -> Request:
        return Request("GET", next(self.paths), self.headers)

    def check(self, response: Response) -> str:
        if response.status != 200:
            where = response.headers.get("Location", "")
            return f"HTTP {response.status} {where}".strip()
        return self.body_check(response.body)


@dataclass
class Scenario:
    """What to time. Pages to GET (`paths`, `cookie`, `check`), or any `client`."""

    key: str
    label: str
    paths: Callable[[], Iterator[str]] | None = None
    cookie: str = ""
    # Checks a page's body; returns an error message or "".
    check: Callable[[bytes], str] = lambda body: ""
    # Makes a Client for one connection; used instead of `paths` when given.
    client: Callable[[], Client] | None = None
    # Slow pages take this share of the requests per client for requests/s, so
    # a run stays a few minutes long; the rate is still over hundreds of requests.
    throughput_share: float = 1.0
    latencies: list[float] = field(default_factory=list)
    loaded_latencies: list[float] = field(default_factory=list)
    throughput_requests: int = 0
    throughput_seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def start(self) -> Client:
        if self.client is not None:
            return self.client()
        if self.paths is None:
            raise BenchError(f"{self.label}: no paths and no client")
        return Pages(self.paths(), self.cookie, self.check)

    def fetch(self, conn: Connection, client: Client) -> float:
        request = client.next_request()
        response = conn.request(
            request.method, request.path, request.headers, request.body
        )
        if problem := client.check(response):
            self.errors.append(f"{request.method} {request.path}: {problem}")
        return response.seconds


def warm_up(port: int, scenarios: list[Scenario], requests: int) -> None:
    """Load code, templates and caches in every worker, and check each page works."""
    for scenario in scenarios:
        conn = Connection(port)
        client = scenario.start()
        try:
            for _ in range(requests):
                scenario.fetch(conn, client)
        finally:
            conn.close()
        if scenario.errors:
            raise BenchError(f"{scenario.label}: {scenario.errors[:3]}")


def measure_latency(port: int, scenarios: list[Scenario], rounds: int) -> None:
    """Sequential requests, one connection per scenario, interleaved round by round.

    Each round asks every scenario once, starting from a different one each
    time, so slow drift in the machine touches every scenario alike.
    """
    conns = [Connection(port) for _ in scenarios]
    clients = [s.start() for s in scenarios]
    try:
        for round_number in range(rounds):
            for offset in range(len(scenarios)):
                i = (round_number + offset) % len(scenarios)
                seconds = scenarios[i].fetch(conns[i], clients[i])
                scenarios[i].latencies.append(seconds)
    finally:
        for conn in conns:
            conn.close()


def measure_throughput(
    port: int, scenario: Scenario, clients: int, requests_per_client: int
) -> None:
    """`clients` threads, each with its own keep-alive connection, flat out."""
    start = threading.Barrier(clients + 1)
    failures: list[BaseException] = []

    def client(steps: Client) -> None:
        conn = Connection(port)
        mine: list[float] = []
        try:
            conn.get("/health/")  # connect before the clock starts
            start.wait()
            for _ in range(requests_per_client):
                mine.append(scenario.fetch(conn, steps))
        except BaseException as exc:  # reported below, after the threads finish
            failures.append(exc)
        finally:
            conn.close()
            scenario.loaded_latencies.extend(mine)

    threads = [
        threading.Thread(target=client, args=(scenario.start(),), daemon=True)
        for _ in range(clients)
    ]
    for t in threads:
        t.start()
    start.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    scenario.throughput_seconds += time.perf_counter() - began
    scenario.throughput_requests += clients * requests_per_client
    if failures:
        raise BenchError(f"{scenario.label}: {failures[0]!r}")


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank: the smallest value with `share` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summary(scenario: Scenario) -> dict[str, float]:
    ms = [s * 1000 for s in scenario.latencies]
    loaded_ms = [s * 1000 for s in scenario.loaded_latencies]
    return {
        "requests_sequential": len(ms),
        "median_ms": statistics.median(ms),
        "p95_ms": percentile(ms, 0.95),
        "requests_concurrent": scenario.throughput_requests,
        "requests_per_second": (
            scenario.throughput_requests / scenario.throughput_seconds
        ),
        "median_ms_under_load": statistics.median(loaded_ms),
        "p95_ms_under_load": percentile(loaded_ms, 0.95),
    }
