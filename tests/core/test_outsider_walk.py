"""An outsider who does everything an outsider can do, then tries every record.

A clinician of another team registers the first team's person again, files a
referral for them and adds a supporter: each needs no reason and gives their
team a relationship with the person. They then try every GET and every POST of
the first team's referral, assessment, decisions, plan and person's copy, with
a valid CSRF token. None may be allowed; nothing may be written. After
breaking glass they may read those records and still change none of them.
(issue 10, item 1; people.access)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from coassess.accounts.models import User
from coassess.assessments.services import start_assessment
from coassess.people.models import Person
from coassess.plans.services import start_plan
from tests.conftest import CheckedClient
from tests.core.test_access_policy import ALL_PATTERNS, outcome, url_for
from tests.urlworld import World, build_world, refer

# Staff pages only: the person's and supporters' own pages (policy "viewer")
# open to no member of staff, and tests/portal walks them with another record.
TEAM_OWNED = sorted(
    name
    for name, pattern in ALL_PATTERNS
    if {"referral_id", "assessment_id"} & set(pattern.pattern.converters)
    and pattern.callback.access_policy != "viewer"  # type: ignore[attr-defined]
)
PERSON_LEVEL = sorted(
    name
    for name, pattern in ALL_PATTERNS
    if "person_id" in pattern.pattern.converters
    and name not in TEAM_OWNED
    and name != "people:break_glass"
)


def test_the_walk_covers_every_record_the_team_owns() -> None:
    assert len(TEAM_OWNED) >= 30
    assert "assessments:start_assessment" in TEAM_OWNED
    assert "plans:person_copy_pdf" in TEAM_OWNED
    assert "referrals:close_referral" in TEAM_OWNED


def _csrf_client(user: User) -> tuple[CheckedClient, str]:
    browser = CheckedClient(HTTP_HOST="127.0.0.1", enforce_csrf_checks=True)
    browser.force_login(user)
    browser.get(reverse("referrals:choose_person"))
    return browser, browser.cookies["csrftoken"].value


def _post(browser: CheckedClient, token: str, url: str, data: dict[str, Any]) -> Any:
    return browser.post(url, {"csrfmiddlewaretoken": token, **data})


def _rows() -> dict[str, int]:
    """How many rows each of the domain's tables holds."""
    labels = {"referrals", "assessments", "decisions", "plans", "people"}
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in labels
    }


def _become_known(browser: CheckedClient, token: str, person: Person) -> None:
    """Everything an outsider may do without giving a reason, by HTTP."""
    today = timezone.localtime()
    again = {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "dob_day": str(person.date_of_birth.day),
        "dob_month": str(person.date_of_birth.month),
        "dob_year": str(person.date_of_birth.year),
        "nhs_number": "",
        "preferred_language": "English",
        # Past the possible-duplicate warning: the outsider says it is someone else.
        "different_person": "on",
    }
    assert _post(browser, token, reverse("people:add_person"), again).status_code in (
        200,
        302,
    )
    referral = {
        "source": "ed",
        "department": "ED majors",
        "referrer_name": "ED nurse",
        "reason": "Distressed, asked to see someone",
        "urgency": "emergency",
        "received_day": str(today.day),
        "received_month": str(today.month),
        "received_year": str(today.year),
        "received_time": (today - timezone.timedelta(minutes=5)).strftime("%H:%M"),
    }
    url = reverse("referrals:add_referral", kwargs={"person_id": person.pk})
    assert _post(browser, token, url, referral).status_code == 302
    url = reverse("people:add_supporter", kwargs={"person_id": person.pk})
    supporter = {"name": "Kim Ash", "relationship": "friend"}
    assert _post(browser, token, url, supporter).status_code == 302


@pytest.fixture
def known(
    users: dict[str, User], person: Person
) -> Iterator[tuple[World, CheckedClient, str]]:
    world = build_world(users, person)
    browser, token = _csrf_client(users["outsider"])
    _become_known(browser, token, person)
    yield world, browser, token


