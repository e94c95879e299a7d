"""A disagreement with a structured entry (a concern, a source checked before
meeting, what someone else told us, a capacity assessment), recorded by staff
for a participant: one service for every kind (`dispute_entry`), kept beside
the entry and its later versions, never deleting it, with one writer, and a
database check that refuses a dispute that does not point at exactly one
entry of its kind. Own words in each structured section, added by staff, are
shown beside the section's records."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from coassess.accesslog.models import AccessEvent
from coassess.accounts.models import User
from coassess.assessments import services
from coassess.assessments.models import (
    Assessment,
    Dispute,
    ImmediateConcern,
    Participant,
    Status,
)
from coassess.assessments.queries import Structured, load_assessment_view
from coassess.core.exceptions import DomainError

pytestmark = pytest.mark.django_db

KINDS = ("concern", "known", "corroboration", "capacity")
SECTION_OF = {
    "concern": "concerns",
    "known": "known",
    "corroboration": "corroboration",
    "capacity": "capacity",
}
WORDS_OF = {
    "concern": "Not feeling safe at home tonight.",
    "known": "Last seen by the home treatment team in March.",
    "corroboration": "She has not been eating for a week.",
    "capacity": "Going home tonight",
}


def text_of(response: Any) -> str:
    html = response.content.decode()
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def make_items(
    clinician: User, assessment: Assessment, voices: dict[str, Participant]
) -> dict[str, Structured]:
    """One entry of each structured kind, typed by `clinician`."""
    concern = services.add_concern(
        actor=clinician,
        assessment=assessment,
        text=WORDS_OF["concern"],
        raised_by=voices["carer"],
        agreed_by=[],
    )
    known = services.add_known_source(
        actor=clinician,
        assessment=assessment,
        source_type="record",
        detail="GP summary",
        what_it_said=WORDS_OF["known"],
        checked_at=timezone.now() - dt.timedelta(hours=1),
        limited_access=False,
    )
    told = services.add_corroboration(
        actor=clinician,
        assessment=assessment,
        informant_type="relative",
        informant_name="Maggie Reid",
        what_they_said=WORDS_OF["corroboration"],
        basis="consent",
    )
    data: dict[str, Any] = {
        "decision": WORDS_OF["capacity"],
        "assessed_at": timezone.now() - dt.timedelta(minutes=20),
        "support_given": "A quiet room and time",
        "outcome": "has",
    }
    for ability in ("understand", "retain", "use_or_weigh", "communicate"):
        data[ability] = "able"
        data[f"{ability}_evidence"] = "Explained it back"
    capacity = services.record_capacity(
        actor=clinician, assessment=assessment, data=data
    )
    return {
        "concern": concern,
        "known": known,
        "corroboration": told,
        "capacity": capacity,
    }


@pytest.fixture
def items(
    clinician: User, assessment: Assessment, voices: dict[str, Participant]
) -> dict[str, Structured]:
    return make_items(clinician, assessment, voices)


def dispute_url(assessment: Assessment, kind: str, item: Structured) -> str:
    return reverse(
        "assessments:dispute_item",
        kwargs={"assessment_id": assessment.pk, "kind": kind, "entry_id": item.pk},
    )


def section_url(assessment: Assessment, slug: str) -> str:
    return reverse(
        "assessments:show_section",
        kwargs={"assessment_id": assessment.pk, "section": slug},
    )


@pytest.mark.parametrize("kind", KINDS)
def test_staff_record_a_disagreement_with_each_kind_which_stays_beside_it(
    kind: str,
    signed_in: Any,
    assessment: Assessment,
    voices: dict[str, Participant],
    items: dict[str, Structured],
    users: dict[str, User],
) -> None:
    client = signed_in("clinician")
    item = items[kind]
    page = client.get(dispute_url(assessment, kind, item))
    assert page.status_code == 200
    assert WORDS_OF[kind] in text_of(page)
    answer = client.post(
        dispute_url(assessment, kind, item),
        {"disputer": voices["person"].pk, "account": "That is not how it was."},
    )
    assert answer.status_code == 302
    assert answer["Location"].startswith(section_url(assessment, SECTION_OF[kind]))
    dispute = Dispute.objects.get()
    assert dispute.kind == kind
    assert dispute.target_id == item.pk
    assert dispute.lineage == item.lineage
    assert dispute.assessment_id == assessment.pk
    assert dispute.disputer_id == voices["person"].pk
    assert dispute.scribe_id == users["clinician"].pk and dispute.via_code_id is None
    assert AccessEvent.objects.filter(what=f"dispute ({kind})").count() == 1
    item.refresh_from_db()
    assert item.is_current  # the entry stays as it was
    shown = text_of(client.get(section_url(assessment, SECTION_OF[kind])))
    assert "Sam Reid disagrees : That is not how it was." in shown
    whole = text_of(
        client.get(reverse("assessments:show_assessment", args=[assessment.pk]))
    )
    assert "Sam Reid disagrees : That is not how it was." in whole
    printable = text_of(
        client.get(reverse("assessments:print_assessment", args=[assessment.pk]))
    )
    assert "That is not how it was." in printable


def test_a_dispute_follows_a_concern_into_its_new_version(
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
    items: dict[str, Structured],
    signed_in: Any,
) -> None:
    concern = items["concern"]
    assert isinstance(concern, ImmediateConcern)
    services.dispute_entry(
        actor=clinician,
        entry=concern,
        disputer=voices["person"],
        account="I feel safe at home.",
    )
    newer = services.revise_concern(
        actor=clinician,
        base=concern,
        text="Not feeling safe at home tonight, says Maggie.",
        agreed_by=[],
    )
    view = load_assessment_view(assessment)
    [shown] = view.concerns
    assert shown.pk == newer.pk
    [kept] = view.disputes_for(newer.lineage)
    assert kept.account == "I feel safe at home." and kept.target_id == concern.pk
    page = text_of(signed_in("clinician").get(section_url(assessment, "concerns")))
    assert "Sam Reid disagrees (with an earlier version)" in page
    assert "I feel safe at home." in page


def test_a_dispute_is_still_taken_after_signing_own_words_are_not(
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
    items: dict[str, Structured],
) -> None:
    services.move_status(assessment=assessment, to=Status.SIGNED)
    assessment.refresh_from_db()
    for kind, item in items.items():
        item.assessment = assessment
        dispute = services.dispute_entry(
            actor=clinician,
            entry=item,
            disputer=voices["carer"],
            account="No, that is wrong.",
        )
        assert dispute.kind == kind
    with pytest.raises(DomainError, match="signed"):
        services.add_contribution(
            actor=clinician,
            assessment=assessment,
            section="concerns.own_words",
            voice=voices["person"],
            text="My own words.",
            own_words=True,
        )


def test_the_database_refuses_a_dispute_without_exactly_one_target(
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
    items: dict[str, Structured],
) -> None:
    common = {
        "assessment": assessment,
        "disputer": voices["person"],
        "account": "No.",
        "scribe": clinician,
    }
    bad = [
        # a concern's kind pointing at nothing
        {"kind": "concern", "lineage": items["concern"].lineage},
        # the kind says concern, the column says source
        {
            "kind": "concern",
            "known_source": items["known"],
            "lineage": items["known"].lineage,
        },
        # two targets at once
        {
            "kind": "capacity",
            "capacity": items["capacity"],
            "corroboration": items["corroboration"],
            "lineage": items["capacity"].lineage,
        },
    ]
    for fields in bad:
        with pytest.raises(IntegrityError), transaction.atomic():
            Dispute.objects.create(**common, **fields)
    # ...and one writer: not both staff and a code, not neither.
    with pytest.raises(IntegrityError), transaction.atomic():
        Dispute.objects.create(
            **{**common, "scribe": None},
            kind="concern",
            concern=items["concern"],
            lineage=items["concern"].lineage,
        )
    assert not Dispute.objects.exists()


def test_another_records_entry_or_an_unknown_kind_is_not_found(
    signed_in: Any,
    clinician: User,
    assessment: Assessment,
    items: dict[str, Structured],
) -> None:
    client = signed_in("clinician")
    concern = items["concern"]
    assert client.get(dispute_url(assessment, "known", concern)).status_code == 404
    assert client.get(dispute_url(assessment, "nope", concern)).status_code == 404
    wrong = reverse(
        "assessments:dispute_item",
        kwargs={
            "assessment_id": assessment.pk,
            "kind": "contribution",
            "entry_id": concern.pk,
        },
    )
    assert client.get(wrong).status_code == 404


def test_staff_bad_input_keeps_the_text_and_says_what_to_do(
    signed_in: Any,
    assessment: Assessment,
    voices: dict[str, Participant],
    items: dict[str, Structured],
) -> None:
    client = signed_in("clinician")
    url = dispute_url(assessment, "corroboration", items["corroboration"])
    answer = client.post(url, {"disputer": voices["person"].pk, "account": "   "})
    assert answer.status_code == 400
    assert not Dispute.objects.exists()
    long = "ب" * 20_001
    answer = client.post(url, {"disputer": voices["person"].pk, "account": long})
    assert answer.status_code == 400
    assert long in answer.content.decode()
    assert not Dispute.objects.exists()


@pytest.mark.parametrize("slug", ["concerns", "known", "corroboration", "capacity"])
def test_staff_add_someones_own_words_to_each_structured_section(
    slug: str,
    signed_in: Any,
    assessment: Assessment,
    voices: dict[str, Participant],
    items: dict[str, Structured],
) -> None:
    client = signed_in("clinician")
    words = f"My own view of {slug}: it was a hard night."
    answer = client.post(
        section_url(assessment, slug),
        {
            "prompt": f"{slug}.own_words",
            "voice": voices["person"].pk,
            "text": words,
            "own_words": "on",
            "withheld_reason": "",
        },
    )
    assert answer.status_code == 302, text_of(answer)[:2000]
    page = text_of(client.get(section_url(assessment, slug)))
    assert f"In Sam’s words: “{words}”" in page
    whole = text_of(
        client.get(reverse("assessments:show_assessment", args=[assessment.pk]))
    )
    assert f"“{words}”" in whole
    # The section's own records are still there, beside the words.
    assert WORDS_OF[{v: k for k, v in SECTION_OF.items()}[slug]] in whole
