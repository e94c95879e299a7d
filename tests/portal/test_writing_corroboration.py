"""A supporter tells the team what they know from their own phone (issue 13,
item 4): saved as corroborative information in their own voice, from their
code, with no member of staff, logged from their device in the same
transaction; allowed whatever the person shares, but never under a
safeguarding hold, and only for a supporter taking part; the person has their
own words instead. Staff see it, marked as from the supporter's own device and
new to them; the person sees it, with the supporter's name, in their record,
copy and PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse

from coassess.accesslog.chain import verify
from coassess.accesslog.models import AccessEvent, Action
from coassess.accounts.models import User
from coassess.assessments import services
from coassess.assessments.models import (
    Assessment,
    Corroboration,
    InformantType,
    Participant,
    SharingBasis,
    Topic,
)
from coassess.assessments.services import HELD as SERVICE_HELD
from coassess.assessments.services import NOT_FOR_THE_PERSON
from coassess.core.exceptions import DomainError
from coassess.core.text import TEXT_LIMIT
from coassess.language.checker import check
from coassess.language.rules import Audience
from coassess.people import codes
from coassess.people import services as people_services
from coassess.people.code_services import issue_code
from coassess.people.models import AccessCode, Supporter
from coassess.people.sharing_services import place_hold
from coassess.portal import presenters
from coassess.portal.writing import pages, writers
from coassess.portal.writing.forms import TOO_LONG, TellUsForm
from coassess.portal.writing.writers import FOR_SUPPORTERS, NOT_TAKING_PART, SIGNED
from tests.assessments.test_signed_walk import signed  # noqa: F401
from tests.conftest import CheckedClient
from tests.portal.test_writing import device_events
from tests.portal.test_writing_rules import LONG
from tests.portal.viewers import pdf_text, share_all, text_of, url

Viewer = tuple[CheckedClient, AccessCode]
NOTICED = "She has not been sleeping and stopped answering her phone on Friday."


def tell(client: CheckedClient, assessment: Assessment, **data: Any) -> Any:
    return client.post(
        url("tell_us", assessment), {"topic": "noticed", "text": NOTICED, **data}
    )


def test_a_supporter_tells_the_team_what_they_know(
    as_carer: Viewer, assessment: Assessment, voices: dict[str, Participant]
) -> None:
    client, code = as_carer
    page = client.get(url("tell_us", assessment))
    assert page.status_code == 200
    words = text_of(page)
    assert "Tell the team what you know" in words
    assert "What you have noticed lately" in words
    assert "Please do not show this to Sam" in words
    answer = tell(client, assessment)
    assert answer.status_code == 302
    assert answer["Location"] == url("tell_us", assessment)
    item = Corroboration.objects.get(assessment=assessment)
    assert item.what_they_said == NOTICED
    assert item.voice_id == voices["carer"].pk
    assert item.informant_name == "Maggie Reid"
    assert item.informant_type == InformantType.CARER
    assert item.basis == SharingBasis.OFFERED and item.basis_reason == ""
    assert item.topic == "noticed" and item.withheld_reason == ""
    assert item.scribe_id is None and item.via_code_id == code.pk
    assert device_events(code) == [("create", "corroborative information")]
    event = AccessEvent.objects.get(viewer_code=code, action=Action.CREATE)
    assert event.actor_id is None and event.actor_role == "supporter"
    assert event.object_id == str(item.pk)
    assert verify().broken is None
    again = text_of(client.get(url("tell_us", assessment)))
    assert "You told us What you have noticed lately" in again
    assert NOTICED in again


def test_saving_and_its_log_entry_are_one_transaction(
    as_carer: Viewer, assessment: Assessment, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the log entry cannot be written, nothing is saved."""
    _, code = as_carer

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the log is unavailable")

    monkeypatch.setattr("coassess.people.authors.record_viewer_access", broken)
    with pytest.raises(RuntimeError):
        services.add_corroboration(
            actor=code, assessment=assessment, topic="helped", what_they_said="Walks."
        )
    assert not Corroboration.objects.exists()


def test_allowed_whatever_the_person_shares(
    as_carer: Viewer, assessment: Assessment
) -> None:
    """The person shares nothing with Maggie (no choice recorded): she still
    finds the page from her home page and may add, and sees nothing else."""
    client, _ = as_carer
    home = client.get(reverse("portal:home"))
    words = text_of(home)
    assert "Sam has chosen not to share" in words
    assert url("tell_us", assessment) in home.content.decode()
    assert tell(client, assessment).status_code == 302
    say = text_of(client.get(url("your_say", assessment)))
    assert "Tell the team what you know about Sam" in say


