"""Guessing codes gains nothing: a wrong code, a wrong answer, a locked,
expired or revoked code, and an address that has been refused too often all
give the same answer, after the same work, in the same time.

Sameness is made by construction (`code_services.sign_in_with_code`: every
try takes the same two keyed hashes and runs the same statements in the same
order, with one access-log event for every refusal) and tested three ways:
the answers are the same page (status, and body once the CSRF token and the
typed words are set aside); the statements are the same (the SQL of each
path, with values set aside, and the hashes counted); and the time is the
same (the median of many interleaved tries of each path, with a generous
tolerance so a busy machine does not make it flaky).
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coassess.accounts.models import User
from coassess.core.exceptions import DomainError
from coassess.people import code_services, codes
from coassess.people.code_services import issue_code, revoke_code, sign_in_with_code
from coassess.people.models import AccessCode, Person, SignInAttempt

pytestmark = pytest.mark.django_db

RIGHT = "12 4 1991"
WRONG = "1 1 1990"
LIMITED_ADDRESS = "203.0.113.99"


@dataclass(frozen=True)
class Path:
    """One way to be refused: the code typed, the answer, and the address."""

    name: str
    code: str
    answer: str
    fresh_address: bool = True


def _issue(clinician: User, person: Person, **kwargs: Any) -> codes.NewCode:
    membership = clinician.membership
    assert membership is not None
    code, made = issue_code(
        actor=clinician,
        person=person,
        team=membership.team,
        supporter=None,
        known_kind=codes.Known.DATE_OF_BIRTH,
        known_answer="1991-04-12",
        **kwargs,
    )
    return made


@pytest.fixture
def paths(clinician: User, person: Person, settings: Any) -> list[Path]:
    """Every kind of refusal, each repeatable: wrong answers do not lock here
    (the limit is raised), and the limited address has its 20 refusals."""
    settings.ACCESS_CODE_ATTEMPTS = 1_000_000
    usable = _issue(clinician, person)
    revoked = _issue(clinician, person)
    revoke_code(actor=clinician, code=codes_model_for(revoked))
    with time_machine.travel(timezone.now() - dt.timedelta(hours=13), tick=False):
        expired = _issue(clinician, person)
    locked = _issue(clinician, person)
    for _ in range(5):
        settings.ACCESS_CODE_ATTEMPTS = 5
        with pytest.raises(DomainError):
            sign_in_with_code(locked.text, WRONG, address="198.51.100.1")
    settings.ACCESS_CODE_ATTEMPTS = 1_000_000
    for _ in range(20):
        with pytest.raises(DomainError):
            sign_in_with_code("ZZZZZ-ZZZZZ", WRONG, address=LIMITED_ADDRESS)
    return [
        Path("wrong code", "ZZZZZ-ZZZZZ", RIGHT),
        Path("wrong answer", usable.shown, WRONG),
        Path("locked", locked.shown, RIGHT),
        Path("expired", expired.shown, RIGHT),
        Path("revoked", revoked.shown, RIGHT),
        Path("address refused", usable.shown, RIGHT, fresh_address=False),
    ]


def codes_model_for(made: codes.NewCode) -> AccessCode:
    return AccessCode.objects.get(code_digest=made.digest)


_counter = iter(range(1, 1_000_000))


def _address(path: Path) -> str:
    """A new address for each try, so none reaches the limit, except for the
    path that is about the limit."""
    if not path.fresh_address:
        return LIMITED_ADDRESS
    n = next(_counter)
    return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"


def _try(path: Path) -> Any:
    browser = Client(REMOTE_ADDR=_address(path))
    return browser.post(
        reverse("portal:sign_in"), {"code": path.code, "answer": path.answer}
    )


# A CSRF token, masked afresh each time the page carries it (a form field, and
# htmx's header), and a script nonce.
CSRF = re.compile(r"\b[A-Za-z0-9]{64}\b")
NONCE = re.compile(r'nonce="[^"]*"')


def _page(response: Any, path: Path) -> str:
    """The body with what differs by design set aside: CSRF tokens, the
    script nonce, and the words the viewer typed (kept in the boxes)."""
    body = NONCE.sub("NONCE", CSRF.sub("CSRF", response.content.decode()))
    assert 'name="csrfmiddlewaretoken" value="CSRF"' in body
    return body.replace(f'value="{path.code}"', 'value="CODE"').replace(
        f'value="{path.answer}"', 'value="ANSWER"'
    )


def test_every_refusal_is_the_same_page(paths: list[Path]) -> None:
    answers = {path.name: _try(path) for path in paths}
    assert {a.status_code for a in answers.values()} == {400}
    pages = {
        name: _page(answers[name], p) for name, p in zip(answers, paths, strict=True)
    }
    first = pages["wrong code"]
    assert code_services.NOT_RECOGNISED.split(".")[0] in first.replace("&#x27;", "'")
    for name, page in pages.items():
        assert page == first, f"{name} differs from a wrong code"
    # Nothing about the code was set in the browser either.
    assert all(not a.cookies.get("sessionid") for a in answers.values())


CAST = re.compile(r"\?::\w+")
VALUES = re.compile(r"\"s\d+_x\d+\"|'[^']*'|\b\d+(?:\.\d+)?\b|\bNULL\b|%s|\?")


def _statements(path: Path) -> list[str]:
    with CaptureQueriesContext(connection) as captured, pytest.raises(DomainError):
        sign_in_with_code(path.code, path.answer, address=_address(path))
    # Values set aside, with PostgreSQL's casts of them: a person's id is
    # written "'...'::uuid" where no person is "NULL", in the same statement.
    return [CAST.sub("?", VALUES.sub("?", q["sql"])) for q in captured.captured_queries]


def test_every_refusal_runs_the_same_statements_and_hashes(
    paths: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    hashes: list[str] = []
    for name in ("code_digest", "known_digest", "address_digest"):
        real = getattr(codes, name)

        def counted(*args: Any, _real: Any = real, _name: str = name) -> str:
            hashes.append(_name)
            return str(_real(*args))

        monkeypatch.setattr(codes, name, counted)
    shapes = {}
    for path in paths:
        hashes.clear()
        shapes[path.name] = (_statements(path), list(hashes))
    first = shapes["wrong code"]
    assert first[1] == ["code_digest", "address_digest", "known_digest"]
    assert len(first[0]) >= 6  # tidy, count, find, count against, try, log
    for name, shape in shapes.items():
        assert shape == first, f"{name} does different work from a wrong code"


def _timings(paths: list[Path], rounds: int) -> Iterator[tuple[str, float]]:
    for _ in range(rounds):
        for path in paths:  # interleaved, so a busy spell hits every path
            started = time.perf_counter()
            _try(path)
            yield path.name, time.perf_counter() - started


def test_every_refusal_takes_the_same_time(paths: list[Path]) -> None:
    """The lower quartiles of 30 interleaved tries each, after a warm-up
    round. The paths do the same work (above), so they differ only by noise.
    A loaded machine adds noise only upwards (a try paused by the scheduler),
    so the lower quartile, unlike the median, stays steady when other work
    shares the CPUs; allow half again plus 5 ms, far below what a path doing
    more work (one more hash or write) would add."""
    list(_timings(paths, 2))
    samples: dict[str, list[float]] = {p.name: [] for p in paths}
    for name, seconds in _timings(paths, 30):
        samples[name].append(seconds)
    quartiles = {name: statistics.quantiles(s, n=4)[0] for name, s in samples.items()}
    fastest = min(quartiles.values())
    for name, quartile in quartiles.items():
        assert quartile <= fastest * 1.5 + 0.005, (name, quartiles)


def test_five_wrong_answers_through_the_page_lock_the_code(
    clinician: User, person: Person
) -> None:
    made = _issue(clinician, person)
    browser = Client(REMOTE_ADDR="192.0.2.50")
    for _ in range(5):
        answer = browser.post(
            reverse("portal:sign_in"), {"code": made.shown, "answer": WRONG}
        )
        assert answer.status_code == 400
    right = browser.post(
        reverse("portal:sign_in"), {"code": made.shown, "answer": RIGHT}
    )
    assert right.status_code == 400
    assert codes_model_for(made).locked_at is not None
    assert browser.get(reverse("portal:home"))["Location"] == reverse("portal:sign_in")


def test_a_mistyped_code_says_what_to_check_without_looking_it_up(
    clinician: User, person: Person
) -> None:
    browser = Client(REMOTE_ADDR="192.0.2.51")
    short = browser.post(
        reverse("portal:sign_in"), {"code": "K7MPQ-3XWR", "answer": RIGHT}
    )
    assert short.status_code == 400
    assert "should have 10 letters and numbers. You typed 9" in short.content.decode()
    odd = browser.post(
        reverse("portal:sign_in"), {"code": "K7MPQ-3XWR0", "answer": RIGHT}
    )
    assert "They never use O, I, 0 or 1" in odd.content.decode()
    # Neither was looked up, so neither counts against the address.
    assert not SignInAttempt.objects.exists()


def test_the_address_counted_is_the_one_a_trusted_proxy_saw(
    clinician: User, person: Person, settings: Any
) -> None:
    settings.TRUSTED_PROXY_ADDRESSES = ["10.9.9.9"]
    made = _issue(clinician, person)
    for n in range(20):
        behind = Client(
            REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR=f"1.2.3.4, 192.0.2.{n}"
        )
        behind.post(reverse("portal:sign_in"), {"code": "ZZZZZ-ZZZZZ", "answer": RIGHT})
    # 20 different people behind the proxy: none is refused for the others' tries.
    ok = Client(REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="192.0.2.77")
    assert (
        ok.post(
            reverse("portal:sign_in"), {"code": made.shown, "answer": RIGHT}
        ).status_code
        == 302
    )
    # An address the client makes up in front of the proxy's is not believed.
    spoof = Client(REMOTE_ADDR="192.0.2.60", HTTP_X_FORWARDED_FOR="10.1.1.1")
    for _ in range(20):
        spoof.post(reverse("portal:sign_in"), {"code": "ZZZZZ-ZZZZZ", "answer": RIGHT})
    refused = spoof.post(
        reverse("portal:sign_in"), {"code": made.shown, "answer": RIGHT}
    )
    assert refused.status_code == 400
