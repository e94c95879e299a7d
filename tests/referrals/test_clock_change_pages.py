"""The two reported examples from the autumn clock change, and the spring gap,
through the pages, stored and read back (run on SQLite and PostgreSQL).

On 25 October 2026 the clocks went back at 02:00 BST to 01:00 GMT; on 31 October
2027 likewise. A referral "received at 01:30" typed at 01:40 GMT was stored as
01:30 BST and the board said "Breached by 10 minutes" after 10 minutes; a person
seen at 01:10 GMT after a referral at 01:50 BST could not be recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import unescape
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from coassess.accounts.models import User
from coassess.core.wallclock import reading_key
from coassess.people.models import Person
from coassess.referrals import services
from coassess.referrals.models import Referral

AUTUMN = {2026: dt.date(2026, 10, 25), 2027: dt.date(2027, 10, 31)}
SPRING = {2026: dt.date(2026, 3, 29), 2027: dt.date(2027, 3, 28)}
YEARS = [2026, 2027]
REASON = "Says she has not slept for three nights and hears a voice telling her to go."


def utc(day: dt.date, hour: int, minute: int) -> dt.datetime:
    midnight = dt.datetime.combine(day, dt.time(0), dt.UTC)
    return midnight + dt.timedelta(hours=hour, minutes=minute)


def referral_form(day: dt.date, time: str, **more: str) -> dict[str, str]:
    return {
        "source": "ed",
        "department": "ED majors",
        "referrer_name": "Dr Aisha Khan, ED registrar",
        "reason": REASON,
        "urgency": "emergency",
        "received_day": str(day.day),
        "received_month": str(day.month),
        "received_year": str(day.year),
        "received_time": time,
        **more,
    }


def text(response: Any) -> str:
    return unescape(response.content.decode())


def add_url(person: Person) -> str:
    return reverse("referrals:add_referral", kwargs={"person_id": person.pk})


@pytest.mark.parametrize("year", YEARS)
def test_a_referral_at_0130_typed_at_0140_gmt_asks_which_and_waits_ten_minutes(
    year: int, signed_in: Callable[[str], Any], person: Person
) -> None:
    day = AUTUMN[year]
    with time_machine.travel(utc(day, 1, 40), tick=False):  # 01:40 GMT
        browser = signed_in("clinician")
        asked = browser.post(add_url(person), referral_form(day, "01:30"))
        html = text(asked)
        assert asked.status_code == 400
        assert not Referral.objects.exists()
        assert "Which 01:30 do you mean?" in html
        assert "01:30 before the clocks went back (BST)" in html
        assert "01:30 after the clocks went back (GMT)" in html
        assert 'href="#id_received_reading"' in html  # the error summary links
        assert 'id="id_received_reading"' in html
        assert REASON in html  # everything typed is kept
        assert 'value="01:30"' in html
        gmt = reading_key(utc(day, 1, 30))
        assert f'value="{gmt}"' in html
        saved = browser.post(
            add_url(person), referral_form(day, "01:30", received_reading=gmt)
        )
        assert saved.status_code == 302
        referral = Referral.objects.get()
        referral.refresh_from_db()
        assert referral.received_at == utc(day, 1, 30)
        board = text(browser.get(reverse("referrals:board")))
    assert "50 minutes left" in board
    assert "Breached" not in board
    assert "Received today at 01:30 after the clocks went back (GMT)" in board


@pytest.mark.parametrize("year", YEARS)
def test_the_time_set_to_now_in_the_repeated_hour_is_taken_unasked(
    year: int, signed_in: Callable[[str], Any], person: Person
) -> None:
    day = AUTUMN[year]
    with time_machine.travel(utc(day, 1, 40), tick=False):  # 01:40 GMT
        browser = signed_in("clinician")
        html = text(browser.get(add_url(person)))
        assert 'name="received_time" type="text" value="01:40"' in html
        now_key = reading_key(utc(day, 1, 40))
        assert (
            f'name="received_reading" id="id_received_reading" value="{now_key}"'
            in (html)
        )
        saved = browser.post(
            add_url(person),
            referral_form(day, "01:40", received_reading=now_key),
        )
    assert saved.status_code == 302
    assert Referral.objects.get().received_at == utc(day, 1, 40)


@pytest.mark.parametrize("year", YEARS)
def test_a_referral_at_0130_typed_at_0110_gmt_is_the_bst_one_and_says_so(
    year: int, signed_in: Callable[[str], Any], person: Person
) -> None:
    day = AUTUMN[year]
    with time_machine.travel(utc(day, 1, 10), tick=False):  # 01:10 GMT
        browser = signed_in("clinician")
        saved = browser.post(add_url(person), referral_form(day, "01:30"))
        assert saved.status_code == 302
        board = text(browser.get(reverse("referrals:board")))
    assert Referral.objects.get().received_at == utc(day, 0, 30)
    assert (
        "We took the time of the referral as 01:30 before the clocks went back "
        f"(BST) on {day.day} October {year}, because 01:30 after the clocks went "
        "back (GMT) is still to come."
    ) in board
    assert "20 minutes left" in board  # 01:30 BST to 01:10 GMT is 40 minutes


@pytest.mark.parametrize("year", YEARS)
def test_seen_at_0110_gmt_after_a_referral_at_0150_bst_is_recorded(
    year: int, signed_in: Callable[[str], Any], person: Person, clinician: User
) -> None:
    day = AUTUMN[year]
    with time_machine.travel(utc(day, 0, 50), tick=False):  # 01:50 BST
        referral = services.record_referral(
            actor=clinician,
            person=person,
            data={
                "source": "ed",
                "referrer_name": "Dr Aisha Khan",
                "reason": REASON,
                "urgency": "emergency",
                "received_at": utc(day, 0, 50),
            },
        )
    start = reverse("assessments:start_assessment", kwargs={"referral_id": referral.pk})
    seen = {
        "seen_day": str(day.day),
        "seen_month": str(day.month),
        "seen_year": str(day.year),
        "seen_time": "01:10",
        "who_they_want_present": "Her sister",
    }
    with time_machine.travel(utc(day, 1, 20), tick=False):  # 01:20 GMT
        browser = signed_in("clinician")
        asked = browser.post(start, seen)
        assert asked.status_code == 400
        assert "Which 01:10 do you mean?" in text(asked)
        assert "cannot be before" not in text(asked)
        gmt = reading_key(utc(day, 1, 10))
        saved = browser.post(start, {**seen, "seen_reading": gmt})
        assert saved.status_code == 302
        board = text(browser.get(reverse("referrals:board")))
    referral.refresh_from_db()
    assert referral.first_seen_at == utc(day, 1, 10)
    assert referral.first_seen_at - referral.received_at == dt.timedelta(minutes=20)
    assert "Seen in time" in board


@pytest.mark.parametrize("year", YEARS)
def test_a_referral_time_the_clocks_skipped_is_refused_and_kept(
    year: int, signed_in: Callable[[str], Any], person: Person
) -> None:
    day = SPRING[year]
    with time_machine.travel(utc(day, 3, 0), tick=False):  # 04:00 BST
        response = signed_in("clinician").post(
            add_url(person), referral_form(day, "01:30")
        )
    html = text(response)
    assert response.status_code == 400
    assert (
        f"There was no 01:30 on {day.day} March {year}: at 01:00 the clocks went "
        "forward to 02:00."
    ) in html
    assert 'value="01:30"' in html
    assert REASON in html
    assert not Referral.objects.exists()
