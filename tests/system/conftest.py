"""Browser tests: one production-style server for the whole session, Chromium driven
by Playwright, and axe-core for accessibility.

The server runs as a subprocess (`coassess serve`: gunicorn, DEBUG off, WhiteNoise)
on a throwaway data folder loaded with the fictional demo data, so these tests
never touch the pytest-django test database and see exactly what a browser sees
in production: real static files, real security headers, real CSP.

Every page opened through `open_page` records console errors, uncaught script
errors and CSP violations; a test fails if any appear. Axe is evaluated through
the DevTools protocol (`page.evaluate`), which CSP does not govern, so no context
ever needs `bypass_csp` and every page is checked under the real policy.
"""

from __future__ import annotations

import base64
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django_otp.oath import hotp

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "coassess.cli"]
AXE_SOURCE = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DEMO_PASSWORD = "system-tests-demo-password-7f3"
# Every demo account's authenticator is set up with this key (base32).
DEMO_TOTP_SECRET = "SYSTEMTESTSDEMOSECRETFORBROWSER2"
# Settings the developer's shell may carry that would point the server somewhere
# other than its own throwaway SQLite folder, or change how it behaves.
FOREIGN_SETTINGS = (
    "DATABASE_URL",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "STATICFILES_BACKEND",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "BEHIND_TLS_PROXY",
    "SECURE_SSL_REDIRECT",
    "AXES_FAILURE_LIMIT",
    "SESSION_IDLE_SECONDS",
    "SESSION_MAX_SECONDS",
    "SQLITE_TEST_NAME",
    "COASSESS_DEMO_TOTP_SECRET",
)


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can.

    They never skip: without Chromium the session fixtures start nothing and
    each test fails with this reason as it asks for a page (`make test`
    installs Chromium first).
    """
    if CHROMIUM.exists():
        return None
    return (
        f"Chromium is not installed at {CHROMIUM}; run `make system-deps` (needs root)."
    )


# --- The server ---------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in FOREIGN_SETTINGS}
    env.update(
        COASSESS_DATA_DIR=str(data_dir),
        COASSESS_DEMO_PASSWORD=DEMO_PASSWORD,
        COASSESS_DEMO_TOTP_SECRET=DEMO_TOTP_SECRET,
        COASSESS_ENVIRONMENT="development",  # the demo refuses to load in production
        DEBUG="false",
        DJANGO_SETTINGS_MODULE="coassess.config.settings",
    )
    return env


def in_demo(demo_data: Path | None, script: str) -> dict[str, Any]:
    """Run `script` with Django's shell in the demo server's own data; the
    JSON object its last line prints. Fails the test without Chromium (and so
    without the demo)."""
    if demo_data is None:
        pytest.fail("Chromium is not installed", pytrace=False)
    done = subprocess.run(  # noqa: S603 (our own command, fixed arguments)
        [*CLI, "shell", "-c", script],
        env=_server_env(demo_data),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def _wait_until_healthy(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(
                f"coassess serve exited with {server.returncode}:\n{log.read_text()}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (our own server)
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    pytest.fail(f"{url} did not answer 200 within 30 seconds:\n{log.read_text()}")


def _stop(server: subprocess.Popen[bytes]) -> None:
    """Stop gunicorn and its workers: they share the process group we gave them."""
    if server.poll() is not None:
        return
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
    except ProcessLookupError:
        pass


@pytest.fixture(scope="session")
def demo_data(tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    """A data folder loaded with the demo, for the session; None without a browser."""
    if chromium_missing():  # no browser, no point loading anything
        return None
    data_dir = tmp_path_factory.mktemp("coassess-data")
    demo = subprocess.run(  # noqa: S603 (fixed arguments)
        [*CLI, "demo", "--no-serve"],
        env=_server_env(data_dir),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    if demo.returncode != 0:
        pytest.fail(f"coassess demo failed:\n{demo.stdout}\n{demo.stderr}")
    return data_dir


@contextmanager
def serving(data_dir: Path, name: str, **settings: str) -> Iterator[str]:
    """The address of `coassess serve` on `data_dir`, with these extra settings."""
    env = {**_server_env(data_dir), **settings}
    port = _free_port()
    log = data_dir / f"{name}.log"
    with log.open("wb") as out:
        # A session of its own, so that stopping it stops gunicorn's workers too.
        server = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [
                *CLI,
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                "1",
                "--quiet",
            ],
            env=env,
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_until_healthy(f"{url}/health/", server, log)
        yield url
    finally:
        _stop(server)


@pytest.fixture(scope="session")
def base_url(demo_data: Path | None) -> Iterator[str]:
    """The address of a coassess server loaded with the demo data, for the session."""
    if demo_data is None:
        yield ""
        return
    with serving(demo_data, "server") as url:
        yield url


# --- The browser --------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if chromium_missing():
        yield None
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@dataclass
class Problems:
    """What went wrong in a page's console: script errors and CSP violations."""

    messages: list[str] = field(default_factory=list)
    # A page that is meant to answer 404 or 400 makes Chromium log "Failed to
    # load resource" for the document itself; tests say which addresses those are.
    expected_failures: set[str] = field(default_factory=set)

    def on_console(self, message: Any) -> None:
        if message.type != "error":
            return
        text = message.text
        url = message.location.get("url", "")
        if text.startswith("Failed to load resource") and url in self.expected_failures:
            return
        self.messages.append(f"console error: {text} ({url})")

    def on_page_error(self, error: Any) -> None:
        self.messages.append(f"uncaught error: {error}")

    def assert_none(self) -> None:
        found, self.messages = self.messages, []
        assert not found, "the browser reported problems:\n" + "\n".join(found)


