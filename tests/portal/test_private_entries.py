"""The person keeps a single entry from every supporter, from their own phone,
and lets them see it again; the supporter's next page follows."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from pypdf import PdfReader

from coassess.accesslog.models import AccessEvent
from coassess.accounts.models import User
from coassess.assessments.models import (
    Assessment,
    Contribution,
    Participant,
    Status,
)
from coassess.assessments.services import add_contribution, dispute_entry
from coassess.people.models import Supporter
from coassess.people.sharing_services import set_sharing
from coassess.portal.models import PrivateFromSupporters
from tests.assessments.test_structured_disputes import WORDS_OF, make_items
from tests.conftest import CheckedClient
from tests.plans.test_person_copy import ALEX_ACCOUNT
from tests.portal.conftest import Portal, page_text

pytestmark = pytest.mark.django_db


def share_everything(jo: Supporter) -> None:
    for category in ("plan", "decisions", "assessment"):
        set_sharing(
            supporter=jo, category=category, granted=True, seen=0, by_person=True
        )


def private_url(lineage: object) -> str:
    return reverse("portal:keep_private", kwargs={"lineage": lineage})


def test_the_person_keeps_an_entry_from_jo_and_shares_it_again(
    portal: Portal,
) -> None:
    share_everything(portal.jo)
    record = reverse("portal:show_record", args=[portal.scene.assessment.pk])
    account = Contribution.objects.get(text=ALEX_ACCOUNT, is_current=True)
    alex = portal.sign_in_as(None)
    jo = portal.sign_in_as(portal.jo)
    assert ALEX_ACCOUNT in page_text(jo.get(record))
    assert "Keep this from my supporters" in page_text(alex.get(record))

    answer = alex.post(private_url(account.lineage), {"private": "yes"})
    assert answer["Location"] == record
    page = page_text(alex.get(record))
    assert "Saved. Your supporters cannot see that now." in page
    assert ALEX_ACCOUNT in page  # still the person's to read
    assert "Your supporters cannot see this." in page
    assert ALEX_ACCOUNT not in jo.get(record).content.decode()
    mark = PrivateFromSupporters.objects.get()
    assert (mark.private, mark.by_code, mark.by_staff) == (
        True,
        portal.codes["person"],
        None,
    )
    event = AccessEvent.objects.get(what="private from supporters")
    assert event.viewer_code == portal.codes["person"] and event.actor is None

    alex.post(private_url(account.lineage), {"private": "no"})
    assert ALEX_ACCOUNT in page_text(jo.get(record))


def test_a_supporter_cannot_mark_and_sees_no_switch(portal: Portal) -> None:
    share_everything(portal.jo)
    record = reverse("portal:show_record", args=[portal.scene.assessment.pk])
    account = Contribution.objects.get(text=ALEX_ACCOUNT, is_current=True)
    jo = portal.sign_in_as(portal.jo)
    assert "Keep this from my supporters" not in page_text(jo.get(record))
    assert jo.post(private_url(account.lineage), {"private": "no"}).status_code == 404
    assert not PrivateFromSupporters.objects.exists()


def test_an_entry_of_another_record_or_a_wrong_answer_is_not_found(
    portal: Portal,
    assessment: Assessment,
    voices: dict[str, Participant],
    clinician: User,
) -> None:
    theirs = add_contribution(
        actor=clinician,
        assessment=assessment,
        section="account",
        voice=voices["person"],
        text="Another person's words.",
    )
    alex = portal.sign_in_as(None)
    account = Contribution.objects.get(text=ALEX_ACCOUNT, is_current=True)
    assert (
        alex.post(private_url(account.lineage), {"private": "maybe"}).status_code == 404
    )
    assert alex.post(private_url(theirs.lineage), {"private": "yes"}).status_code == 404
    assert alex.get(private_url(account.lineage)).status_code == 405
    assert not PrivateFromSupporters.objects.exists()


def test_the_keep_private_button_carries_its_csrf_token(portal: Portal) -> None:
    """The button is made by a macro, which sees the page's token only when
    imported with the page's context; without it a real browser gets 403."""
    record = reverse("portal:show_record", args=[portal.scene.assessment.pk])
    page = portal.sign_in_as(None).get(record).content.decode()
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', page)
    forms = page.count('class="portal-private"')
    assert forms >= 1 and len(tokens) >= forms
    assert all(len(token) > 20 for token in tokens)


