"""The person says, from their own phone, that they do not want to say what
they think about a decision: through the engine's form and its one service
(`decisions.services.person_declines`), with their code as the writer. Where
they speak first, it opens the decision to everyone else; saying it twice
keeps the first; they can still give their view later; a supporter cannot
say it for them; a signed assessment takes none; staff see it as the
person's own, from their own device."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from coassess.accesslog.models import AccessEvent, Action
from coassess.accounts.models import User
from coassess.assessments.models import Assessment, Participant
from coassess.assessments.services import OWN_NAME_ONLY
from coassess.core.exceptions import DomainError
from coassess.decisions import services as decisions
from coassess.decisions.models import Decision, PersonDeclined, Position
from coassess.people.models import AccessCode
from coassess.people.sharing_services import set_sharing
from coassess.plans import services as plans
from coassess.portal.writing.forms import DECLINE_AND_ANSWER
from coassess.portal.writing.pages import ALREADY_DECLINED, SAVED_DECLINE
from coassess.portal.writing.writers import SIGNED
from tests.assessments.test_signed_walk import signed  # noqa: F401
from tests.conftest import CheckedClient
from tests.portal.viewers import (
    Asked,
    ask,
    person_code,
    rings_at_ten,
    text_of,
    url,
)

Viewer = tuple[CheckedClient, AccessCode]
BUTTON = "I don’t want to say what I think about this"
DECLINED = "decision: the person does not want to give a position"


def plain(response: Any) -> str:
    return text_of(response).replace("’", "'")


@dataclass(frozen=True)
class Tonight:
    """A decision on which Sam speaks first, with one option (positions shown
    to all), the phone's page for it, and what staff and Maggie do with it."""

    asked: Asked
    where: str
    staff_page: str
    clinician: User
    carer: Participant

    def carer_agrees(self) -> Position:
        return decisions.give_position(
            actor=self.clinician,
            host=self.asked.host,
            option=self.asked.option,
            voice=self.carer.pk,
            stance="agree",
        )


@pytest.fixture
def tonight(
    clinician: User, assessment: Assessment, voices: dict[str, Participant]
) -> Tonight:
    asked = ask(
        clinician,
        assessment,
        "Where will you be supported tonight?",
        ("At home with mum", voices["carer"]),
        person_first=True,
        hide_until_given=False,
    )
    staff_page = reverse(
        "assessments:show_decision",
        kwargs={"assessment_id": assessment.pk, "decision_id": asked.decision.pk},
    )
    where = url("give_position", assessment, decision_id=asked.decision.pk)
    return Tonight(asked, where, staff_page, clinician, voices["carer"])


def declines_logged(decision: Decision) -> list[tuple[str | None, Any]]:
    """(actor role, viewer code) of each logged decline of `decision`."""
    return list(
        AccessEvent.objects.filter(
            what=DECLINED,
            object_id=str(decision.pk),
        ).values_list("actor_role", "viewer_code_id")
    )


def test_declining_on_the_phone_opens_a_person_first_decision_to_the_others(
    as_person: Viewer,
    tonight: Tonight,
    assessment: Assessment,
    voices: dict[str, Participant],
    signed_in: Callable[[str], CheckedClient],
) -> None:
    phone, code = as_person
    decision = tonight.asked.decision
    page = text_of(phone.get(tonight.where))
    assert BUTTON in page and "You can still say what you think later" in page
    with pytest.raises(DomainError, match="speaks first"):
        tonight.carer_agrees()

    answer = phone.post(tonight.where, {"declines": "on"})

    assert answer.status_code == 302
    assert answer["Location"] == url("your_say", assessment)
    declined = PersonDeclined.objects.get(decision=decision)
    assert declined.voice_key == voices["person"].pk
    assert declined.via_code_id == code.pk and declined.recorded_by_id is None
    assert declines_logged(decision) == [("person", code.pk)]
    assert not Position.objects.exists()
    hub = text_of(phone.get(answer["Location"]))
    assert SAVED_DECLINE in hub
    assert "Where will you be supported tonight? (you chose not to say)" in hub
    again = text_of(phone.get(tonight.where))
    assert "You chose not to say what you think about this. That is fine." in again
    assert BUTTON not in again
    assert tonight.carer_agrees().voice_name == "Maggie Reid"
    staff = text_of(signed_in("clinician").get(tonight.staff_page))
    assert "Sam Reid chose not to say, on their own device." in staff
    assert "They have said they do not want to give a position" in staff


def test_declining_twice_keeps_the_first_and_says_so_kindly(
    as_person: Viewer, tonight: Tonight, clinician: User
) -> None:
    phone, code = as_person
    asked = tonight.asked
    assert phone.post(tonight.where, {"declines": "on"}).status_code == 302
    first = PersonDeclined.objects.get()

    second = phone.post(tonight.where, {"declines": "on"})

    assert second.status_code == 302
    assert ALREADY_DECLINED.replace("’", "'") in plain(phone.get(second["Location"]))
    assert list(PersonDeclined.objects.values_list("pk", "via_code_id")) == [
        (first.pk, code.pk)
    ]
    assert declines_logged(asked.decision) == [("person", code.pk)]
    kept = decisions.person_declines(
        actor=clinician, host=asked.host, decision=asked.decision
    )
    assert (kept.pk, kept.via_code_id, kept.recorded_by_id) == (first.pk, code.pk, None)
    assert len(declines_logged(asked.decision)) == 1