@pytest.fixture
def open_page(browser: Any, base_url: str) -> Iterator[Callable[..., Any]]:
    """open_page(**context_options) -> a page in a fresh browser context.

    Each page collects console errors and CSP violations in `page.problems`;
    `check_accessibility` asserts there are none, and so does the end of the test.
    """
    opened: list[Any] = []

    def open_(**options: Any) -> Any:
        missing = chromium_missing()
        if missing:
            pytest.fail(missing, pytrace=False)
        options.setdefault("base_url", base_url)
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        page = context.new_page()
        problems = Problems()
        page.on("console", problems.on_console)
        page.on("pageerror", problems.on_page_error)
        page.problems = problems
        opened.append(page)
        return page

    yield open_
    try:
        for page in opened:
            page.problems.assert_none()
    finally:
        for page in opened:
            page.context.close()


# The last 30-second step whose code each demo account has used.
_USED_STEPS: dict[str, int] = {}


def code_for(username: str, secret: str = DEMO_TOTP_SECRET) -> str:
    """A code from `username`'s authenticator that the server has not accepted
    yet: this step's, or the next step's (the server accepts one step ahead)
    when this step's was used; waits for the clock when both were."""
    key = base64.b32decode(secret)
    while True:
        now = int(time.time()) // 30
        step = max(now, _USED_STEPS.get(username, -1) + 1)
        if step <= now + 1:
            _USED_STEPS[username] = step
            return f"{hotp(key, step):06d}"
        time.sleep(30 - time.time() % 30 + 0.1)


def give_password(page: Any, username: str, password: str = DEMO_PASSWORD) -> None:
    """The first step of signing in, from wherever the page is now."""
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def give_code(page: Any, code: str) -> None:
    """The second step: a code from the account's authenticator (`code_for`,
    taken before the password, since it may wait for the clock)."""
    page.get_by_role("heading", level=1, name="Enter your sign-in code").wait_for()
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Continue").click()


def sign_in(page: Any, username: str, password: str = DEMO_PASSWORD) -> None:
    code = code_for(username)
    page.goto("/sign-in/")
    give_password(page, username, password)
    give_code(page, code)
    page.get_by_role("heading", level=1, name="Your work").wait_for()


@pytest.fixture(scope="session")
def signed_in_states() -> dict[str, dict[str, Any]]:
    """Cookies of each demo user once signed in, by username."""
    return {}


@pytest.fixture
def signed_in_page(
    open_page: Callable[..., Any], signed_in_states: dict[str, dict[str, Any]]
) -> Callable[..., Any]:
    """signed_in_page("lead", **context_options) -> a page signed in as that demo user.

    Each role signs in through the form (password, then code) once per session;
    later pages reuse its cookies, which keeps the suite quick (Argon2 is slow
    on purpose, and each code signs an account in once).
    """

    def open_signed_in(username: str, **options: Any) -> Any:
        if username not in signed_in_states:
            page = open_page()
            sign_in(page, username)
            signed_in_states[username] = page.context.storage_state()
        return open_page(storage_state=signed_in_states[username], **options)

    return open_signed_in


# --- Accessibility ------------------------------------------------------------------


NARROWEST = 320  # CSS pixels: WCAG 2.2 reflow (1.4.10), a small old phone


def check_fits_narrow_screen(page: Any) -> None:
    """At 320 px wide the page needs no sideways scrolling: fail naming the
    widest elements that stick out."""
    before = page.viewport_size
    page.set_viewport_size({"width": NARROWEST, "height": 640})
    # Let the header's script fold its menu for the new width (it listens for resize).
    page.wait_for_timeout(150)
    try:
        overflow = page.evaluate(
            """width => {
                const doc = document.documentElement;
                if (doc.scrollWidth <= width) return [];
                return [...document.body.querySelectorAll("*")]
                    .filter(el => el.getBoundingClientRect().right > width + 0.5)
                    .slice(-5)
                    .map(el => `${el.tagName.toLowerCase()}.${el.className} ` +
                        `(right edge ${Math.round(el.getBoundingClientRect().right)} px)`);
            }""",
            NARROWEST,
        )
    finally:
        if before:
            page.set_viewport_size(before)
    assert not overflow, f"{page.url} is wider than {NARROWEST} px: {overflow}"


def check_accessibility(page: Any) -> None:
    """Run axe-core on the page as it is now; fail listing every violation. Then
    check the page fits a 320 px screen (check_fits_narrow_screen)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "options => window.axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    # An axe that ran no rules would pass anything.
    assert result["passes"], f"axe checked nothing on {page.url}"
    violations = result["violations"]
    if violations:
        lines = [f"axe found {len(violations)} problem(s) on {page.url}:"]
        for v in violations:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
            for node in v["nodes"]:
                lines.append(
                    f"    at {json.dumps(node['target'])}: {node['failureSummary']}"
                )
        pytest.fail("\n".join(lines), pytrace=False)
    check_fits_narrow_screen(page)
    page.problems.assert_none()


def choose_voice(scope: Any, question: str, voice: str) -> None:
    """Choose `voice` ("Alex Morgan (lived experience)") among the radios asked
    by `question` ("Whose words or view is this?"). No voice is chosen for the
    writer by default (hazard H26), so every journey chooses one."""
    group = scope.get_by_role("group", name=question)
    group.get_by_label(voice, exact=True).check()
