"""What other people told us: one writer (staff, or a supporter's code),
checked by the database; what a supporter offers is read as from their own
device; what is withheld is left out of the person's view."""

from __future__ import annotations

from typing import Any

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
from coassess.people.models import AccessCode
from tests.portal.viewers import issue_word_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def carer_code(
    clinician: User, assessment: Assessment, voices: dict[str, Participant]
) -> AccessCode:
    return issue_word_code(clinician, assessment, voices["carer"].supporter, "word")[0]


def told_to_staff(
    clinician: User, assessment: Assessment, **fields: Any
) -> Corroboration:
    """What the GP told us, typed by `clinician`, or with `fields` instead."""
    data: dict[str, Any] = {
        "informant_type": "gp",
        "informant_name": "Dr Iqbal",
        "what_they_said": "No change to medicines.",
        "basis": SharingBasis.CONSENT,
        **fields,
    }
    return services.add_corroboration(actor=clinician, assessment=assessment, **data)


def offered(code: AccessCode, assessment: Assessment) -> Corroboration:
    return services.add_corroboration(
        actor=code, assessment=assessment, topic="helped", what_they_said="A walk."
    )


def test_the_database_keeps_exactly_one_writer(
    clinician: User, assessment: Assessment, carer_code: AccessCode
) -> None:
    def row(**writer: object) -> None:
        Corroboration.objects.create(
            assessment=assessment,
            informant_type="carer",
            informant_name="Maggie Reid",
            what_they_said="She is not sleeping.",
            basis=SharingBasis.OFFERED,
            **writer,
        )

    for writer in ({}, {"scribe": clinician, "via_code": carer_code}):
        with pytest.raises(IntegrityError), transaction.atomic():
            row(**writer)
    row(scribe=clinician)
    row(via_code=carer_code)
    assert Corroboration.objects.count() == 2


def test_staff_cannot_record_it_as_offered_from_a_phone(
    clinician: User, assessment: Assessment
) -> None:
    with pytest.raises(DomainError, match="Choose the basis for sharing."):
        told_to_staff(clinician, assessment, basis=SharingBasis.OFFERED)


def test_a_supporters_information_is_read_as_from_their_device(
    clinician: User, assessment: Assessment, carer_code: AccessCode
) -> None:
    theirs = offered(carer_code, assessment)
    told_to_staff(clinician, assessment)
    found = from_own_device(assessment, None)
    assert [(f.kind, f.who, f.words) for f in found] == [
        ("information", "Maggie Reid", "A walk.")
    ]
    assert theirs.from_own_device
    assert from_own_device(assessment, theirs.created_at) == []


def test_the_persons_view_leaves_out_what_is_withheld(
    clinician: User, assessment: Assessment
) -> None:
    kept = told_to_staff(
        clinician,
        assessment,
        informant_name="Kit Reid",
        withheld_reason=WithheldReason.THIRD_PARTY,
    )
    shown = told_to_staff(clinician, assessment)
    whole = load_assessment_view(assessment)
    assert [c.pk for c in whole.corroborations] == [kept.pk, shown.pk]
    assert [c.pk for c in visible_to_person(whole).corroborations] == [shown.pk]


def test_what_a_supporter_offered_is_not_counted_as_asked_for(
    clinician: User, assessment: Assessment, carer_code: AccessCode
) -> None:
    """The co-production measure counts what carers told us when asked, with
    or without the person's agreement; what a carer offered was not asked."""
    offered(carer_code, assessment)
    told_to_staff(clinician, assessment, informant_type="carer")
    found = measure(assessment)
    assert (found.information_with_consent, found.information_from_others) == (1, 1)