def test_the_person_can_still_say_what_they_think_later_and_both_are_kept(
    as_person: Viewer,
    tonight: Tonight,
    voices: dict[str, Participant],
    signed_in: Callable[[str], CheckedClient],
) -> None:
    phone, code = as_person
    option = tonight.asked.option
    phone.post(tonight.where, {"declines": "on"})

    later = phone.post(
        tonight.where,
        {
            f"stance_{option.pk}": "reservations",
            f"matters_{option.pk}": "Only if mum is home all night.",
        },
    )

    assert later.status_code == 302
    given = Position.objects.get(option=option)
    assert (given.voice_key, given.stance, given.via_code_id) == (
        voices["person"].pk,
        "reservations",
        code.pk,
    )
    assert PersonDeclined.objects.filter(decision=tonight.asked.decision).count() == 1
    staff = text_of(signed_in("clinician").get(tonight.staff_page))
    assert "Sam Reid chose not to say, on their own device." in staff
    assert "Only if mum is home all night." in staff


def test_declining_and_answering_at_once_is_refused_kindly_and_nothing_is_lost(
    as_person: Viewer, tonight: Tonight
) -> None:
    phone, _ = as_person
    option = tonight.asked.option
    answer = phone.post(
        tonight.where,
        {
            "declines": "on",
            f"stance_{option.pk}": "disagree",
            f"matters_{option.pk}": "Mum works nights 🌙",
        },
    )
    assert answer.status_code == 400
    assert DECLINE_AND_ANSWER.replace("’", "'") in plain(answer)
    assert 'href="#id_declines"' in answer.content.decode()
    assert "Mum works nights 🌙" in answer.content.decode()
    assert not PersonDeclined.objects.exists() and not Position.objects.exists()


def test_a_supporter_cannot_decline_for_the_person(
    as_carer: Viewer,
    tonight: Tonight,
    clinician: User,
    voices: dict[str, Participant],
) -> None:
    phone, carer_code = as_carer
    supporter = voices["carer"].supporter
    assert supporter is not None
    set_sharing(
        supporter=supporter,
        category="decisions",
        granted=True,
        seen=0,
        by_person=False,
        actor=clinician,
    )
    page = phone.get(tonight.where)
    assert page.status_code == 200 and BUTTON not in text_of(page)
    assert 'name="declines"' not in page.content.decode()

    answer = phone.post(tonight.where, {"declines": "on"})

    assert answer.status_code == 400
    assert "Choose a position on at least one option." in text_of(answer)
    asked = tonight.asked
    with pytest.raises(DomainError, match=OWN_NAME_ONLY):
        decisions.person_declines(
            actor=carer_code, host=asked.host, decision=asked.decision
        )
    assert not PersonDeclined.objects.exists()
    assert declines_logged(asked.decision) == []


def test_a_plan_action_offers_no_decline(
    as_person: Viewer,
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    phone, _ = as_person
    plan = plans.start_plan(actor=clinician, assessment=assessment)
    action = rings_at_ten(clinician, plan, voices["clinician"])
    where = url("plan_position", assessment, action_id=action.pk)
    assert BUTTON not in text_of(phone.get(where))
    answer = phone.post(where, {"declines": "on"})
    assert answer.status_code == 400
    assert not PersonDeclined.objects.exists()


def test_a_signed_assessment_offers_no_decline_and_takes_none(
    signed: Assessment,  # noqa: F811
    code_client: Callable[[Any], Viewer],
) -> None:
    phone, _ = code_client(None)
    decision = Decision.objects.get(context_id=signed.pk, question="Who rings?")
    where = url("give_position", signed, decision_id=decision.pk)
    page = phone.get(where)
    assert page.status_code == 200 and SIGNED in plain(page)
    assert (
        BUTTON not in text_of(page) and 'name="declines"' not in page.content.decode()
    )
    assert phone.post(where, {"declines": "on"}).status_code == 409
    assert not PersonDeclined.objects.filter(decision=decision).exists()


def test_the_database_keeps_exactly_one_writer_of_a_decline(
    tonight: Tonight,
    clinician: User,
    assessment: Assessment,
    signed_in: Callable[[str], CheckedClient],
) -> None:
    code = person_code(clinician, assessment)
    asked = tonight.asked
    declined = decisions.person_declines(
        actor=clinician, host=asked.host, decision=asked.decision
    )
    assert (declined.recorded_by_id, declined.via_code_id) == (clinician.pk, None)
    assert declines_logged(asked.decision) == [("clinician", None)]
    for change in (
        {"recorded_by": clinician, "via_code": code},
        {"recorded_by": None, "via_code": None},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            PersonDeclined.objects.filter(pk=declined.pk).update(**change)
    staff = text_of(signed_in("clinician").get(tonight.staff_page))
    assert f"Sam Reid chose not to say, recorded by {clinician.display_name}." in staff


def test_declining_is_logged_as_a_change_from_the_device(
    as_person: Viewer, tonight: Tonight
) -> None:
    phone, code = as_person
    phone.post(tonight.where, {"declines": "on"})
    event = AccessEvent.objects.get(viewer_code=code, action=Action.CREATE)
    assert event.actor_id is None
    assert event.object_id == str(tonight.asked.decision.pk)
    assert event.what == DECLINED
