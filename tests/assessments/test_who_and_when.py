"""Every record names who made it and when; participants' details can be
corrected, with history; the page says when the person was first seen
(issue 11, part 2)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from html import unescape
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from coassess.accounts.models import User
from coassess.assessments import services
from coassess.assessments.hosts import AssessmentHost
from coassess.assessments.models import (
    Assessment,
    Expertise,
    JoiningBy,
    Participant,
    ParticipantKind,
    ParticipantVersion,
    Status,
)
from coassess.core.exceptions import DomainError, VersionConflict
from coassess.decisions import services as decisions
from coassess.decisions.rules import OutcomeDraft
from coassess.referrals.models import Referral


def words(response: Any) -> str:
    """The page's text as a reader meets it: no tags, single spaces."""
    return " ".join(
        re.sub(r"<[^>]+>", " ", unescape(response.content.decode())).split()
    )


def a_url(name: str, assessment: Assessment, **more: Any) -> str:
    return reverse(
        f"assessments:{name}", kwargs={"assessment_id": assessment.pk, **more}
    )


# --- Participants: corrected as versions, no assumed expertise ---------------


def test_a_participant_joins_with_a_first_version_of_their_details(
    assessment: Assessment, voices: dict[str, Participant]
) -> None:
    for p in voices.values():
        (version,) = ParticipantVersion.objects.filter(participant=p)
        assert (version.version_number, version.is_current) == (1, True)
        assert (version.role_in_meeting, version.expertise) == (
            p.role_in_meeting,
            p.expertise,
        )
    assert voices["clinician"].role_in_meeting == "Clinician"


def test_the_scribe_is_corrected_and_the_earlier_details_are_kept(
    users: dict[str, User], voices: dict[str, Participant]
) -> None:
    clinician = voices["clinician"]
    new = services.correct_participant(
        actor=users["peer"],
        participant=clinician,
        based_on=1,
        role_in_meeting="  liaison nurse, scribe ",
        expertise=Expertise.PROFESSIONAL,
        joins_by=JoiningBy.IN_PERSON,
    )
    clinician.refresh_from_db()
    assert clinician.role_in_meeting == "liaison nurse, scribe"
    assert clinician.joins_by == "in_person"
    old = ParticipantVersion.objects.get(participant=clinician, version_number=1)
    assert (old.role_in_meeting, old.is_current) == ("Clinician", False)
    assert (new.version_number, new.supersedes, new.changed_by) == (
        2,
        old,
        users["peer"],
    )


def test_a_correction_from_a_stale_version_is_a_conflict(
    users: dict[str, User], voices: dict[str, Participant]
) -> None:
    carer = voices["carer"]
    services.correct_participant(
        actor=users["clinician"],
        participant=carer,
        based_on=1,
        role_in_meeting="Sam's mum",
        expertise=Expertise.CARER,
        joins_by=JoiningBy.PHONE,
    )
    with pytest.raises(VersionConflict) as caught:
        services.correct_participant(
            actor=users["peer"],
            participant=carer,
            based_on=1,
            role_in_meeting="Mum",
            expertise=Expertise.LIVED,
            joins_by="",
        )
    assert caught.value.current.role_in_meeting == "Sam's mum"
    carer.refresh_from_db()
    assert (carer.role_in_meeting, carer.expertise) == ("Sam's mum", "carer")
    assert ParticipantVersion.objects.filter(participant=carer).count() == 2


