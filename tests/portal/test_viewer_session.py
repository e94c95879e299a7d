"""The viewer's session, on a frozen clock: it ends after 15 minutes idle, at
the code's expiry, at the next request after the code is revoked or locked,
and when the viewer signs out; signing in starts a new session and ends any
staff session in the browser; it holds one code for one record, and opens no
staff page at all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coassess.accesslog.models import AccessEvent, Action
from coassess.accounts.models import User
from coassess.core.exceptions import DomainError
from coassess.people import codes, viewer
from coassess.people.code_services import issue_code, revoke_code, sign_in_with_code
from coassess.people.models import AccessCode, Person
from tests.core.test_access_policy import ALL_PATTERNS, POST_ONLY, outcome, url_for
from tests.urlworld import build_world

pytestmark = pytest.mark.django_db

HOME = reverse("portal:home")
SIGN_IN = reverse("portal:sign_in")
START = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def _code(
    clinician: User, person: Person, *, expires_at: dt.datetime | None = None
) -> tuple[AccessCode, str]:
    membership = clinician.membership
    assert membership is not None
    code, made = issue_code(
        actor=clinician,
        person=person,
        team=membership.team,
        supporter=None,
        known_kind=codes.Known.WORD,
        known_answer="lighthouse",
        expires_at=expires_at,
    )
    return code, made.text


def _sign_in(browser: Client, text: str) -> None:
    answer = browser.post(SIGN_IN, {"code": text, "answer": "lighthouse"})
    assert answer.status_code == 302 and answer["Location"] == HOME


def _ended(browser: Client) -> bool:
    """Whether the viewer's page sends this browser to sign in with a code."""
    answer = browser.get(HOME)
    return answer.status_code == 302 and answer["Location"] == SIGN_IN


def test_it_ends_after_15_minutes_idle_but_not_while_in_use(
    clinician: User, person: Person
) -> None:
    with time_machine.travel(START, tick=False) as clock:
        _, text = _code(clinician, person)
        browser = Client()
        _sign_in(browser, text)
        for _ in range(4):  # an hour of reading, a page every 14 minutes
            clock.shift(dt.timedelta(minutes=14))
            assert browser.get(HOME).status_code == 200
        clock.shift(dt.timedelta(minutes=15, seconds=1))
        assert _ended(browser)
        page = browser.get(SIGN_IN).content.decode()
        assert "You have been signed out" in page
        clock.shift(dt.timedelta(seconds=1))
        assert _ended(browser)  # it stays ended


def test_last_seen_is_saved_at_most_once_a_minute_and_idle_stays_within_it(
    clinician: User, person: Person
) -> None:
    """Reading pages does not save the session each time: "last seen" is
    written once a minute at most. So a session idles out no later than 15
    minutes after the last request, and no earlier than 14 (the tolerance
    docs/guide/your-own-view.md gives)."""
    with time_machine.travel(START, tick=False) as clock:
        _, text = _code(clinician, person)
        browser = Client()
        _sign_in(browser, text)
        signed_in = browser.session[viewer.SEEN_KEY]
        assert signed_in == START.timestamp()
        clock.shift(dt.timedelta(seconds=30))
        assert browser.get(HOME).status_code == 200
        clock.shift(dt.timedelta(seconds=29))  # 59 s in: still not written
        assert browser.get(HOME).status_code == 200
        assert browser.session[viewer.SEEN_KEY] == signed_in
        # 14 minutes after that last request (14:59 after the mark): open,
        # and this request is a minute past the mark, so it is written.
        clock.shift(dt.timedelta(minutes=14))
        assert browser.get(HOME).status_code == 200
        marked = browser.session[viewer.SEEN_KEY]
        assert marked == (START + dt.timedelta(minutes=14, seconds=59)).timestamp()
        # Within the next minute nothing is written; 15 minutes and a second
        # after the mark it has ended, 14:02 after the last request.
        clock.shift(dt.timedelta(seconds=59))
        assert browser.get(HOME).status_code == 200
        assert browser.session[viewer.SEEN_KEY] == marked
        clock.shift(dt.timedelta(minutes=14, seconds=2))
        assert _ended(browser)

    with time_machine.travel(START, tick=False) as clock:
        _, text = _code(clinician, person)
        browser = Client()
        _sign_in(browser, text)
        clock.shift(dt.timedelta(minutes=15))  # exactly 15 minutes: still open
        assert browser.get(HOME).status_code == 200
        clock.shift(dt.timedelta(minutes=15, seconds=1))  # never later than 15
        assert _ended(browser)


def test_it_ends_when_the_code_expires(clinician: User, person: Person) -> None:
    with time_machine.travel(START, tick=False) as clock:
        _, text = _code(clinician, person, expires_at=START + dt.timedelta(minutes=20))
        browser = Client()
        _sign_in(browser, text)
        clock.shift(dt.timedelta(minutes=10))
        assert browser.get(HOME).status_code == 200
        clock.shift(dt.timedelta(minutes=9, seconds=59))
        assert browser.get(HOME).status_code == 200
        clock.shift(dt.timedelta(seconds=1))
        assert _ended(browser)
        with pytest.raises(DomainError):
            sign_in_with_code(text, "lighthouse", address="192.0.2.1")


