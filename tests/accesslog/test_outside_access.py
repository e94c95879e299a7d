"""The lead sees who outside the team reads their people's records (issue 10, item 8).

468 views of a first team's people by a second team's clinician were visible
only to the second team's lead. Now the lead of every team with a relationship
to the person sees every access from outside the team, break glass or not,
and can narrow the log to one person, named with what tells them apart.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from coassess.accounts.models import Role, Team, User
from coassess.people.models import Person
from tests.conftest import make_user
from tests.urlworld import refer

LOG = reverse("accesslog:event_list")


def _show(person: Person) -> str:
    return reverse("people:show_person", kwargs={"person_id": person.pk})


@pytest.fixture
def other_lead(other_team: Team) -> User:
    return make_user("other_lead", other_team, Role.TEAM_LEAD)


def _outsider_reads(signed_in: Callable[[str], Any], person: Person) -> None:
    """The outsider breaks glass and reads the person's record."""
    outsider = signed_in("outsider")
    glass = reverse("people:break_glass", kwargs={"person_id": person.pk})
    outsider.post(glass, {"reason": "Seen in our ED, their team is closed"})
    assert outsider.get(_show(person)).status_code == 200


def test_the_lead_sees_outsiders_reading_their_peoples_records(
    signed_in: Callable[[str], Any], person: Person
) -> None:
    _outsider_reads(signed_in, person)
    lead = signed_in("lead")
    outside = lead.get(LOG, {"scope": "outside"}).content.decode()
    assert "Outsider Tester (Other Liaison Team)" in outside
    assert "Broke glass" in outside and "Seen in our ED" in outside
    assert "Viewed: show person" in outside
    # The team's own view stays about the team's own staff.
    own = lead.get(LOG).content.decode()
    assert "Outsider Tester" not in own


def test_access_without_break_glass_is_shown_too(
    signed_in: Callable[[str], Any], person: Person, users: dict[str, User]
) -> None:
    """An outsider who files a referral reads the person's details without a
    reason; the first team's lead still sees it."""
    refer(users["outsider"], person, 5)
    assert signed_in("outsider").get(_show(person)).status_code == 200
    outside = signed_in("lead").get(LOG, {"scope": "outside"}).content.decode()
    assert "Viewed: show person" in outside
    assert "Outsider Tester (Other Liaison Team)" in outside


def test_every_team_that_knows_the_person_sees_access_from_outside_it(
    signed_in: Callable[[str], Any],
    person: Person,
    users: dict[str, User],
    other_lead: User,
) -> None:
    refer(users["outsider"], person, 5)  # now the other team knows them too
    assert signed_in("clinician").get(_show(person)).status_code == 200
    browser = signed_in("lead")
    browser.force_login(other_lead)
    outside = browser.get(LOG, {"scope": "outside"}).content.decode()
    assert "Clinician Tester (Test Liaison Team)" in outside


def test_the_log_narrows_to_one_person_told_apart_from_another_of_the_same_name(
    signed_in: Callable[[str], Any],
    make_person: Callable[..., Person],
) -> None:
    import datetime as dt

    first = make_person(
        given_name="Alex",
        family_name="Morgan",
        preferred_name="",
        date_of_birth=dt.date(1990, 3, 3),
        nhs_number="9434765919",
    )
    second = make_person(
        given_name="Alex",
        family_name="Morgan",
        preferred_name="",
        date_of_birth=dt.date(1992, 7, 9),
        nhs_number="",
    )
    for p in (first, second):
        _outsider_reads(signed_in, p)
    lead = signed_in("lead")
    everyone = lead.get(LOG, {"scope": "outside"}).content.decode()
    assert "born 3 March 1990, NHS number 943 476 5919" in everyone
    assert "born 9 July 1992" in everyone
    narrowed = lead.get(LOG, {"scope": "outside", "person": str(second.pk)})
    html = narrowed.content.decode()
    assert "Showing only the record of Alex Morgan, born 9 July 1992" in html
    assert "born 3 March 1990" not in html
    bad = lead.get(LOG, {"scope": "outside", "person": "not-a-person"})
    assert bad.status_code == 200
    assert "That person link is not right" in bad.content.decode()
