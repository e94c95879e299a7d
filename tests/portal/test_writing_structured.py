"""From their own phone, the person says they disagree with a structured entry
(a concern, a source checked before meeting, what someone else told us, a
capacity assessment) and adds their own words to each structured section.
Each is theirs (their voice, their code, no member of staff), kept exactly,
beside the entry it is about, and shown wherever the entry is: the staff
pages (new since the clinician last looked), the person's record, their copy
(page and PDF), and a supporter's view only as the person's sharing and
private marks allow."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from pypdf import PdfReader

from coassess.accounts.models import User
from coassess.assessments import services
from coassess.assessments.models import (
    Assessment,
    Contribution,
    Dispute,
    ImmediateConcern,
    Participant,
    Status,
)
from coassess.assessments.queries import Structured
from coassess.people.sharing_services import set_sharing
from coassess.portal.services import keep_private
from tests.assessments.test_structured_disputes import KINDS, WORDS_OF, make_items
from tests.portal.test_writing import Viewer, device_events, text_of, url
from tests.portal.test_writing_rules import LONG, MIXED

pytestmark = pytest.mark.django_db

SLUGS = ("concerns", "known", "corroboration", "capacity")


@pytest.fixture
def items(
    clinician: User, assessment: Assessment, voices: dict[str, Participant]
) -> dict[str, Structured]:
    return make_items(clinician, assessment, voices)


def item_url(assessment: Assessment, kind: str, item: Structured) -> str:
    return url("dispute_item", assessment, kind=kind, entry_id=item.pk)


def staff_page(client: Any, assessment: Assessment) -> str:
    return text_of(
        client.get(reverse("assessments:show_assessment", args=[assessment.pk]))
    )


def record(client: Any, assessment: Assessment) -> str:
    return text_of(client.get(reverse("portal:show_record", args=[assessment.pk])))


def copy_page(client: Any, assessment: Assessment) -> str:
    return text_of(client.get(reverse("portal:show_copy", args=[assessment.pk])))


def copy_pdf(client: Any, assessment: Assessment) -> str:
    pdf = client.get(reverse("portal:copy_pdf", args=[assessment.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


@pytest.mark.parametrize("kind", KINDS)
def test_the_person_disputes_each_kind_from_their_phone(
    kind: str,
    as_person: Viewer,
    signed_in: Any,
    assessment: Assessment,
    voices: dict[str, Participant],
    items: dict[str, Structured],
) -> None:
    client, code = as_person
    item = items[kind]
    # Offered beside the entry on their record, and on the page of what they can add.
    assert (
        item_url(assessment, kind, item)
        in client.get(
            reverse("portal:show_record", args=[assessment.pk])
        ).content.decode()
    )
    assert (
        item_url(assessment, kind, item)
        in client.get(url("your_say", assessment)).content.decode()
    )
    page = client.get(item_url(assessment, kind, item))
    assert page.status_code == 200
    assert WORDS_OF[kind] in text_of(page)
    account = f"I do not agree about {kind}. It was not like that."
    answer = client.post(item_url(assessment, kind, item), {"account": account})
    assert answer.status_code == 302
    assert answer["Location"] == url("your_say", assessment)
    dispute = Dispute.objects.get()
    assert (dispute.kind, dispute.target_id, dispute.lineage) == (
        kind,
        item.pk,
        item.lineage,
    )
    assert dispute.disputer_id == voices["person"].pk
    assert dispute.scribe_id is None and dispute.via_code_id == code.pk
    assert dispute.account == account
    assert device_events(code) == [("create", f"dispute ({kind})")]
    item.refresh_from_db()
    assert item.is_current

    # The person's record: beside the entry, in their terms.
    assert f"You disagreed with this: {account}" in record(client, assessment)
    # Their copy, page and PDF: the entry, then their disagreement.
    said = f"You disagreed with this: “{account}”"
    assert said in copy_page(client, assessment)
    assert said in copy_pdf(client, assessment)
    # Staff: beside the entry, from their own device, new; and in the panel.
    staff = signed_in("clinician")
    whole = staff_page(staff, assessment)
    assert "New from their own device" in whole
    assert "Sam Reid disagreed with" in whole
    assert "(written on their own device) New since you last looked" in whole
    assert account in whole
    # Looked at once, it is no longer new.
    again = staff_page(staff, assessment)
    assert "New since you last looked" not in again
    assert account in again


def test_the_persons_dispute_follows_the_concern_into_its_new_version(
    as_person: Viewer,
    clinician: User,
    assessment: Assessment,
    items: dict[str, Structured],
) -> None:
    client, _ = as_person
    concern = items["concern"]
    assert isinstance(concern, ImmediateConcern)
    client.post(
        item_url(assessment, "concern", concern),
        {"account": "I feel safe at home with my mum."},
    )
    newer = services.revise_concern(
        actor=clinician,
        base=concern,
        text="Maggie is worried about tonight.",
        agreed_by=[],
    )
    page = record(client, assessment)
    assert "Maggie is worried about tonight." in page
    assert "Not feeling safe at home tonight." not in page
    assert "You disagreed with this: I feel safe at home with my mum." in page
    # The older version's address is gone; the new one is offered.
    assert client.get(item_url(assessment, "concern", concern)).status_code == 404
    assert client.get(item_url(assessment, "concern", newer)).status_code == 200


@pytest.mark.parametrize("slug", SLUGS)
def test_the_persons_own_words_in_each_structured_section_are_shown_everywhere(
    slug: str,
    as_person: Viewer,
    signed_in: Any,
    assessment: Assessment,
    voices: dict[str, Participant],
    items: dict[str, Structured],
) -> None:
    client, code = as_person
    words = f"About {slug}: I want the team to know I was scared."
    answer = client.post(
        url("add_own_words", assessment, section=slug),
        {"prompt": f"{slug}.own_words", "text": words},
    )
    assert answer.status_code == 302
    entry = Contribution.objects.get(assessment=assessment)
    assert entry.section == f"{slug}.own_words"
    assert entry.voice_id == voices["person"].pk and entry.own_words
    assert entry.scribe_id is None and entry.via_code_id == code.pk
    assert device_events(code) == [("create", f"contribution ({slug}.own_words)")]

    assert f"You said: “{words}”" in record(client, assessment)
    assert f"You said: “{words}”" in copy_page(client, assessment)
    assert f"You said: “{words}”" in copy_pdf(client, assessment)
    staff = signed_in("clinician")
    section = text_of(
        staff.get(
            reverse(
                "assessments:show_section",
                kwargs={"assessment_id": assessment.pk, "section": slug},
            )
        )
    )
    assert f"In Sam’s words: “{words}”" in section
    assert "Sam wrote this on her own device" in section
    whole = staff_page(staff, assessment)
    assert "Sam Reid added their own words." in whole
    assert f"“{words}”" in whole


def test_a_supporter_sees_own_words_in_a_structured_section_only_as_shared(
    as_person: Viewer,
    as_carer: Viewer,
    assessment: Assessment,
    voices: dict[str, Participant],
    items: dict[str, Structured],
) -> None:
    person, _ = as_person
    carer, _ = as_carer
    words = "I know Mum worries. I was safe with her."
    person.post(
        url("add_own_words", assessment, section="concerns"),
        {"prompt": "concerns.own_words", "text": words},
    )
    person.post(
        item_url(assessment, "concern", items["concern"]),
        {"account": "I was not unsafe at home."},
    )
    maggie = voices["carer"].supporter
    assert maggie is not None
    # Nothing shared: neither the words nor the disagreement.
    page = carer.get(reverse("portal:show_record", args=[assessment.pk]))
    assert words not in page.content.decode()
    assert "I was not unsafe at home." not in page.content.decode()
    set_sharing(
        supporter=maggie, category="assessment", granted=True, seen=0, by_person=True
    )
    shown = record(carer, assessment)
    assert f"Sam said: “{words}”" in shown
    assert "Sam disagreed with this: I was not unsafe at home." in shown
    # No link for a supporter to dispute from their phone, and the page says so.
    assert "portal/disagree" not in shown
    refused = carer.get(item_url(assessment, "concern", items["concern"]))
    assert refused.status_code == 403
    # Kept private from supporters: gone at the supporter's next request.
    entry = Contribution.objects.get(text=words)
    keep_private(
        person=assessment.person,
        lineage=entry.lineage,
        private=True,
        code=as_person[1],
    )
    assert (
        words
        not in carer.get(
            reverse("portal:show_record", args=[assessment.pk])
        ).content.decode()
    )
    assert (
        words
        not in carer.get(
            reverse("portal:show_copy", args=[assessment.pk])
        ).content.decode()
    )


def test_twenty_thousand_characters_in_any_script_are_kept_exactly(
    as_person: Viewer,
    assessment: Assessment,
    items: dict[str, Structured],
) -> None:
    client, _ = as_person
    assert MIXED in LONG and len(LONG) == 20_000
    client.post(
        url("add_own_words", assessment, section="capacity"),
        {"prompt": "capacity.own_words", "text": LONG},
    )
    client.post(
        item_url(assessment, "corroboration", items["corroboration"]),
        {"account": LONG},
    )
    assert Contribution.objects.get().text == LONG
    assert Dispute.objects.get().account == LONG


@pytest.mark.parametrize(
    ("account", "message"),
    [
        ("   ", "Write what you disagree with, then press Save."),
        (
            LONG + "!!",
            "This is too long to save. Please keep it under 20,000 characters.",
        ),
    ],
)
def test_bad_input_gets_a_kind_message_and_keeps_the_words(
    account: str,
    message: str,
    as_person: Viewer,
    assessment: Assessment,
    items: dict[str, Structured],
) -> None:
    client, _ = as_person
    answer = client.post(
        item_url(assessment, "known", items["known"]), {"account": account}
    )
    assert answer.status_code == 400
    assert message in text_of(answer)
    if account.strip():
        assert account in answer.content.decode()
    assert not Dispute.objects.exists()
    words = client.post(
        url("add_own_words", assessment, section="known"),
        {"prompt": "known.own_words", "text": LONG + "!!"},
    )
    assert words.status_code == 400
    assert LONG + "!!" in words.content.decode()
    assert not Contribution.objects.exists()


def test_no_other_kind_or_record_is_reached(
    as_person: Viewer,
    assessment: Assessment,
    items: dict[str, Structured],
) -> None:
    client, _ = as_person
    concern = items["concern"]
    assert client.get(item_url(assessment, "known", concern)).status_code == 404
    assert client.get(item_url(assessment, "nope", concern)).status_code == 404
    assert client.get(item_url(assessment, "contribution", concern)).status_code == 404
    other = reverse(
        "portal:dispute_item",
        kwargs={
            "assessment_id": Assessment.objects.exclude(pk=assessment.pk).first()
            or "00000000-0000-4000-8000-000000000000",
            "kind": "concern",
            "entry_id": concern.pk,
        },
    )
    assert client.get(other).status_code == 404
    assert client.post(other, {"account": "Not mine at all."}).status_code == 404
    assert not Dispute.objects.exists()


def test_after_signing_a_dispute_is_taken_and_own_words_are_not(
    as_person: Viewer,
    assessment: Assessment,
    items: dict[str, Structured],
) -> None:
    client, _ = as_person
    services.move_status(assessment=assessment, to=Status.SIGNED)
    answer = client.post(
        item_url(assessment, "capacity", items["capacity"]),
        {"account": "I could decide. I knew what I wanted."},
    )
    assert answer.status_code == 302
    assert Dispute.objects.get().kind == "capacity"
    refused = client.post(
        url("add_own_words", assessment, section="capacity"),
        {"prompt": "capacity.own_words", "text": "My words after signing."},
    )
    assert refused.status_code == 409
    assert not Contribution.objects.exists()