def _tries(
    world: World, browser: CheckedClient, token: str
) -> tuple[dict[str, str], dict[str, str]]:
    """(GET outcome, POST outcome) for each team-owned URL name."""
    gets, posts = {}, {}
    for name in TEAM_OWNED:
        url = url_for(name, world)
        gets[name] = outcome(browser.get(url))
        posts[name] = outcome(_post(browser, token, url, {"text": "Outsider words"}))
    return gets, posts


def test_an_outsider_who_knows_the_person_opens_none_of_another_teams_records(
    known: tuple[World, CheckedClient, str], person: Person
) -> None:
    world, browser, token = known
    # The relationship is real: the person's own details are open to them now.
    for name in PERSON_LEVEL:
        assert outcome(browser.get(url_for(name, world))) == "allowed", name
    page = browser.get(url_for("people:show_person", world)).content.decode()
    assert "referred to another team, Test Liaison Team" in page
    before = _rows()
    gets, posts = _tries(world, browser, token)
    allowed = [f"GET {n}" for n, got in gets.items() if got != "refused"]
    allowed += [f"POST {n}" for n, got in posts.items() if got != "refused"]
    assert allowed == []
    assert _rows() == before
    world.waiting.refresh_from_db()
    assert world.waiting.first_seen_at is None  # the first team's clock still runs


def test_after_breaking_glass_an_outsider_reads_but_changes_nothing(
    known: tuple[World, CheckedClient, str], person: Person
) -> None:
    world, browser, token = known
    glass = reverse("people:break_glass", kwargs={"person_id": person.pk})
    reason = {"reason": "Seen in ED tonight, their team is not answering"}
    assert _post(browser, token, glass, reason).status_code == 302
    before = _rows()
    gets, posts = _tries(world, browser, token)
    assert [n for n, got in posts.items() if got != "refused"] == []
    assert _rows() == before
    # Pages that exist to be read are open to read; form pages answer too.
    assert gets["assessments:show_assessment"] == "allowed"
    assert gets["plans:person_copy_pdf"] == "allowed"
    html = browser.get(url_for("assessments:show_assessment", world)).content
    assert b"You cannot change it" in html


RECORD_PAGES = {
    "referral": ("referrals:close_referral", "referral_id"),
    "assessment": ("assessments:show_assessment", "assessment_id"),
    "decision": ("assessments:decision_list", "assessment_id"),
    "plan": ("plans:show_plan", "assessment_id"),
    "person's copy": ("plans:person_copy_pdf", "assessment_id"),
}


@pytest.mark.parametrize("record", sorted(RECORD_PAGES))
def test_each_record_is_opened_by_its_own_team(
    record: str,
    users: dict[str, User],
    person: Person,
    signed_in: Any,
) -> None:
    """Both teams know the person; each opens its own record and not the other's."""
    name, kwarg = RECORD_PAGES[record]
    owned = {}
    for persona in ("clinician", "outsider"):
        referral = refer(users[persona], person, 30)
        waiting = refer(users[persona], person, 10)
        assessment = start_assessment(actor=users[persona], referral=referral)
        start_plan(actor=users[persona], assessment=assessment)
        owned[persona] = waiting.pk if kwarg == "referral_id" else assessment.pk
    for persona, other in (("clinician", "outsider"), ("outsider", "clinician")):
        browser = signed_in(persona)
        mine = reverse(name, kwargs={kwarg: owned[persona]})
        theirs = reverse(name, kwargs={kwarg: owned[other]})
        assert outcome(browser.get(mine)) == "allowed", (persona, record)
        assert outcome(browser.get(theirs)) == "refused", (persona, record)
        details = reverse("people:show_person", kwargs={"person_id": person.pk})
        assert outcome(browser.get(details)) == "allowed"
