"""Shared fixtures: a team with one member per role, an outside team, people, and a
client whose every page is checked for basic HTML soundness.

Personas follow Healthchecks' pattern: `clinician` works in the team that knows
the person; `outsider` is a clinician in another team; each other role is in the
same team as `clinician`.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from coassess.accounts import services as account_services
from coassess.accounts.models import Role, Team, User
from coassess.accounts.second_factor import authenticator
from coassess.accounts.second_factor import session_values as second_factor_values
from coassess.people import services as people_services
from coassess.people.models import Person

PASSWORD = "correct-horse-battery-staple"


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Every test under tests/system is a browser test, marked `system`."""
    for item in items:
        if "/tests/system/" in str(item.fspath):
            item.add_marker(pytest.mark.system)


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    # Argon2 is slow on purpose; tests make hundreds of accounts. A test checks
    # that the real settings use Argon2 (tests/accounts/test_sign_in.py).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Unit tests render templates without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture
def team(db: None) -> Team:
    return account_services.create_team(
        name="Test Liaison Team", site="Test General (fictional)"
    )


@pytest.fixture
def other_team(db: None) -> Team:
    return account_services.create_team(
        name="Other Liaison Team", site="Elsewhere (fictional)"
    )


def make_user(username: str, team: Team, role: Role) -> User:
    return account_services.create_staff_user(
        username=username,
        password=PASSWORD,
        team=team,
        role=role,
        first_name=username.title(),
        last_name="Tester",
    )


@pytest.fixture
def users(team: Team, other_team: Team) -> dict[str, User]:
    """One user per persona, keyed by persona name."""
    return {
        "clinician": make_user("clinician", team, Role.CLINICIAN),
        "peer": make_user("peer", team, Role.PEER_WORKER),
        "lead": make_user("lead", team, Role.TEAM_LEAD),
        "coproduction": make_user("coproduction", team, Role.COPRODUCTION),
        "admin": make_user("admin", team, Role.ADMINISTRATOR),
        "outsider": make_user("outsider", other_team, Role.CLINICIAN),
    }


@pytest.fixture
def clinician(users: dict[str, User]) -> User:
    return users["clinician"]


PERSON_DATA: dict[str, Any] = {
    "given_name": "Samantha",
    "family_name": "Reid",
    "preferred_name": "Sam",
    "pronouns": "she/her",
    "date_of_birth": dt.date(1991, 4, 12),
    "nhs_number": "9434765919",
    "communication_needs": "",
    "preferred_language": "English",
    "interpreter_needed": False,
}


@pytest.fixture
def make_person(clinician: User) -> Callable[..., Person]:
    def make(actor: User | None = None, **overrides: Any) -> Person:
        data = {**PERSON_DATA, **overrides}
        return people_services.register_person(actor=actor or clinician, data=data)

    return make


@pytest.fixture
def person(make_person: Callable[..., Person]) -> Person:
    return make_person()


class PageChecker(HTMLParser):
    """Collects what the page checks need: ids, <main> count, <title> and <h1> text."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.mains = 0
        self.title = ""
        self.h1 = ""
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.append(value)
        if tag == "main":
            self.mains += 1
        if tag in ("title", "h1"):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "h1" and not self.h1.endswith(" "):
            self.h1 += data


def check_page(html: str) -> PageChecker:
    """Assert the basics every full page must have (after NTF's client_request checks)."""
    page = PageChecker()
    page.feed(html)
    duplicates = {i for i in page.ids if page.ids.count(i) > 1}
    assert not duplicates, f"duplicate ids: {duplicates}"
    assert page.mains == 1, f"expected one <main>, found {page.mains}"
    title = " ".join(page.title.split())
    h1 = " ".join(page.h1.split())
    assert h1, "the page has no <h1>"
    assert title.removeprefix("Error: ").startswith(h1.split(" ")[0]), (title, h1)
    return page


def give_authenticator(user: User) -> TOTPDevice:
    """`user`'s confirmed authenticator, set up here if they have none."""
    device = authenticator(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)
    return device


def app_code(device: TOTPDevice) -> str:
    """A code `device`'s app shows that the server has not accepted yet: this
    30-second step's, or the next step's (the server accepts one step either
    side) when this step's was used."""
    device.refresh_from_db()
    now = (int(time.time()) - device.t0) // device.step + device.drift
    step = max(now, device.last_t + 1)
    assert step <= now + 1, "this device's codes for now are used up"
    return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"


class CheckedClient(Client):
    """A test client that checks every full HTML page it fetches.

    `force_login` signs in past both steps, password and code, as a member who
    has set up an authenticator; `second_factor=False` stops after the password.
    """

    def force_login(  # type: ignore[override]
        self, user: User, backend: str | None = None, *, second_factor: bool = True
    ) -> None:
        super().force_login(user, backend)
        if second_factor:
            session = self.session
            session.update(second_factor_values(give_authenticator(user)))
            session.save()

    def request(self, **request: Any) -> Any:  # type: ignore[override]
        response = super().request(**request)
        content_type = response.get("Content-Type", "")
        body = response.content.decode() if content_type.startswith("text/html") else ""
        # Whole pages only: htmx fragments have no <html> of their own.
        if response.status_code in (200, 400, 403, 404, 409) and "<html" in body[:500]:
            check_page(body)
        return response


@pytest.fixture
def client() -> CheckedClient:
    return CheckedClient(HTTP_HOST="127.0.0.1")


@pytest.fixture
def signed_in(users: dict[str, User]) -> Callable[[str], CheckedClient]:
    """signed_in("lead") -> a client signed in as that persona, password and code."""

    def sign_in(persona: str) -> CheckedClient:
        c = CheckedClient(HTTP_HOST="127.0.0.1")
        c.force_login(users[persona])
        return c

    return sign_in


@pytest.fixture
def password_only(users: dict[str, User]) -> Callable[[str], CheckedClient]:
    """password_only("lead") -> a client that has given that persona's password
    and no code yet."""

    def sign_in(persona: str) -> CheckedClient:
        c = CheckedClient(HTTP_HOST="127.0.0.1")
        c.force_login(users[persona], second_factor=False)
        return c

    return sign_in