def test_revoking_or_locking_the_code_ends_the_session_at_the_next_request(
    clinician: User, person: Person
) -> None:
    code, text = _code(clinician, person)
    revoked = Client()
    _sign_in(revoked, text)
    revoke_code(actor=clinician, code=code)
    assert _ended(revoked)
    _, other = _code(clinician, person)
    locked = Client()
    _sign_in(locked, other)
    # Someone else guessing at the same code locks it, and this session ends.
    for _ in range(5):
        with pytest.raises(DomainError):
            sign_in_with_code(other, "wrong word", address="192.0.2.2")
    assert _ended(locked)


def test_im_done_signs_out_and_leaves_nothing_behind(
    clinician: User, person: Person
) -> None:
    _, text = _code(clinician, person)
    browser = Client()
    _sign_in(browser, text)
    page = browser.get(HOME).content.decode()
    assert "done – sign me out" in page
    assert reverse("portal:sign_out") in page
    answer = browser.post(reverse("portal:sign_out"))
    assert answer["Location"] == reverse("portal:signed_out")
    assert (
        "No one else can see your plan"
        in browser.get(answer["Location"]).content.decode()
    )
    assert viewer.CODE_KEY not in browser.session
    assert _ended(browser)
    # Signing out is a button, never a link: a GET changes nothing.
    assert browser.get(reverse("portal:sign_out")).status_code == 405


def test_signing_in_starts_a_new_session_and_ends_a_staff_one(
    clinician: User, person: Person, signed_in: Callable[[str], Any]
) -> None:
    _, text = _code(clinician, person)
    browser = signed_in("clinician")
    show = reverse("people:show_person", kwargs={"person_id": person.pk})
    assert browser.get(show).status_code == 200
    before = browser.session.session_key
    _sign_in(browser, text)
    assert browser.session.session_key != before
    # The staff session is gone: the staff page asks for a staff sign-in.
    answer = browser.get(show)
    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("accounts:sign_in"))
    assert browser.get(HOME).status_code == 200


def test_the_session_holds_one_code_for_one_record(
    clinician: User, person: Person, make_person: Callable[..., Person]
) -> None:
    other = make_person(given_name="Chen", family_name="Li", nhs_number="")
    mine, my_text = _code(clinician, person)
    theirs, their_text = _code(clinician, other)
    browser = Client()
    _sign_in(browser, my_text)
    assert browser.session[viewer.CODE_KEY] == str(mine.pk)
    first_key = browser.session.session_key
    _sign_in(browser, their_text)
    # Signing in again replaces the viewer; one session never holds two codes.
    assert browser.session[viewer.CODE_KEY] == str(theirs.pk)
    assert browser.session.session_key != first_key
    assert set(browser.session.keys()) <= {viewer.CODE_KEY, viewer.SEEN_KEY}
    signed_in_to = AccessEvent.objects.filter(action=Action.SIGN_IN).order_by("id")
    assert [e.person_id for e in signed_in_to] == [person.pk, other.pk]


def test_a_code_session_opens_no_staff_page(
    users: dict[str, User], person: Person, clinician: User
) -> None:
    """Every URL outside the portal, fetched by a viewer signed in with a
    code, gives exactly what it gives someone not signed in at all: the
    public pages, and a staff sign-in for everything else."""
    world = build_world(users, person)
    _, text = _code(clinician, person)
    signed = Client()
    _sign_in(signed, text)
    nobody = Client()
    walked = 0
    for name, _ in ALL_PATTERNS:
        if name.startswith("portal:"):
            continue
        url = url_for(name, world)
        method = "post" if name in POST_ONLY else "get"
        got = outcome(getattr(signed, method)(url))
        expected = outcome(getattr(nobody, method)(url))
        assert got == expected, f"{name}: a code session got {got}, not {expected}"
        assert got != "allowed" or _public(name), f"{name} opened to a code session"
        walked += 1
        if name == "accounts:sign_out":  # signing out ends the code session too
            _sign_in(signed, text)
    assert walked > 100
    assert signed.get(HOME).status_code == 200


def _public(name: str) -> bool:
    callback = dict(ALL_PATTERNS)[name].callback
    return getattr(callback, "access_policy", "") == "public"


def test_the_staff_see_whose_session_is_active(clinician: User, person: Person) -> None:
    with time_machine.travel(START, tick=False) as clock:
        code, text = _code(clinician, person)
        assert not viewer.is_active(code, timezone.now())
        browser = Client()
        _sign_in(browser, text)
        code.refresh_from_db()
        assert viewer.is_active(code, timezone.now())
        clock.shift(dt.timedelta(minutes=10))
        browser.get(HOME)
        clock.shift(dt.timedelta(minutes=14))
        code.refresh_from_db()
        assert viewer.is_active(code, timezone.now())
        clock.shift(dt.timedelta(minutes=2))
        assert not viewer.is_active(code, timezone.now())
