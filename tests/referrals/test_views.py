"""Recording a referral, the team board and closing a referral, as staff use them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import unescape
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coassess.accesslog.models import AccessEvent, Action, BreakGlassGrant
from coassess.accounts.models import User
from coassess.people import services as people_services
from coassess.people.access import break_glass
from coassess.people.birth import Birth
from coassess.people.models import Person
from coassess.referrals import services
from coassess.referrals.models import Referral

# 14:30 in London on a winter's day (GMT), so local and UTC times agree.
NOW = dt.datetime(2026, 1, 14, 14, 30, tzinfo=dt.UTC)

GOOD_FORM = {
    "source": "ed",
    "department": "ED majors",
    "ward": "",
    "bed": "Cubicle 4",
    "referrer_name": "Dr Aisha Khan, ED registrar",
    "referrer_contact": "bleep 2231",
    "reason": "Came in after taking an overdose. Says she does not feel safe at home.",
    "urgency": "emergency",
    "received_day": "14",
    "received_month": "1",
    "received_year": "2026",
    "received_time": "14:10",
}


@pytest.fixture
def now() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def refer(
    actor: User, person: Person, *, minutes_ago: int = 10, **overrides: Any
) -> Referral:
    data: dict[str, Any] = {
        "source": "ed",
        "referrer_name": "Dr Aisha Khan",
        "reason": "Low mood, says she wants to end her life",
        "urgency": "emergency",
        "received_at": timezone.now() - dt.timedelta(minutes=minutes_ago),
        **overrides,
    }
    return services.record_referral(actor=actor, person=person, data=data)


def text(response: Any) -> str:
    return unescape(response.content.decode())


def add_url(person: Person) -> str:
    return reverse("referrals:add_referral", kwargs={"person_id": person.pk})


# Recording a referral


def test_it_records_a_referral_and_goes_to_the_board(
    now: Any, signed_in: Callable[[str], Any], person: Person, clinician: User
) -> None:
    browser = signed_in("clinician")
    response = browser.post(add_url(person), GOOD_FORM)
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:board")
    referral = Referral.objects.get(person=person)
    assert referral.team == clinician.membership.team  # type: ignore[union-attr]
    assert referral.received_at == dt.datetime(2026, 1, 14, 14, 10, tzinfo=dt.UTC)
    assert referral.response_minutes == 60
    assert referral.bed == "Cubicle 4"
    assert referral.recorded_by == clinician
    board = text(browser.get(reverse("referrals:board")))
    assert "The referral for Sam Reid is recorded." in board
    assert "40 minutes left" in board


def test_the_time_received_starts_at_now(
    now: Any, signed_in: Callable[[str], Any], person: Person
) -> None:
    html = text(signed_in("clinician").get(add_url(person)))
    assert 'name="received_time" type="text" value="14:30"' in html
    assert 'name="received_year" type="text" value="2026"' in html


def test_it_refuses_a_time_in_the_future_and_keeps_what_was_typed(
    now: Any, signed_in: Callable[[str], Any], person: Person
) -> None:
    response = signed_in("clinician").post(
        add_url(person), {**GOOD_FORM, "received_time": "15:45"}
    )
    html = text(response)
    assert response.status_code == 400
    assert "The time the referral was received cannot be in the future" in html
    assert 'value="15:45"' in html
    assert 'value="Dr Aisha Khan, ED registrar"' in html
    assert GOOD_FORM["reason"] in html
    assert not Referral.objects.exists()


def test_it_allows_a_time_earlier_today(
    now: Any, signed_in: Callable[[str], Any], person: Person
) -> None:
    signed_in("clinician").post(add_url(person), {**GOOD_FORM, "received_time": "9.05"})
    referral = Referral.objects.get()
    assert referral.received_at == dt.datetime(2026, 1, 14, 9, 5, tzinfo=dt.UTC)


def test_it_refuses_a_time_that_is_not_a_time(
    now: Any, signed_in: Callable[[str], Any], person: Person
) -> None:
    html = text(
        signed_in("clinician").post(
            add_url(person), {**GOOD_FORM, "received_time": "25:00"}
        )
    )
    assert "Enter the time like 14:30, from 00:00 to 23:59." in html
    assert not Referral.objects.exists()


def test_it_refuses_an_empty_reason(
    now: Any, signed_in: Callable[[str], Any], person: Person
) -> None:
    html = text(
        signed_in("clinician").post(add_url(person), {**GOOD_FORM, "reason": "   "})
    )
    assert "Enter the reason for the referral, in the referrer’s words." in html
    assert not Referral.objects.exists()


def test_it_refuses_a_reason_over_20000_characters_with_a_clear_message(
    now: Any, signed_in: Callable[[str], Any], person: Person
) -> None:
    html = text(
        signed_in("clinician").post(
            add_url(person), {**GOOD_FORM, "reason": "a" * 20_001}
        )
    )
    assert (
        "The reason must be 20,000 characters or fewer. You have typed 20,001." in html
    )
    assert not Referral.objects.exists()


def test_it_accepts_a_reason_of_exactly_20000_characters(
    now: Any, signed_in: Callable[[str], Any], person: Person
) -> None:
    signed_in("clinician").post(add_url(person), {**GOOD_FORM, "reason": "a" * 20_000})
    assert len(Referral.objects.get().reason) == 20_000


def test_it_needs_a_source_an_urgency_and_a_referrer(
    now: Any, signed_in: Callable[[str], Any], person: Person
) -> None:
    form = {**GOOD_FORM, "source": "", "urgency": "", "referrer_name": ""}
    html = text(signed_in("clinician").post(add_url(person), form))
    assert "Say where the referral came from." in html
    assert "Say how urgent the referral is." in html
    assert "Enter the name of the person who made the referral." in html


def test_it_keeps_the_referrers_words_exactly_in_any_language(
    now: Any, signed_in: Callable[[str], Any], person: Person
) -> None:
    words = "Dywedodd hi: «Dw i ddim yn teimlo’n saff» — Łukasz 😔\n二行目"
    browser = signed_in("clinician")
    browser.post(add_url(person), {**GOOD_FORM, "reason": words})
    referral = Referral.objects.get()
    assert referral.reason == words
    page = text(
        browser.get(
            reverse("referrals:close_referral", kwargs={"referral_id": referral.pk})
        )
    )
    for line in words.splitlines():
        assert line in page


def test_it_warns_when_the_person_already_has_an_open_referral(
    now: Any, signed_in: Callable[[str], Any], person: Person, clinician: User
) -> None:
    refer(clinician, person, minutes_ago=20)
    html = text(signed_in("clinician").get(add_url(person)))
    assert "There is already an open referral" in html
    assert "received today at 14:10" in html


def test_another_team_can_refer_a_person_and_then_knows_them(
    signed_in: Callable[[str], Any], person: Person
) -> None:
    """A referral is how a team comes to know someone: no break glass to record one."""
    outsider = signed_in("outsider")
    show = reverse("people:show_person", kwargs={"person_id": person.pk})
    assert "/break-glass/" in outsider.get(show)["Location"]
    assert outsider.get(add_url(person)).status_code == 200
    response = outsider.post(add_url(person), GOOD_FORM)
    assert response.status_code == 302, text(response)[:2000]
    assert AccessEvent.objects.filter(
        person=person, action=Action.CREATE, what="referral", actor__username="outsider"
    ).exists()
    assert outsider.get(show).status_code == 200


# Finding the person to refer


def test_it_finds_the_person_to_refer_and_logs_the_search(
    signed_in: Callable[[str], Any], person: Person
) -> None:
    html = text(
        signed_in("clinician").get(
            reverse("referrals:choose_person"), {"nhs_number": "943 476 5919"}
        )
    )
    assert "1 person found" in html
    assert f'href="{add_url(person)}"' in html
    assert AccessEvent.objects.filter(person=person, action=Action.SEARCH).count() == 1


def test_it_offers_to_add_a_new_person(signed_in: Callable[[str], Any]) -> None:
    html = text(signed_in("clinician").get(reverse("referrals:choose_person")))
    assert f'href="{reverse("people:add_person")}"' in html


def test_the_persons_page_offers_to_record_a_referral(
    signed_in: Callable[[str], Any], person: Person
) -> None:
    html = text(
        signed_in("clinician").get(
            reverse("people:show_person", kwargs={"person_id": person.pk})
        )
    )
    assert f'href="{add_url(person)}"' in html


# The team board


def test_the_board_shows_the_most_urgent_first_and_seen_referrals_last(
    now: Any,
    signed_in: Callable[[str], Any],
    make_person: Callable[..., Person],
    clinician: User,
) -> None:
    def named(given: str) -> Person:
        return make_person(given_name=given, preferred_name="", nhs_number="")

    seen = refer(clinician, named("Seen"), minutes_ago=100)
    services.record_first_seen(
        actor=clinician, referral=seen, at=timezone.now() - dt.timedelta(minutes=80)
    )
    refer(clinician, named("Ward"), minutes_ago=300, source="ward", urgency="urgent")
    refer(clinician, named("Breached"), minutes_ago=80)
    refer(clinician, named("Fresh"), minutes_ago=5)
    refer(clinician, named("Nearly"), minutes_ago=50)
    html = text(signed_in("clinician").get(reverse("referrals:board")))
    order = ["Breached Reid", "Nearly Reid", "Fresh Reid", "Ward Reid", "Seen Reid"]
    positions = [html.index(name) for name in order]
    assert positions == sorted(positions)
    assert "Breached by 20 minutes" in html
    assert "10 minutes left" in html
    assert "Seen within the standard, after 20 minutes" in html
    for tag in ("Breached", "Nearly due", "On time", "Seen in time"):
        assert tag in html
    assert html.count("<meter") == 4


def test_each_row_shows_the_person_as_they_like_to_be_known(
    now: Any, signed_in: Callable[[str], Any], person: Person, clinician: User
) -> None:
    refer(clinician, person, department="ED majors", bed="4")
    html = text(signed_in("clinician").get(reverse("referrals:board")))
    assert "Sam Reid" in html
    assert "she/her" in html
    assert "ED majors, bed 4" in html
    assert reverse("people:show_person", kwargs={"person_id": person.pk}) in html


def test_another_teams_board_does_not_show_this_teams_referrals(
    now: Any, signed_in: Callable[[str], Any], person: Person, clinician: User
) -> None:
    refer(clinician, person)
    html = text(signed_in("outsider").get(reverse("referrals:board")))
    assert "Sam Reid" not in html
    assert "There are no open referrals for your team." in html


def test_closed_referrals_leave_the_board(
    now: Any, signed_in: Callable[[str], Any], person: Person, clinician: User
) -> None:
    referral = refer(clinician, person)
    services.close_referral(actor=clinician, referral=referral, outcome="Went home")
    html = text(signed_in("clinician").get(reverse("referrals:board")))
    assert "Sam Reid" not in html


def test_the_full_board_polls_and_works_without_javascript(
    now: Any, signed_in: Callable[[str], Any]
) -> None:
    response = signed_in("clinician").get(reverse("referrals:board"))
    html = text(response)
    assert "<main" in html
    assert f'hx-get="{reverse("referrals:board")}"' in html
    assert 'hx-trigger="every 30s"' in html
    assert "Last updated at 14:30." in html
    assert f'href="{reverse("referrals:board")}">Refresh' in html
    assert "HX-Request" in response["Vary"]


def test_htmx_gets_only_the_rows(
    now: Any, signed_in: Callable[[str], Any], person: Person, clinician: User
) -> None:
    refer(clinician, person)
    response = signed_in("clinician").get(
        reverse("referrals:board"), HTTP_HX_REQUEST="true"
    )
    html = text(response)
    assert response.status_code == 200
    assert "<main" not in html
    assert "no-store" in response["Cache-Control"]
    assert "<html" not in html
    assert "Sam Reid" in html
    assert "Last updated at 14:30." in html


def board_queries(browser: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert browser.get(reverse("referrals:board")).status_code == 200
    return len(queries)


def test_the_board_costs_the_same_queries_for_5_or_50_referrals(
    signed_in: Callable[[str], Any],
    make_person: Callable[..., Person],
    clinician: User,
) -> None:
    browser = signed_in("clinician")
    board_queries(browser)  # the first request of a session also saves the session
    people = [
        make_person(given_name=f"P{i}", preferred_name="", nhs_number="")
        for i in range(50)
    ]
    for p in people[:5]:
        refer(clinician, p)
    few = board_queries(browser)
    for p in people[5:]:
        refer(clinician, p)
    many = board_queries(browser)
    assert many == few
    assert few <= 5


# Closing a referral


def close_url(referral: Referral) -> str:
    return reverse("referrals:close_referral", kwargs={"referral_id": referral.pk})


def test_it_closes_a_referral_with_what_happened(
    now: Any, signed_in: Callable[[str], Any], person: Person, clinician: User
) -> None:
    referral = refer(clinician, person)
    browser = signed_in("clinician")
    assert "Close the referral for Sam Reid" in text(browser.get(close_url(referral)))
    response = browser.post(
        close_url(referral), {"outcome": "Assessed together; went home with a plan."}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:board")
    referral.refresh_from_db()
    assert referral.closed_at == NOW
    assert referral.outcome == "Assessed together; went home with a plan."
    assert "The referral for Sam Reid is closed." in text(
        browser.get(reverse("referrals:board"))
    )


def test_closing_needs_to_say_what_happened(
    signed_in: Callable[[str], Any], person: Person, clinician: User
) -> None:
    referral = refer(clinician, person)
    html = text(signed_in("clinician").post(close_url(referral), {"outcome": "  "}))
    assert "Say what happened with this referral before closing it." in html
    referral.refresh_from_db()
    assert referral.closed_at is None


def test_a_closed_referral_cannot_be_closed_again(
    signed_in: Callable[[str], Any], person: Person, clinician: User
) -> None:
    referral = refer(clinician, person)
    services.close_referral(actor=clinician, referral=referral, outcome="Went home")
    browser = signed_in("clinician")
    assert "This referral was closed on" in text(browser.get(close_url(referral)))
    html = text(browser.post(close_url(referral), {"outcome": "Admitted"}))
    assert "This referral is already closed." in html
    referral.refresh_from_db()
    assert referral.outcome == "Went home"


def test_a_clinician_outside_the_team_cannot_open_the_close_page(
    signed_in: Callable[[str], Any], person: Person, clinician: User
) -> None:
    referral = refer(clinician, person)
    response = signed_in("outsider").get(close_url(referral))
    assert response.status_code == 302
    assert "/break-glass/" in response["Location"]


def test_breaking_glass_does_not_let_another_team_close_the_referral(
    signed_in: Callable[[str], Any],
    person: Person,
    users: dict[str, User],
) -> None:
    referral = refer(users["clinician"], person)
    break_glass(user=users["outsider"], person=person, reason="Seen in our ED now")
    response = signed_in("outsider").post(close_url(referral), {"outcome": "Gone"})
    assert response.status_code == 403
    referral.refresh_from_db()
    assert referral.closed_at is None


# Access that a referral gives


def test_a_referral_lets_the_team_open_a_person_another_team_registered(
    signed_in: Callable[[str], Any], users: dict[str, User]
) -> None:
    stranger = people_services.register_person(
        actor=users["outsider"],
        data={
            "given_name": "Chen",
            "family_name": "Li",
            "date_of_birth": dt.date(1988, 2, 29),
        },
    )
    url = reverse("people:show_person", kwargs={"person_id": stranger.pk})
    browser = signed_in("clinician")
    assert browser.get(url).status_code == 302  # to break glass
    refer(users["clinician"], stranger)
    response = browser.get(url)
    assert response.status_code == 200
    assert "Chen Li" in text(response)
    assert not BreakGlassGrant.objects.exists()


def test_the_header_links_to_the_board_first_for_clinical_staff(
    signed_in: Callable[[str], Any],
) -> None:
    html = text(signed_in("peer").get(reverse("accounts:home")))
    board = html.index(f'href="{reverse("referrals:board")}"')
    assert board < html.index(f'href="{reverse("people:find_person")}"')
    admin = text(signed_in("admin").get(reverse("accounts:home")))
    assert reverse("referrals:board") not in admin


def test_people_of_the_same_name_are_told_apart_on_the_board(
    now: Any,
    signed_in: Callable[[str], Any],
    make_person: Callable[..., Person],
    clinician: User,
) -> None:
    alex = {"given_name": "Alex", "family_name": "Morgan", "preferred_name": ""}
    known = make_person(**alex, pronouns="they/them", date_of_birth=dt.date(1990, 3, 3))
    guessed = make_person(
        **alex,
        pronouns="they/them",
        nhs_number="",
        date_of_birth=None,
        birth=Birth.about(34, dt.date(2026, 3, 2)),
        different_person=True,
    )
    refer(clinician, known, bed="4")
    refer(clinician, guessed, bed="5")
    html = text(signed_in("clinician").get(reverse("referrals:board")))
    assert html.count("Alex Morgan") >= 2
    assert "born 3 March 1990, NHS number 943 476 5919" in html
    assert "date of birth not known, about 34" in html
    assert (
        'the assessment<span class="nhsuk-u-visually-hidden"> with Alex Morgan, '
        "date of birth not known, about 34</span>" in html
    )
