"""What other people told us: one writer (staff, or a supporter's code),
checked by the database; what a supporter offers is read as from their own
device; what is withheld is left out of the person's view."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from coassess.accounts.models import User
from coassess.assessments import services
from coassess.assessments.models import (
    Assessment,
    Corroboration,
    Participant,
    SharingBasis,
    WithheldReason,
)
from coassess.assessments.queries import (
    from_own_device,
    load_assessment_view,
    visible_to_person,
)
from coassess.coproduction.measures import measure
from coassess.core.exceptions import DomainError
from coassess.people import codes
from coassess.people.code_services import issue_code
from coassess.people.models import AccessCode

pytestmark = pytest.mark.django_db


@pytest.fixture
def carer_code(
    clinician: User, assessment: Assessment, voices: dict[str, Participant]
) -> AccessCode:
    code, _ = issue_code(
        actor=clinician,
        person=assessment.person,
        team=assessment.team,
        supporter=voices["carer"].supporter,
        known_kind=codes.Known.WORD,
        known_answer="Lighthouse",
    )
    return code


def row(assessment: Assessment, **writer: object) -> None:
    Corroboration.objects.create(
        assessment=assessment,
        informant_type="carer",
        informant_name="Maggie Reid",
        what_they_said="She is not sleeping.",
        basis=SharingBasis.OFFERED,
        **writer,
    )


def test_the_database_keeps_exactly_one_writer(
    clinician: User, assessment: Assessment, carer_code: AccessCode
) -> None:
    for writer in ({}, {"scribe": clinician, "via_code": carer_code}):
        with pytest.raises(IntegrityError), transaction.atomic():
            row(assessment, **writer)
    row(assessment, scribe=clinician)
    row(assessment, via_code=carer_code)
    assert Corroboration.objects.count() == 2


def test_staff_cannot_record_it_as_offered_from_a_phone(
    clinician: User, assessment: Assessment
) -> None:
    with pytest.raises(DomainError, match="Choose the basis for sharing."):
        services.add_corroboration(
            actor=clinician,
            assessment=assessment,
            informant_type="carer",
            informant_name="Maggie Reid",
            what_they_said="She is not sleeping.",
            basis=SharingBasis.OFFERED,
        )


def test_a_supporters_information_is_read_as_from_their_device(
    clinician: User, assessment: Assessment, carer_code: AccessCode
) -> None:
    offered = services.add_corroboration(
        actor=carer_code,
        assessment=assessment,
        topic="helped",
        what_they_said="Music and a walk.",
    )
    services.add_corroboration(
        actor=clinician,
        assessment=assessment,
        informant_type="gp",
        informant_name="Dr Iqbal",
        what_they_said="No change to medicines.",
        basis=SharingBasis.CONSENT,
    )
    found = from_own_device(assessment, None)
    assert [(f.kind, f.who, f.words) for f in found] == [
        ("information", "Maggie Reid", "Music and a walk.")
    ]
    assert offered.from_own_device
    assert from_own_device(assessment, offered.created_at) == []


def test_the_persons_view_leaves_out_what_is_withheld(
    clinician: User, assessment: Assessment
) -> None:
    kept = services.add_corroboration(
        actor=clinician,
        assessment=assessment,
        informant_type="relative",
        informant_name="Kit Reid",
        what_they_said="Told in confidence.",
        basis=SharingBasis.CONSENT,
        withheld_reason=WithheldReason.THIRD_PARTY,
    )
    shown = services.add_corroboration(
        actor=clinician,
        assessment=assessment,
        informant_type="gp",
        informant_name="Dr Iqbal",
        what_they_said="No change to medicines.",
        basis=SharingBasis.CONSENT,
    )
    whole = load_assessment_view(assessment)
    assert [c.pk for c in whole.corroborations] == [kept.pk, shown.pk]
    assert [c.pk for c in visible_to_person(whole).corroborations] == [shown.pk]


def test_what_a_supporter_offered_is_not_counted_as_asked_for(
    clinician: User, assessment: Assessment, carer_code: AccessCode
) -> None:
    """The co-production measure counts what carers told us when asked, with
    or without the person's agreement; what a carer offered was not asked."""
    services.add_corroboration(
        actor=carer_code,
        assessment=assessment,
        topic="helped",
        what_they_said="Music and a walk.",
    )
    services.add_corroboration(
        actor=clinician,
        assessment=assessment,
        informant_type="carer",
        informant_name="Maggie Reid",
        what_they_said="She slept badly all week.",
        basis=SharingBasis.CONSENT,
    )
    found = measure(assessment)
    assert (found.information_with_consent, found.information_from_others) == (1, 1)