# Each structured kind, and the words the person's pages show of it.
STRUCTURED = ("concern", "known", "corroboration", "capacity")
DISPUTE_OF = {kind: f"Alex disagrees with the {kind} here." for kind in STRUCTURED}


def structured_items(portal: Portal, clinician: User) -> dict[str, Any]:
    """One entry of each structured kind in Alex's record, as if typed before
    the plan was signed (the scene is signed; the status is put back)."""
    a = portal.scene.assessment
    Assessment.objects.filter(pk=a.pk).update(status=Status.IN_PROGRESS)
    a.refresh_from_db()
    items = make_items(clinician, a, {"carer": portal.scene.jo})
    Assessment.objects.filter(pk=a.pk).update(status=Status.SIGNED)
    return items


def pdf_words(response: Any) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


@pytest.mark.parametrize("kind", STRUCTURED)
def test_each_structured_kind_is_kept_from_jo_everywhere_and_tagged_for_staff(
    portal: Portal, clinician: User, kind: str
) -> None:
    """Alex keeps one structured entry from Jo: Jo's record page, copy and
    PDF leave it (and Alex's disagreement with it) out; Alex still reads it
    with the switch; staff see the tag beside it; letting Jo see it again
    brings it back."""
    share_everything(portal.jo)
    a = portal.scene.assessment
    items = structured_items(portal, clinician)
    for k, item in items.items():
        dispute_entry(
            actor=clinician,
            entry=item,
            disputer=portal.scene.alex,
            account=DISPUTE_OF[k],
        )
    item = items[kind]
    record = reverse("portal:show_record", args=[a.pk])
    copy = reverse("portal:show_copy", args=[a.pk])
    pdf = reverse("portal:copy_pdf", args=[a.pk])
    alex = portal.sign_in_as(None)
    jo = portal.sign_in_as(portal.jo)
    words = WORDS_OF[kind]
    assert words in page_text(jo.get(record))
    assert DISPUTE_OF[kind] in page_text(jo.get(copy))
    assert DISPUTE_OF[kind] in pdf_words(jo.get(pdf))

    answer = alex.post(private_url(item.lineage), {"private": "yes"})
    assert answer["Location"] == record
    mine = page_text(alex.get(record))
    assert words in mine and "Your supporters cannot see this." in mine
    assert mine.count("Let my supporters see this") == 1
    theirs = page_text(jo.get(record))
    assert words not in theirs and DISPUTE_OF[kind] not in theirs
    others = [k for k in STRUCTURED if k != kind]
    assert all(WORDS_OF[k] in theirs for k in others)
    assert DISPUTE_OF[kind] not in page_text(jo.get(copy))
    assert all(DISPUTE_OF[k] in page_text(jo.get(copy)) for k in others)
    assert DISPUTE_OF[kind] not in pdf_words(jo.get(pdf))
    assert DISPUTE_OF[kind] in pdf_words(alex.get(pdf))

    alex.post(private_url(item.lineage), {"private": "no"})
    assert words in page_text(jo.get(record))
    assert DISPUTE_OF[kind] in page_text(jo.get(copy))


@pytest.mark.parametrize("kind", STRUCTURED)
def test_staff_see_who_keeps_a_structured_entry_beside_it(
    portal: Portal,
    clinician: User,
    signed_in: Callable[[str], CheckedClient],
    kind: str,
) -> None:
    a = portal.scene.assessment
    items = structured_items(portal, clinician)
    alex = portal.sign_in_as(None)
    alex.post(private_url(items[kind].lineage), {"private": "yes"})
    staff = signed_in("clinician")
    page = page_text(staff.get(reverse("assessments:show_assessment", args=[a.pk])))
    assert page.count("Alex keeps this from supporters") == 1


def test_a_structured_entry_of_another_record_or_withheld_is_not_found(
    portal: Portal,
    assessment: Assessment,
    voices: dict[str, Participant],
    clinician: User,
) -> None:
    theirs = make_items(clinician, assessment, voices)
    ours = structured_items(portal, clinician)
    withheld = ours["corroboration"]
    withheld.withheld_reason = "third_party"
    withheld.save(update_fields=["withheld_reason"])
    alex = portal.sign_in_as(None)
    for item in theirs.values():
        assert (
            alex.post(private_url(item.lineage), {"private": "yes"}).status_code == 404
        )
    assert (
        alex.post(private_url(withheld.lineage), {"private": "yes"}).status_code == 404
    )
    assert not PrivateFromSupporters.objects.exists()
