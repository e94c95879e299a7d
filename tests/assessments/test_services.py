"""The assessment's rules, in the domain layer where no path can skip them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from coassess.accesslog.models import AccessEvent, Action
from coassess.accounts.models import User
from coassess.assessments import services
from coassess.assessments.models import (
    Assessment,
    Contribution,
    Dispute,
    Participant,
    Status,
)
from coassess.core.exceptions import DomainError, VersionConflict
from coassess.referrals.models import Referral


def add(
    clinician: User,
    assessment: Assessment,
    voice: Participant,
    text: str = "I feel trapped",
    **kw: Any,
) -> Contribution:
    return services.add_contribution(
        actor=clinician,
        assessment=assessment,
        section="account",
        voice=voice,
        text=text,
        **kw,
    )


def test_starting_records_first_contact_and_the_people_present(
    assessment: Assessment, referral: Referral
) -> None:
    referral.refresh_from_db()
    assert referral.first_seen_at is not None
    kinds = sorted(
        Participant.objects.filter(assessment=assessment).values_list("kind", flat=True)
    )
    assert kinds == ["person", "staff"]
    assert assessment.status == Status.IN_PROGRESS


def test_a_referral_has_one_assessment(
    clinician: User, assessment: Assessment, referral: Referral
) -> None:
    with pytest.raises(DomainError, match="already has an assessment"):
        services.start_assessment(actor=clinician, referral=referral)


def test_first_contact_cannot_be_before_the_referral(
    clinician: User, referral: Referral
) -> None:
    with pytest.raises(DomainError, match="before the referral"):
        services.start_assessment(
            actor=clinician,
            referral=referral,
            first_seen_at=referral.received_at - dt.timedelta(minutes=5),
        )


def test_an_entry_keeps_voice_and_scribe_apart(
    clinician: User, assessment: Assessment, voices: dict[str, Participant]
) -> None:
    entry = add(clinician, assessment, voices["person"], own_words=True)
    assert entry.voice == voices["person"]
    assert entry.scribe == clinician
    assert entry.own_words
    assert AccessEvent.objects.filter(
        object_id=str(entry.pk), action=Action.CREATE
    ).exists()


def test_editing_makes_a_new_version_and_keeps_the_old(
    clinician: User, assessment: Assessment, voices: dict[str, Participant]
) -> None:
    first = add(clinician, assessment, voices["person"])
    second = services.revise_contribution(
        actor=clinician, base=first, text="I feel trapped at home"
    )
    first.refresh_from_db()
    assert not first.is_current and first.text == "I feel trapped"
    assert second.is_current and second.version_number == 2
    assert second.lineage == first.lineage and second.supersedes == first
    assert second.voice == first.voice


def test_saving_over_an_old_version_is_a_conflict(
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
    users: dict[str, User],
) -> None:
    first = add(clinician, assessment, voices["person"])
    services.revise_contribution(actor=users["peer"], base=first, text="Peer's wording")
    with pytest.raises(VersionConflict) as caught:
        services.revise_contribution(
            actor=clinician, base=first, text="Clinician's wording"
        )
    assert caught.value.current.text == "Peer's wording"
    assert Contribution.objects.filter(lineage=first.lineage).count() == 2


def test_the_database_allows_one_current_version(
    clinician: User, assessment: Assessment, voices: dict[str, Participant]
) -> None:
    first = add(clinician, assessment, voices["person"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Contribution.objects.create(
            assessment=assessment,
            section="account",
            lineage=first.lineage,
            voice=first.voice,
            scribe=clinician,
            text="A second current one",
        )


def test_a_withheld_entry_needs_a_lawful_reason(
    clinician: User, assessment: Assessment, voices: dict[str, Participant]
) -> None:
    with pytest.raises(DomainError, match="lawful reason"):
        add(clinician, assessment, voices["carer"], withheld_reason="because")
    entry = add(clinician, assessment, voices["carer"], withheld_reason="third_party")
    assert entry.withheld
    assert AccessEvent.objects.filter(
        object_id=str(entry.pk), what__startswith="withheld from the person"
    ).exists()


@pytest.mark.parametrize("text", ["", "   ", "x" * 20001])
def test_empty_and_overlong_entries_are_refused(
    clinician: User, assessment: Assessment, voices: dict[str, Participant], text: str
) -> None:
    with pytest.raises(DomainError, match="Write the entry|under 20,000"):
        add(clinician, assessment, voices["person"], text=text)


def test_unicode_round_trips_exactly(
    clinician: User, assessment: Assessment, voices: dict[str, Participant]
) -> None:
    text = "Dw i eisiau mynd adref 🏠 — chcę wrócić do domu — أريد العودة إلى المنزل"
    entry = add(clinician, assessment, voices["person"], text=text)
    entry.refresh_from_db()
    assert entry.text == text


def test_a_voice_must_be_taking_part(
    clinician: User, assessment: Assessment, make_person: Any, users: dict[str, User]
) -> None:
    from coassess.referrals.services import record_referral

    other = make_person(given_name="Alex", family_name="Morgan", nhs_number="")
    other_referral = record_referral(
        actor=clinician,
        person=other,
        data={
            "source": "ward",
            "referrer_name": "Ward 7",
            "reason": "Low mood",
            "urgency": "urgent",
        },
    )
    other_assessment = services.start_assessment(
        actor=clinician, referral=other_referral
    )
    stranger = Participant.objects.get(assessment=other_assessment, kind="person")
    with pytest.raises(DomainError, match="whose words"):
        add(clinician, assessment, stranger)


def test_a_dispute_is_kept_beside_the_entry_and_blocks_deletion(
    clinician: User, assessment: Assessment, voices: dict[str, Participant]
) -> None:
    entry = add(clinician, assessment, voices["carer"], text="She has stopped eating.")
    dispute = services.dispute_entry(
        actor=clinician,
        entry=entry,
        disputer=voices["person"],
        account="I eat, just not at home.",
    )
    assert dispute.lineage == entry.lineage
    with pytest.raises(ProtectedError):
        entry.delete()
    assert Dispute.objects.filter(contribution=entry).exists()


def test_a_signed_assessment_takes_no_more_entries(
    clinician: User, assessment: Assessment, voices: dict[str, Participant]
) -> None:
    entry = add(clinician, assessment, voices["person"])
    Assessment.objects.filter(pk=assessment.pk).update(status=Status.SIGNED)
    assessment.refresh_from_db()
    with pytest.raises(DomainError, match="signed"):
        add(clinician, assessment, voices["person"])
    with pytest.raises(DomainError, match="signed"):
        services.revise_contribution(
            actor=clinician, base=entry, text="Changed after signing"
        )


def test_concerns_record_who_agreed(
    clinician: User, assessment: Assessment, voices: dict[str, Participant]
) -> None:
    concern = services.add_concern(
        actor=clinician,
        assessment=assessment,
        text="Not safe to go home tonight",
        raised_by=voices["carer"],
        agreed_by=[],
    )
    assert not concern.agreed
    agreed = services.revise_concern(
        actor=clinician,
        base=concern,
        text=concern.text,
        agreed_by=[voices["person"], voices["carer"]],
    )
    assert agreed.agreed and set(agreed.agreed_by.all()) == {
        voices["person"],
        voices["carer"],
    }
    from coassess.assessments.queries import agreed_concerns

    assert agreed_concerns(assessment) == [agreed]


def test_corroboration_without_consent_needs_a_reason(
    clinician: User, assessment: Assessment
) -> None:
    with pytest.raises(DomainError, match="without the person's agreement"):
        services.add_corroboration(
            actor=clinician,
            assessment=assessment,
            informant_type="gp",
            informant_name="Dr Patel",
            what_they_said="Known to us",
            basis="without_consent",
        )


CAPACITY = {
    "decision": "Staying in hospital tonight",
    "understand": "able",
    "understand_evidence": "Explained back",
    "retain": "able",
    "retain_evidence": "Recalled it later",
    "use_or_weigh": "able",
    "use_or_weigh_evidence": "Weighed going home against staying",
    "communicate": "able",
    "communicate_evidence": "Told us clearly",
    "support_given": "Quiet room, time",
    "outcome": "has",
}


def test_capacity_is_decision_and_time_specific(
    clinician: User, assessment: Assessment
) -> None:
    record = services.record_capacity(
        actor=clinician,
        assessment=assessment,
        data={**CAPACITY, "assessed_at": timezone.now()},
    )
    assert record.decision == "Staying in hospital tonight"


def test_lacking_capacity_needs_a_reason_and_a_best_interests_record(
    clinician: User, assessment: Assessment
) -> None:
    lacks = {
        **CAPACITY,
        "use_or_weigh": "not_able",
        "outcome": "lacks",
        "assessed_at": timezone.now(),
    }
    with pytest.raises(DomainError, match="best-interests"):
        services.record_capacity(actor=clinician, assessment=assessment, data=lacks)
    with pytest.raises(DomainError, match="they lack capacity"):
        services.record_capacity(
            actor=clinician,
            assessment=assessment,
            data={
                **CAPACITY,
                "use_or_weigh": "not_able",
                "assessed_at": timezone.now(),
            },
        )
    full = {
        **lacks,
        "causal_link": "Acute confusion from an infection",
        "wishes_and_feelings": "Wants to go home to her cat",
        "beliefs_and_values": "Independence",
        "who_was_consulted": "Her mum, Maggie",
        "best_interests_decision": "Stay tonight, review at 9",
    }
    assert (
        services.record_capacity(
            actor=clinician, assessment=assessment, data=full
        ).outcome
        == "lacks"
    )


def test_withheld_entries_are_left_out_of_what_the_person_sees(
    clinician: User, assessment: Assessment, voices: dict[str, Participant]
) -> None:
    from coassess.assessments.queries import load_assessment_view, visible_to_person

    add(clinician, assessment, voices["person"], text="Shown to Sam")
    add(
        clinician,
        assessment,
        voices["carer"],
        text="About Sam's brother",
        withheld_reason="third_party",
    )
    full = load_assessment_view(assessment)
    theirs = visible_to_person(full)
    assert [c.text for c in full.entries("account")] == [
        "Shown to Sam",
        "About Sam's brother",
    ]
    assert [c.text for c in theirs.entries("account")] == ["Shown to Sam"]


def test_the_status_moves_only_from_in_progress_to_signed(
    assessment: Assessment,
) -> None:
    assert assessment.status == Status.IN_PROGRESS
    services.move_status(assessment=assessment, to=Status.SIGNED)
    assessment.refresh_from_db()
    assert assessment.status == Status.SIGNED
    for to in (Status.SIGNED, Status.IN_PROGRESS):
        with pytest.raises(DomainError, match="cannot become"):
            services.move_status(assessment=assessment, to=to)


def test_a_status_someone_else_moved_first_is_not_moved_again(
    assessment: Assessment,
) -> None:
    stale = Assessment.objects.get(pk=assessment.pk)
    services.move_status(assessment=assessment, to=Status.SIGNED)
    with pytest.raises(DomainError, match="Someone else"):
        services.move_status(assessment=stale, to=Status.SIGNED)
