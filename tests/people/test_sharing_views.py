"""The staff pages for what supporters see: choices on the person's behalf,
sharing without consent, safeguarding holds and the lead's reviews."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from html import unescape
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from coassess.accesslog.models import AccessEvent, Action
from coassess.accounts.models import User
from coassess.people import services as people_services
from coassess.people import sharing_services
from coassess.people.models import Person, Supporter
from coassess.people.sharing import supporter_scope
from coassess.people.sharing_models import (
    Disclosure,
    HoldReview,
    SafeguardingHold,
    SharingChoice,
)
from coassess.people.sharing_presenters import disclosures_for_person

# A fixed morning, local time = UTC in March (before the clocks change).
NOW = dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _morning() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def jo(clinician: User, person: Person) -> Supporter:
    return people_services.add_supporter(
        actor=clinician,
        person=person,
        data={"name": "Jo Reid", "relationship": "partner"},
    )


def url(name: str, supporter: Supporter, **kw: Any) -> str:
    return reverse(
        f"people:{name}",
        kwargs={"person_id": supporter.person_id, "supporter_id": supporter.pk, **kw},
    )


def text(response: Any) -> str:
    """The page's words, tags dropped and spaces made single."""
    words = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(words).split())


def until(day: int, time: str) -> dict[str, str]:
    return {
        "until_day": str(day),
        "until_month": "3",
        "until_year": "2026",
        "until_time": time,
    }


def test_the_persons_page_shows_nothing_shared_by_default(
    signed_in: Callable[[str], Any], person: Person, jo: Supporter
) -> None:
    page = text(
        signed_in("clinician").get(
            reverse("people:show_person", kwargs={"person_id": person.pk})
        )
    )
    assert "Can see: the plan and contingency plan Not shared" in page
    assert "Can see: the full assessment Not shared" in page
    assert "What Jo Reid can see: choices, holds and history" in page


