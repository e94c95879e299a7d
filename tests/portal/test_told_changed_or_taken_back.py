"""A supporter changes or takes back what they told the team, from their own
phone (issue 13): only what a code of theirs first wrote (never what staff
typed in their voice, nor another supporter's, which is not found); a change
is a new version and taking back is a new version marked as taken back,
never a deletion; a form made from an older version gets the newest (409);
refused kindly under a safeguarding hold, for a supporter not taking part and
for the person; each logged from their device in the same transaction. Staff
see the change or the taking back as new from their device, with every
version; the person's record, copy and PDF say only that it was taken back,
and when."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from coassess.accesslog.chain import verify
from coassess.accesslog.models import AccessEvent, Action
from coassess.accounts.models import User
from coassess.assessments import services
from coassess.assessments.models import (
    Assessment,
    Corroboration,
    Expertise,
    Participant,
    ParticipantKind,
    SharingBasis,
)
from coassess.core.exceptions import DomainError, VersionConflict
from coassess.language.checker import check
from coassess.language.rules import Audience
from coassess.people import services as people_services
from coassess.people.models import AccessCode, Supporter
from coassess.people.sharing_services import place_hold
from coassess.plans.person_copy import WORDS
from coassess.portal import presenters
from coassess.portal.writing import pages
from coassess.portal.writing.forms import ChangeToldForm
from coassess.portal.writing.writers import FOR_SUPPORTERS, HELD, NOT_TAKING_PART
from tests.conftest import CheckedClient
from tests.portal.test_writing import device_events
from tests.portal.viewers import pdf_text, share_all, text_of, url

Viewer = tuple[CheckedClient, AccessCode]
NOTICED = "She has not been sleeping and stopped answering her phone on Friday."
CHANGED = "She has slept badly since Friday, and she answered me on Sunday."


def told(client: CheckedClient, assessment: Assessment) -> Corroboration:
    """Maggie tells the team what she noticed, from her phone."""
    answer = client.post(
        url("tell_us", assessment), {"topic": "noticed", "text": NOTICED}
    )
    assert answer.status_code == 302
    return Corroboration.objects.get(assessment=assessment, is_current=True)


def change(
    client: CheckedClient, item: Corroboration, based_on: object, text: str = CHANGED
) -> Any:
    return client.post(
        url("change_told", item.assessment, lineage=item.lineage),
        {"topic": "worried", "text": text, "based_on": str(based_on)},
    )


def take_back(client: CheckedClient, item: Corroboration, based_on: object) -> Any:
    return client.post(
        url("take_back_told", item.assessment, lineage=item.lineage),
        {"based_on": str(based_on)},
    )


def versions(item: Corroboration) -> list[Corroboration]:
    return list(
        Corroboration.objects.filter(lineage=item.lineage).order_by("version_number")
    )


def test_a_supporter_changes_what_they_told_us_as_a_new_version(
    as_carer: Viewer, assessment: Assessment, voices: dict[str, Participant]
) -> None:
    client, code = as_carer
    item = told(client, assessment)
    listed = client.get(url("tell_us", assessment)).content.decode()
    page_url = url("change_told", assessment, lineage=item.lineage)
    assert page_url in listed
    page = client.get(page_url)
    assert page.status_code == 200
    assert NOTICED in page.content.decode()  # the box starts with their words
    answer = change(client, item, item.pk)
    assert answer.status_code == 302
    assert answer["Location"] == url("tell_us", assessment)
    first, second = versions(item)
    assert (first.what_they_said, first.is_current) == (NOTICED, False)
    assert (second.what_they_said, second.topic) == (CHANGED, "worried")
    assert second.is_current and second.supersedes_id == first.pk
    assert second.via_code_id == code.pk and second.scribe_id is None
    assert second.voice_id == voices["carer"].pk
    assert second.basis == SharingBasis.OFFERED and second.withdrawn_at is None
    assert device_events(code) == [
        ("create", "corroborative information"),
        ("update", "corroborative information changed by the supporter"),
    ]
    event = AccessEvent.objects.get(viewer_code=code, action=Action.UPDATE)
    assert event.actor_id is None and event.object_id == str(second.pk)
    assert verify().broken is None
    again = text_of(client.get(url("tell_us", assessment)))
    assert CHANGED in again and NOTICED not in again


def test_a_supporter_takes_back_what_they_told_us_and_nothing_is_deleted(
    as_carer: Viewer, assessment: Assessment
) -> None:
    client, code = as_carer
    item = told(client, assessment)
    page = client.get(url("take_back_told", assessment, lineage=item.lineage))
    assert page.status_code == 200
    words = text_of(page)
    assert NOTICED in words
    assert "Sam will be told that you took something back, and when" in words
    answer = take_back(client, item, item.pk)
    assert answer.status_code == 302
    first, second = versions(item)
    assert not first.is_current and first.withdrawn_at is None
    assert second.is_current and second.withdrawn_at is not None
    assert second.what_they_said == NOTICED  # kept: the team may have acted on it
    assert second.via_code_id == code.pk
    assert device_events(code)[-1] == (
        "update",
        "corroborative information taken back by the supporter",
    )
    listed = text_of(client.get(url("tell_us", assessment)))
    assert "You took this back on" in listed
    # Taken back, it cannot be changed or taken back again from the phone.
    again = client.get(url("change_told", assessment, lineage=item.lineage))
    assert again.status_code == 200
    assert pages.TAKEN_BACK_ALREADY in text_of(again)
    assert take_back(client, item, second.pk).status_code == 400
    assert Corroboration.objects.filter(lineage=item.lineage).count() == 2


def test_a_stale_form_gets_the_newest_version_with_409(
    as_carer: Viewer, assessment: Assessment
) -> None:
    """Maggie opens the change page on two phones: the second save, made from
    the version she first saw, is not saved over the first; what she typed
    is kept in the form, now on top of the newest."""
    client, _ = as_carer
    item = told(client, assessment)
    assert change(client, item, item.pk).status_code == 302
    stale = change(client, item, item.pk, text="Something else again.")
    assert stale.status_code == 409
    words = text_of(stale)
    assert "This changed after you opened the page" in words
    assert CHANGED in words and "Something else again." in words
    newest = Corroboration.objects.get(lineage=item.lineage, is_current=True)
    assert f'value="{newest.pk}"' in stale.content.decode()
    assert newest.what_they_said == CHANGED
    # Taking back from a page opened before the change: the same.
    gone = take_back(client, item, item.pk)
    assert gone.status_code == 409
    assert "This changed after you opened the page" in text_of(gone)
    assert Corroboration.objects.filter(lineage=item.lineage).count() == 2
    with pytest.raises(VersionConflict):
        services.withdraw_offered(actor=_code(client, assessment), base=item)


def _code(client: CheckedClient, assessment: Assessment) -> AccessCode:
    return AccessCode.objects.get(
        person=assessment.person, supporter__isnull=False, revoked_at=None
    )


def test_refused_kindly_under_a_safeguarding_hold(
    as_carer: Viewer,
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    client, code = as_carer
    item = told(client, assessment)
    supporter = voices["carer"].supporter
    assert supporter is not None
    place_hold(
        actor=clinician,
        person=assessment.person,
        supporter=supporter,
        reason="Sam told us Maggie reads her messages.",
    )
    for name in ("change_told", "take_back_told"):
        page = client.get(url(name, assessment, lineage=item.lineage))
        assert page.status_code == 403
        words = text_of(page)
        assert HELD.format(name="Sam") in words
        assert "hold" not in words.lower() and "messages" not in words
    assert change(client, item, item.pk).status_code == 403
    assert take_back(client, item, item.pk).status_code == 403
    with pytest.raises(DomainError, match="You cannot add to this record"):
        services.withdraw_offered(actor=code, base=item)
    assert versions(item) == [item]


def test_refused_kindly_for_a_supporter_not_taking_part(
    as_carer: Viewer,
    code_client: Callable[[Supporter | None], Viewer],
    clinician: User,
    assessment: Assessment,
) -> None:
    phone, _ = as_carer
    item = told(phone, assessment)
    friend = people_services.add_supporter(
        actor=clinician,
        person=assessment.person,
        data={"name": "Priya Shah", "relationship": "friend"},
    )
    client, code = code_client(friend)
    for name in ("change_told", "take_back_told"):
        page = client.get(url(name, assessment, lineage=item.lineage))
        assert page.status_code == 403
        assert NOT_TAKING_PART in text_of(page)
    assert take_back(client, item, item.pk).status_code == 403
    with pytest.raises(DomainError, match="not listed as taking part"):
        services.change_offered(
            actor=code, base=item, topic="noticed", what_they_said="x y"
        )
    assert versions(item) == [item]


def test_refused_kindly_for_the_person(
    as_carer: Viewer, as_person: Viewer, assessment: Assessment
) -> None:
    phone, _ = as_carer
    item = told(phone, assessment)
    client, code = as_person
    for name in ("change_told", "take_back_told"):
        page = client.get(url(name, assessment, lineage=item.lineage))
        assert page.status_code == 403
        assert FOR_SUPPORTERS in text_of(page)
    assert take_back(client, item, item.pk).status_code == 403
    with pytest.raises(DomainError, match="for the people who support you"):
        services.withdraw_offered(actor=code, base=item)
    assert versions(item) == [item]


def test_another_supporters_item_is_not_found(
    as_carer: Viewer,
    code_client: Callable[[Supporter | None], Viewer],
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    """Jo takes part too. Maggie's item is not found from Jo's phone, and
    neither is what staff typed in Jo's own voice: only what a code of
    Jo's wrote is Jo's to change."""
    phone, _ = as_carer
    maggies = told(phone, assessment)
    jo = people_services.add_supporter(
        actor=clinician,
        person=assessment.person,
        data={"name": "Jo Reid", "relationship": "brother"},
    )
    joined = services.add_participant(
        actor=clinician,
        assessment=assessment,
        kind=ParticipantKind.SUPPORTER,
        expertise=Expertise.CARER,
        supporter=jo,
    )
    typed = services.add_corroboration(
        actor=clinician,
        assessment=assessment,
        informant_type="relative",
        informant_name="Jo Reid",
        voice=joined,
        what_they_said="Sam stayed with me last spring.",
        basis="consent",
    )
    client, code = code_client(jo)
    for item in (maggies, typed):
        for name in ("change_told", "take_back_told"):
            address = url(name, assessment, lineage=item.lineage)
            assert client.get(address).status_code == 404
            assert client.post(address, {"based_on": str(item.pk)}).status_code == 404
        with pytest.raises(DomainError, match="not something you told us"):
            services.withdraw_offered(actor=code, base=item)
    assert "Sam stayed with me" not in text_of(client.get(url("tell_us", assessment)))
    assert Corroboration.objects.count() == 2


def test_one_the_team_keeps_from_the_person_is_not_listed_nor_found(
    as_carer: Viewer, clinician: User, assessment: Assessment
) -> None:
    client, code = as_carer
    item = told(client, assessment)
    kept = services.withhold_corroboration(
        actor=clinician, base=item, withheld_reason="third_party"
    )
    assert (
        client.get(url("change_told", assessment, lineage=item.lineage)).status_code
        == 404
    )
    with pytest.raises(DomainError, match="The team is keeping this private"):
        services.withdraw_offered(actor=code, base=kept)


def test_staff_see_the_change_and_the_taking_back_as_new_with_every_version(
    as_carer: Viewer,
    assessment: Assessment,
    signed_in: Callable[[str], CheckedClient],
) -> None:
    phone, _ = as_carer
    staff = signed_in("clinician")
    page = reverse("assessments:show_assessment", args=[assessment.pk])
    start = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)
    with time_machine.travel(start, tick=False):
        item = told(phone, assessment)
        staff.get(page)
    with time_machine.travel(start + dt.timedelta(minutes=5), tick=False):
        assert change(phone, item, item.pk).status_code == 302
    with time_machine.travel(start + dt.timedelta(minutes=10), tick=False):
        seen = text_of(staff.get(page))
    assert "New from their own device since you last looked" in seen
    assert "Maggie Reid changed what they told us" in seen
    assert CHANGED in seen and "New since you last looked" in seen
    assert "Changed by Maggie Reid" in seen and "version 2" in seen
    newest = Corroboration.objects.get(lineage=item.lineage, is_current=True)
    with time_machine.travel(start + dt.timedelta(minutes=15), tick=False):
        assert take_back(phone, item, newest.pk).status_code == 302
    with time_machine.travel(start + dt.timedelta(minutes=20), tick=False):
        seen = text_of(staff.get(page))
    assert "Maggie Reid took back what they told us" in seen
    assert "Taken back by Maggie Reid on" in seen
    assert CHANGED in seen  # staff still read it
    history = staff.get(
        reverse("assessments:show_history", args=[assessment.pk, item.lineage])
    )
    assert history.status_code == 200
    words = text_of(history)
    assert "Earlier versions: what Maggie Reid told us" in words
    assert NOTICED in words and CHANGED in words
    assert "Version 3 (current)" in words and "Version 1" in words
    assert words.count("written by Maggie Reid on their own device") == 3


def test_the_person_is_told_it_was_taken_back_never_its_words(
    as_carer: Viewer, as_person: Viewer, assessment: Assessment
) -> None:
    phone, _ = as_carer
    item = told(phone, assessment)
    client, _ = as_person
    record_url = reverse("portal:show_record", args=[assessment.pk])
    assert NOTICED in text_of(client.get(record_url))
    assert take_back(phone, item, item.pk).status_code == 302
    record = text_of(client.get(record_url))
    assert NOTICED not in record
    assert "Maggie Reid (carer)" in record
    assert "They took this back on" in record
    copy = text_of(client.get(reverse("portal:show_copy", args=[assessment.pk])))
    assert NOTICED not in copy
    assert "Maggie Reid (your mum) took back something they told us, on" in copy
    pdf = pdf_text(client.get(reverse("portal:copy_pdf", args=[assessment.pk])).content)
    assert NOTICED not in pdf
    assert "took back something they told us" in pdf
    # Nor can the person's page to disagree with it show its words.
    newest = Corroboration.objects.get(lineage=item.lineage, is_current=True)
    disagree = url("dispute_item", assessment, kind="corroboration", entry_id=newest.pk)
    assert client.get(disagree).status_code == 404


def test_a_supporter_shown_everything_reads_that_they_took_it_back(
    as_carer: Viewer, assessment: Assessment, voices: dict[str, Participant]
) -> None:
    share_all(voices["carer"].supporter)
    phone, _ = as_carer
    item = told(phone, assessment)
    take_back(phone, item, item.pk)
    record = text_of(phone.get(reverse("portal:show_record", args=[assessment.pk])))
    assert "You took this back on" in record and NOTICED not in record
    copy = text_of(phone.get(reverse("portal:show_copy", args=[assessment.pk])))
    assert "You took back something you told us, on" in copy


def test_every_new_phrase_passes_the_apps_own_language_check() -> None:
    phrases = [
        pages.SAVED_CHANGE,
        pages.SAVED_TAKE_BACK,
        pages.TAKEN_BACK_ALREADY,
        pages.OUT_OF_DATE,
        presenters.TAKEN_BACK.format(They="They", when="3 March 2026"),
        WORDS["took_back"].format(
            Who="Maggie Reid (your mum)", they="they", when="3 March 2026"
        ),
        services.NOT_YOURS,
        services.TAKEN_BACK,
        services.KEPT_BY_THE_TEAM,
        *(
            str(words)
            for field in ChangeToldForm(called="Sam").fields.values()
            for words in (field.label, field.help_text)
            if words
        ),
    ]
    for phrase in phrases:
        findings = check(phrase, Audience.PERSON_FACING)
        assert not findings, (phrase, [f.term for f in findings])


def test_a_change_and_its_log_entry_are_one_transaction(
    as_carer: Viewer, assessment: Assessment, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the log entry cannot be written, no new version is saved."""
    client, code = as_carer
    item = told(client, assessment)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the log is unavailable")

    monkeypatch.setattr("coassess.people.authors.record_viewer_access", broken)
    with pytest.raises(RuntimeError):
        services.withdraw_offered(actor=code, base=item)
    with pytest.raises(RuntimeError):
        services.change_offered(
            actor=code, base=item, topic="helped", what_they_said="Walks."
        )
    assert versions(item) == [item]
    item.refresh_from_db()
    assert item.is_current and item.withdrawn_at is None