def test_a_signed_assessment_keeps_its_participants_details(
    signed_in: Callable[[str], Any],
    users: dict[str, User],
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    services.move_status(assessment=assessment, to=Status.SIGNED)
    with pytest.raises(DomainError, match="has been signed"):
        services.correct_participant(
            actor=users["clinician"],
            participant=voices["carer"],
            based_on=1,
            role_in_meeting="Mum",
            expertise=Expertise.CARER,
            joins_by="",
        )
    c = signed_in("clinician")
    html = c.get(a_url("participant_list", assessment)).content.decode()
    change = a_url("update_participant", assessment, participant_id=voices["carer"].pk)
    assert change not in html
    assert ParticipantVersion.objects.filter(participant=voices["carer"]).count() == 1


def test_a_participant_needs_a_real_expertise_and_way_of_joining(
    clinician: User, assessment: Assessment, voices: dict[str, Participant]
) -> None:
    with pytest.raises(DomainError, match="Choose what they bring"):
        services.add_participant(
            actor=clinician,
            assessment=assessment,
            kind=ParticipantKind.OTHER,
            name="Rahima Khatun",
            expertise="",
        )
    with pytest.raises(DomainError, match="Choose how they are joining"):
        services.correct_participant(
            actor=clinician,
            participant=voices["carer"],
            based_on=1,
            role_in_meeting="",
            expertise=Expertise.CARER,
            joins_by="pigeon",
        )


def test_the_add_form_assumes_no_expertise(
    signed_in: Callable[[str], Any], assessment: Assessment
) -> None:
    c = signed_in("clinician")
    html = c.get(a_url("participant_list", assessment)).content.decode()
    select = re.search(r'<select[^>]*name="expertise".*?</select>', html, re.S)
    assert select is not None
    options = [
        " ".join(o.split()) for o in re.findall(r"<option[^>]*>", select.group(0))
    ]
    assert options[0] == '<option value="" >'
    assert not [o for o in options if "selected" in o]
    # Sent without one: a clear message, and nothing added.
    response = c.post(
        a_url("participant_list", assessment),
        {"kind": "other", "name": "Rahima Khatun", "expertise": ""},
    )
    assert response.status_code == 400
    assert "Choose what they bring." in words(response)
    assert "Rahima Khatun" in unescape(response.content.decode())
    assert not Participant.objects.filter(name="Rahima Khatun").exists()


def test_correcting_a_participant_through_the_page_shows_their_history(
    signed_in: Callable[[str], Any], voices: dict[str, Participant]
) -> None:
    clinician = voices["clinician"]
    url = a_url("update_participant", clinician.assessment, participant_id=clinician.pk)
    c = signed_in("clinician")
    listing = c.get(a_url("participant_list", clinician.assessment))
    assert url in listing.content.decode()
    response = c.post(
        url,
        {
            "based_on": "1",
            "role_in_meeting": "liaison nurse, scribe",
            "expertise": "professional",
            "joins_by": "in_person",
        },
    )
    assert response.status_code == 302
    listing = words(c.get(a_url("participant_list", clinician.assessment)))
    assert "liaison nurse, scribe, in the room (details changed)" in listing
    page = words(c.get(url))
    assert "Version 2 (current), changed by Clinician Tester" in page
    assert "Version 1, set by Clinician Tester" in page
    assert "Part in the meeting: Clinician." in page
    assert "Part in the meeting: liaison nurse, scribe." in page


def test_a_stale_correction_through_the_page_shows_both_with_409(
    signed_in: Callable[[str], Any],
    users: dict[str, User],
    voices: dict[str, Participant],
) -> None:
    carer = voices["carer"]
    services.correct_participant(
        actor=users["peer"],
        participant=carer,
        based_on=1,
        role_in_meeting="Sam's mum",
        expertise=Expertise.CARER,
        joins_by=JoiningBy.PHONE,
    )
    response = signed_in("clinician").post(
        a_url("update_participant", carer.assessment, participant_id=carer.pk),
        {
            "based_on": "1",
            "role_in_meeting": "Mum, on speaker",
            "expertise": "carer",
            "joins_by": "video",
        },
    )
    assert response.status_code == 409
    text = words(response)
    assert "Peer Tester saved these details while you were editing" in text
    assert "Part in the meeting: Sam's mum" in text
    html = unescape(response.content.decode())
    assert 'value="Mum, on speaker"' in html
    assert 'name="based_on" value="2"' in html
    carer.refresh_from_db()
    assert carer.role_in_meeting == "Sam's mum"


# --- Records name who made them and when -------------------------------------


def _capacity(assessed_by: Participant | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "decision": "Going home tonight",
        "assessed_at": timezone.now() - dt.timedelta(minutes=20),
        "support_given": "A quiet room and time",
        "outcome": "has",
    }
    for ability in ("understand", "retain", "use_or_weigh", "communicate"):
        data[ability] = "able"
        data[f"{ability}_evidence"] = "Explained it back"
    if assessed_by is not None:
        data["assessed_by"] = assessed_by
    return data


def test_capacity_names_who_assessed_it(
    users: dict[str, User], assessment: Assessment, voices: dict[str, Participant]
) -> None:
    # Typed by the clinician; assessed by them unless someone else is named.
    record = services.record_capacity(
        actor=users["clinician"], assessment=assessment, data=_capacity()
    )
    assert record.assessed_by == voices["clinician"]
    with pytest.raises(DomainError, match="Choose who assessed their capacity"):
        services.record_capacity(
            actor=users["lead"], assessment=assessment, data=_capacity()
        )
    with pytest.raises(DomainError, match="member of staff"):
        services.record_capacity(
            actor=users["clinician"],
            assessment=assessment,
            data=_capacity(voices["carer"]),
        )


def test_the_pages_say_who_assessed_checked_and_recorded_and_when(
    signed_in: Callable[[str], Any],
    users: dict[str, User],
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    peer = services.add_participant(
        actor=users["clinician"],
        assessment=assessment,
        kind=ParticipantKind.STAFF,
        user=users["peer"],
        expertise=Expertise.PEER,
        role_in_meeting="peer support worker",
    )
    at = timezone.now() - dt.timedelta(minutes=30)
    services.record_capacity(
        actor=users["clinician"],
        assessment=assessment,
        data={**_capacity(peer), "assessed_at": at},
    )
    services.add_known_source(
        actor=users["lead"],
        assessment=assessment,
        source_type="record",
        detail="",
        what_it_said="Seen by the crisis team in March.",
        checked_at=at,
        limited_access=False,
    )
    services.add_corroboration(
        actor=users["peer"],
        assessment=assessment,
        informant_type="gp",
        informant_name="Dr Rao",
        what_they_said="No recent change in medication.",
        basis="consent",
    )
    when = timezone.localtime(at)
    stamp = f"{when.day} {when:%B %Y} at {when:%H:%M}"
    c = signed_in("clinician")
    for name in ("show_assessment", "print_assessment"):
        text = words(c.get(a_url(name, assessment)))
        assert (
            f"Assessed by Peer Tester (peer support) , peer support worker, {stamp}"
            in text
        ), name
        assert "Recorded by Clinician Tester" in text, name
        assert f"checked by Lead Tester, {stamp}" in text, name
        assert "Recorded by Peer Tester, " in text, name


def test_an_outcome_names_who_recorded_it(
    signed_in: Callable[[str], Any],
    users: dict[str, User],
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    host = AssessmentHost(assessment)
    decision = decisions.add_decision(
        actor=users["clinician"], host=host, question="Where tonight?"
    )
    option = decisions.add_option(
        actor=users["clinician"],
        host=host,
        decision=decision,
        text="Home with Mum",
        proposer=voices["person"].pk,
    )
    decisions.give_positions(
        actor=users["clinician"],
        host=host,
        decision=decision,
        voice=voices["person"].pk,
        answers=[decisions.Answer(option, "agree", "")],
    )
    decisions.record_outcome(
        actor=users["peer"],
        host=host,
        decision=decision,
        draft=OutcomeDraft(
            chosen=option,
            deciding_rule="consensus",
            rationale="Everyone agreed home is safest tonight.",
            values_weighed="Sam's wish to be at home; Maggie's wish to help.",
            remaining_disagreements="",
            how_respected="",
            why_person_not_followed="",
            review_at=None,
            capacity_record=None,
        ),
    )
    c = signed_in("clinician")
    for page in (
        a_url("show_decision", assessment, decision_id=decision.pk),
        a_url("show_assessment", assessment),
        a_url("print_assessment", assessment),
    ):
        assert "Recorded By Peer Tester, " in words(c.get(page)), page


# --- When the person was first seen --------------------------------------------


def test_the_page_says_when_the_person_was_first_seen_and_the_record_started(
    signed_in: Callable[[str], Any], clinician: User, referral: Referral
) -> None:
    night = timezone.localtime().replace(hour=3, minute=5, second=0, microsecond=0)
    if night > timezone.localtime():
        night -= dt.timedelta(days=1)
    referral.received_at = night - dt.timedelta(minutes=30)
    referral.save(update_fields=["received_at"])
    with time_machine.travel(night + dt.timedelta(hours=12, minutes=24), tick=False):
        assessment = services.start_assessment(
            actor=clinician, referral=referral, first_seen_at=night
        )
    seen = f"{night.day} {night:%B %Y} at 03:05"
    later = night + dt.timedelta(hours=12, minutes=24)
    started = f"{later.day} {later:%B %Y} at 15:29"
    c = signed_in("clinician")
    for name in ("show_assessment", "print_assessment"):
        text = words(c.get(a_url(name, assessment)))
        assert f"First seen {seen}. Record started {started} by Clinician Tester." in (
            text
        ), name


def test_one_sentence_when_first_seen_as_the_record_started(
    signed_in: Callable[[str], Any], assessment: Assessment
) -> None:
    text = words(signed_in("clinician").get(a_url("show_assessment", assessment)))
    assert "First seen, and the record started, " in text
    assert "Record started" not in text


def test_the_clinician_starting_says_their_part_in_the_meeting(
    signed_in: Callable[[str], Any], referral: Referral
) -> None:
    # They first saw the person 20 minutes ago, and they are the scribe tonight.
    seen = timezone.localtime() - dt.timedelta(minutes=20)
    response = signed_in("clinician").post(
        reverse("assessments:start_assessment", kwargs={"referral_id": referral.pk}),
        {
            "seen_day": str(seen.day),
            "seen_month": str(seen.month),
            "seen_year": str(seen.year),
            "seen_time": f"{seen:%H:%M}",
            "who_they_want_present": "",
            "role_in_meeting": " liaison nurse, scribe ",
        },
    )
    assert response.status_code == 302
    me = Participant.objects.get(assessment__referral=referral, kind="staff")
    assert me.role_in_meeting == "liaison nurse, scribe"
    assert me.versions.get().role_in_meeting == "liaison nurse, scribe"
    referral.refresh_from_db()
    assert referral.first_seen_at == seen.replace(second=0, microsecond=0)