def test_a_clinician_records_a_time_limited_choice_for_the_person(
    signed_in: Callable[[str], Any], clinician: User, jo: Supporter
) -> None:
    browser = signed_in("clinician")
    form = text(browser.get(url("update_sharing", jo, category="plan")))
    assert "What do they want to share?" in form
    response = browser.post(
        url("update_sharing", jo, category="plan"),
        {
            "choice": "share_until",
            **until(4, "18:00"),
            "seen": "0",
            "reason": "Sam wants Jo to see the plan for tonight",
        },
    )
    assert response.status_code == 302
    choice = SharingChoice.objects.get(supporter=jo)
    assert (choice.granted, choice.by_person, choice.set_by) == (True, False, clinician)
    assert choice.until == dt.datetime(2026, 3, 4, 18, 0, tzinfo=dt.UTC)
    assert supporter_scope(jo).allowed == {"plan"}
    page = text(browser.get(url("show_sharing", jo)))
    assert "Shared until 4 March 2026 at 18:00" in page
    assert "Clinician Tester, for Sam" in page
    assert "Sam wants Jo to see the plan for tonight" in page
    assert AccessEvent.objects.filter(
        action=Action.VIEW, what="show sharing", object_id=str(jo.person_id)
    ).exists()


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        (
            {"choice": "share_until", **until(2, "18:00")},
            "The time limit must be in the future.",
        ),
        ({"choice": "share_until"}, "Enter the date and time sharing ends"),
        ({}, "Choose whether to share this"),
        ({"choice": "share", "reason": "x"}, "Write your note in words"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(
    signed_in: Callable[[str], Any],
    jo: Supporter,
    posted: dict[str, str],
    message: str,
) -> None:
    response = signed_in("clinician").post(
        url("update_sharing", jo, category="plan"), {"seen": "0", **posted}
    )
    assert response.status_code == 400
    assert message in text(response)
    assert not SharingChoice.objects.exists()


def test_two_staff_changing_the_same_choice_see_a_conflict(
    signed_in: Callable[[str], Any], jo: Supporter
) -> None:
    first, second = signed_in("clinician"), signed_in("peer")
    target = url("update_sharing", jo, category="assessment")
    assert first.post(target, {"choice": "share", "seen": "0"}).status_code == 302
    response = second.post(target, {"choice": "do_not_share", "seen": "0"})
    assert response.status_code == 409
    page = text(response)
    assert "Someone else saved changes" in page
    assert "Shared (set by Clinician Tester, for Sam)" in page
    assert 'value="1"' in response.content.decode()  # rebased: saving again is allowed
    assert [c.granted for c in SharingChoice.objects.filter(supporter=jo)] == [True]


def test_an_unknown_category_is_not_found(
    signed_in: Callable[[str], Any], jo: Supporter
) -> None:
    assert (
        signed_in("clinician")
        .get(url("update_sharing", jo, category="all"))
        .status_code
        == 404
    )


def test_sharing_without_consent_needs_a_real_reason_and_tells_the_person(
    signed_in: Callable[[str], Any], person: Person, jo: Supporter
) -> None:
    browser = signed_in("clinician")
    good = {
        "category": "plan",
        "to_whom": str(jo.pk),
        "basis": "risk_to_others",
        **until(5, "12:00"),
    }
    refused = browser.post(url("record_disclosure", jo), {**good, "reason": "risk"})
    assert refused.status_code == 400
    assert "Write why this must be shared in words" in text(refused)
    response = browser.post(
        url("record_disclosure", jo),
        {**good, "reason": "Jo could be hurt if Sam goes home tonight"},
    )
    assert response.status_code == 302
    assert Disclosure.objects.get().supporter == jo
    assert supporter_scope(jo).allowed == {"plan"}
    (notice,) = disclosures_for_person(person)
    assert notice.in_force
    assert notice.words == (
        "On 3 March 2026, Clinician Tester shared your plan with Jo Reid without "
        "asking you, because: Jo could be hurt if Sam goes home tonight. The law "
        "allows this when there is a serious risk that someone else could be "
        "harmed, and sharing can help keep them safe. This ends on 5 March 2026."
    )


def test_a_peer_worker_is_told_they_cannot_share_without_consent(
    signed_in: Callable[[str], Any], jo: Supporter
) -> None:
    response = signed_in("peer").post(
        url("record_disclosure", jo),
        {
            "category": "plan",
            "to_whom": "all",
            "basis": "risk_to_others",
            "reason": "Jo could be hurt if Sam goes home tonight",
            **until(5, "12:00"),
        },
    )
    assert response.status_code == 400
    assert "Only a clinician or the team lead can share without consent." in text(
        response
    )
    assert not Disclosure.objects.exists()


def test_a_hold_pauses_access_at_once_and_the_lead_reviews_it(
    signed_in: Callable[[str], Any], jo: Supporter
) -> None:
    sharing_services.set_sharing(
        supporter=jo, category="plan", granted=True, seen=0, by_person=True
    )
    peer = signed_in("peer")
    short = peer.post(url("place_hold", jo), {"reason": "control"})
    assert short.status_code == 400
    assert (
        peer.post(
            url("place_hold", jo), {"reason": "Sam says Jo reads her messages"}
        ).status_code
        == 302
    )
    assert supporter_scope(jo).allowed == frozenset()
    assert "Access paused" in text(peer.get(url("show_sharing", jo)))

    lead = signed_in("lead")
    waiting = text(lead.get(reverse("people:hold_list")))
    assert "Peer Tester paused Jo Reid’s access to Sam Reid’s record" in waiting
    hold = SafeguardingHold.objects.get()
    lead.post(
        reverse("people:review_hold", kwargs={"hold_id": hold.pk}),
        {"review_note": "Agreed, keep it while Sam is on the ward"},
    )
    assert HoldReview.objects.get(hold=hold).note == (
        "Agreed, keep it while Sam is on the ward"
    )
    after = text(lead.get(reverse("people:hold_list")))
    assert "Nothing is waiting." in after
    assert "Reviewed by Lead Tester: Agreed, keep it while Sam is on the ward." in after


def test_a_clinician_lifts_a_hold_with_a_reason(
    signed_in: Callable[[str], Any], clinician: User, person: Person, jo: Supporter
) -> None:
    hold = sharing_services.place_hold(
        actor=clinician,
        person=person,
        supporter=jo,
        reason="Sam says Jo reads her messages",
    )
    sharing_services.set_sharing(
        supporter=jo, category="decisions", granted=True, seen=0, by_person=True
    )
    target = url("lift_hold", jo, hold_id=hold.pk)
    response = signed_in("clinician").post(
        target, {"reason": "Sam asked for it to end"}
    )
    assert response.status_code == 302
    assert supporter_scope(jo).allowed == {"decisions"}
    assert (
        signed_in("clinician")
        .post(target, {"reason": "Sam asked for it to end"})
        .status_code
        == 400
    )


def test_a_supporter_of_another_person_cannot_be_reached_through_this_person(
    signed_in: Callable[[str], Any],
    clinician: User,
    make_person: Callable[..., Person],
    jo: Supporter,
) -> None:
    other = make_person(
        given_name="Ola", family_name="Nowak", preferred_name="", nhs_number=""
    )
    target = reverse(
        "people:place_hold", kwargs={"person_id": other.pk, "supporter_id": jo.pk}
    )
    response = signed_in("clinician").post(target, {"reason": "Worried about control"})
    assert response.status_code == 404
    assert not SafeguardingHold.objects.exists()


def test_another_team_cannot_change_sharing(
    signed_in: Callable[[str], Any], jo: Supporter
) -> None:
    response = signed_in("outsider").post(
        url("update_sharing", jo, category="plan"), {"choice": "share", "seen": "0"}
    )
    assert response.status_code == 403
    assert not SharingChoice.objects.exists()