def test_refused_kindly_under_a_safeguarding_hold(
    as_carer: Viewer,
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    client, code = as_carer
    supporter = voices["carer"].supporter
    assert supporter is not None
    place_hold(
        actor=clinician,
        person=assessment.person,
        supporter=supporter,
        reason="Sam told us Maggie checks her phone and controls her money.",
    )
    page = client.get(url("tell_us", assessment))
    assert page.status_code == 403
    words = text_of(page)
    assert "You cannot add to Sam’s record at the moment." in words
    for secret in ("hold", "safeguarding", "controls her money"):
        assert secret not in words.lower()
    assert tell(client, assessment).status_code == 403
    home = client.get(reverse("portal:home"))
    assert url("tell_us", assessment) not in home.content.decode()
    with pytest.raises(DomainError, match="You cannot add to this record"):
        services.add_corroboration(
            actor=code, assessment=assessment, topic="noticed", what_they_said="x y"
        )
    assert SERVICE_HELD.startswith("You cannot add")
    assert not Corroboration.objects.exists()


def test_refused_kindly_for_a_supporter_not_taking_part(
    code_client: Callable[[Supporter | None], Viewer],
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    friend = people_services.add_supporter(
        actor=clinician,
        person=assessment.person,
        data={"name": "Priya Shah", "relationship": "friend"},
    )
    client, code = code_client(friend)
    page = client.get(url("tell_us", assessment))
    assert page.status_code == 403
    assert NOT_TAKING_PART in text_of(page)
    assert tell(client, assessment).status_code == 403
    with pytest.raises(DomainError, match="not listed as taking part"):
        services.add_corroboration(
            actor=code, assessment=assessment, topic="noticed", what_they_said="x y"
        )
    assert not Corroboration.objects.exists()


def test_the_person_has_their_own_words_instead(
    as_person: Viewer, assessment: Assessment
) -> None:
    client, code = as_person
    page = client.get(url("tell_us", assessment))
    assert page.status_code == 403
    assert FOR_SUPPORTERS in text_of(page)
    assert tell(client, assessment).status_code == 403
    with pytest.raises(DomainError, match=NOT_FOR_THE_PERSON):
        services.add_corroboration(
            actor=code, assessment=assessment, topic="noticed", what_they_said="x y"
        )
    assert not Corroboration.objects.exists()


def test_a_supporter_cannot_choose_who_it_is_from(
    as_carer: Viewer, assessment: Assessment, voices: dict[str, Participant]
) -> None:
    """Whatever else is sent, it is saved as from the supporter, offered."""
    client, _ = as_carer
    tell(
        client,
        assessment,
        informant_name="Dr Someone",
        informant_type="gp",
        basis="consent",
        voice=str(voices["person"].pk),
        withheld_reason="serious_harm",
    )
    item = Corroboration.objects.get()
    assert (item.informant_name, item.basis, item.voice_id) == (
        "Maggie Reid",
        SharingBasis.OFFERED,
        voices["carer"].pk,
    )
    assert item.withheld_reason == ""


def test_long_text_in_every_script_is_kept_exactly(
    as_carer: Viewer, assessment: Assessment
) -> None:
    assert len(LONG) == TEXT_LIMIT
    client, _ = as_carer
    assert tell(client, assessment, text=LONG).status_code == 302
    assert Corroboration.objects.get().what_they_said == LONG


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "Write what you want the team to know, then press Save."),
        ({"text": "   "}, "Write what you want the team to know, then press Save."),
        ({"topic": ""}, "Choose what this is about."),
        ({"topic": "gossip"}, "Choose one of the answers."),
        ({"text": "x" * (TEXT_LIMIT + 1)}, TOO_LONG),
    ],
)
def test_bad_input_gets_a_kind_message_and_keeps_what_was_typed(
    as_carer: Viewer, assessment: Assessment, data: dict[str, str], message: str
) -> None:
    client, _ = as_carer
    answer = tell(client, assessment, **data)
    assert answer.status_code == 400
    assert message in text_of(answer)
    if data.get("text", NOTICED).strip():
        assert data.get("text", NOTICED) in answer.content.decode()
    assert not Corroboration.objects.exists()


def test_a_signed_assessment_takes_nothing_more(
    as_carer: Viewer,
    signed: Assessment,  # noqa: F811
) -> None:
    client, _ = as_carer
    page = client.get(url("tell_us", signed))
    assert page.status_code == 200 and SIGNED in text_of(page)
    assert tell(client, signed).status_code == 409
    assert not Corroboration.objects.exists()


def test_staff_see_it_marked_and_new(
    as_carer: Viewer,
    assessment: Assessment,
    signed_in: Callable[[str], CheckedClient],
) -> None:
    phone, _ = as_carer
    staff = signed_in("clinician")
    page = reverse("assessments:show_assessment", args=[assessment.pk])
    start = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)
    with time_machine.travel(start, tick=False):
        first = text_of(staff.get(page))
    assert "New from their own device" not in first
    with time_machine.travel(start + dt.timedelta(minutes=5), tick=False):
        assert tell(phone, assessment).status_code == 302
    with time_machine.travel(start + dt.timedelta(minutes=10), tick=False):
        seen = text_of(staff.get(page))
        again = text_of(staff.get(page))
    assert "New from their own device since you last looked" in seen
    assert "Maggie Reid told us what they know" in seen
    assert "Maggie Reid wrote this on their own device" in seen
    assert "New since you last looked" in seen
    assert "Offered by the supporter, from their own device" in seen
    assert "About: what you have noticed lately" in seen
    assert NOTICED in seen
    # Once looked at, it is no longer new; still marked as theirs.
    assert "New since you last looked" not in again
    assert "Maggie Reid wrote this on their own device" in again


def test_the_person_sees_it_with_the_supporters_name(
    as_carer: Viewer, as_person: Viewer, assessment: Assessment
) -> None:
    phone, _ = as_carer
    tell(phone, assessment, text="Walking the dog helped last time.", topic="helped")
    client, _ = as_person
    record = text_of(client.get(reverse("portal:show_record", args=[assessment.pk])))
    assert "Maggie Reid (carer)" in record
    assert "Walking the dog helped last time." in record
    assert "They wrote this on their own phone or computer." in record
    said = "Maggie Reid (your mum) told us: “Walking the dog helped last time.”"
    copy = text_of(client.get(reverse("portal:show_copy", args=[assessment.pk])))
    assert "What other people told us" in copy and said in copy
    pdf = client.get(reverse("portal:copy_pdf", args=[assessment.pk]))
    assert pdf.status_code == 200
    assert "Walking the dog helped last time." in pdf_text(pdf.content)
    assert "Maggie Reid (your mum) told us" in pdf_text(pdf.content)


def test_another_records_code_is_refused_by_the_service(
    code_client: Callable[[Supporter | None], Viewer],
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
    make_person: Callable[..., Any],
) -> None:
    """A code for another person's record cannot add here, whatever the page."""
    other = make_person(given_name="Chris", family_name="Other", nhs_number="")
    theirs = people_services.add_supporter(
        actor=clinician, person=other, data={"name": "Lee", "relationship": "dad"}
    )
    code, _ = issue_code(
        actor=clinician,
        person=other,
        team=assessment.team,
        supporter=theirs,
        known_kind=codes.Known.WORD,
        known_answer="Lighthouse",
    )
    with (
        pytest.raises(DomainError, match="not part of your record"),
        transaction.atomic(),
    ):
        services.add_corroboration(
            actor=code, assessment=assessment, topic="noticed", what_they_said="x y"
        )
    assert not Corroboration.objects.exists()


def test_a_supporter_shown_everything_reads_their_own_as_you_told_us(
    as_carer: Viewer, assessment: Assessment, voices: dict[str, Participant]
) -> None:
    share_all(voices["carer"].supporter)
    phone, _ = as_carer
    tell(phone, assessment, text="Walking the dog helped last time.", topic="helped")
    record = text_of(phone.get(reverse("portal:show_record", args=[assessment.pk])))
    assert "You told us Walking the dog helped last time." in record
    copy = text_of(phone.get(reverse("portal:show_copy", args=[assessment.pk])))
    assert "You told us: “Walking the dog helped last time.”" in copy


def test_every_new_phrase_passes_the_apps_own_language_check() -> None:
    phrases = [
        writers.FOR_SUPPORTERS,
        writers.HELD.format(name="Sam"),
        writers.NOT_TAKING_PART,
        SERVICE_HELD,
        pages.SAVED_INFORMATION,
        presenters.BASIS[SharingBasis.OFFERED],
        *Topic.labels,
        *(
            str(words)
            for field in TellUsForm(called="Sam").fields.values()
            for words in (field.label, field.help_text)
            if words
        ),
    ]
    for phrase in phrases:
        findings = check(phrase, Audience.PERSON_FACING)
        assert not findings, (phrase, [f.term for f in findings])


def test_the_page_tells_the_supporter_what_the_person_can_see(
    as_carer: Viewer, assessment: Assessment
) -> None:
    client, _ = as_carer
    words = text_of(client.get(url("tell_us", assessment)))
    assert "Sam can usually read it." in words
    assert (
        "Sam can still see that you signed in and added something, but not what "
        "you wrote." in words
    )
