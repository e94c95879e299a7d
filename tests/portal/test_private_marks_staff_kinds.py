"""A clinician keeps any kind of entry from every supporter for the person
(issue 13, staff side): a concern, a source checked, what someone else told
us and a capacity record, as well as an attributed entry. The link is under
each item on its section page; the page finds the entry by the same lookup
as the person's own switch; the choice is the clinician's on the person's
behalf, logged; a choice made meanwhile is shown, not overwritten; and the
lists on the person's page and the supporter's sharing page show the entry's
words, whose they are, and the history of the choices."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from html import unescape
from typing import Any

import pytest
from django.urls import reverse

from coassess.accesslog.models import AccessEvent
from coassess.accounts.models import User
from coassess.assessments.models import Assessment, Participant
from coassess.assessments.queries import Structured
from coassess.assessments.services import add_contribution, dispute_entry
from coassess.portal.models import PrivateFromSupporters
from tests.assessments.test_structured_disputes import WORDS_OF, make_items
from tests.conftest import CheckedClient
from tests.portal.conftest import Portal, page_text
from tests.portal.test_private_entries import (
    DISPUTE_OF,
    STRUCTURED,
    pdf_words,
    private_url,
    share_everything,
    structured_items,
)

pytestmark = pytest.mark.django_db

# Each kind's section, and whose words or what it is, as staff lists name it
# (make_items: Jo Parker raises the concern in the portal's scene, the
# clinician taking part assesses capacity).
SECTION_OF = {
    "concern": "concerns",
    "known": "known",
    "corroboration": "corroboration",
    "capacity": "capacity",
}
WHAT_OF = {
    "concern": "A concern raised by Jo Parker",
    "known": "A source checked: Electronic record: GP summary",
    "corroboration": "What Maggie Reid (relative or someone close) told us",
    "capacity": "Capacity assessment by Clinician Tester: Going home tonight",
}
# The words a staff list shows of each kind (a capacity record: its outcome).
LISTED_OF = {**WORDS_OF, "capacity": "Has capacity for this decision"}


def mark_url(assessment: Assessment, lineage: uuid.UUID) -> str:
    return reverse(
        "portal_staff:mark_private",
        kwargs={"assessment_id": assessment.pk, "lineage": lineage},
    )


def section_url(assessment: Assessment, kind: str) -> str:
    return reverse(
        "assessments:show_section",
        kwargs={"assessment_id": assessment.pk, "section": SECTION_OF[kind]},
    )


def item_block(page: str, kind: str, item: Structured) -> str:
    """The HTML of one structured item on its section page, to the end of the
    list of what can be done with it."""
    start = page.index(f'id="{kind}-{item.pk}"')
    return page[start : page.index("</ul>", page.index("entry__actions", start))]


def words_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def staff_lists(portal: Portal) -> dict[str, str]:
    person = portal.scene.assessment.person
    return {
        "person": reverse("people:show_person", args=[person.pk]),
        "sharing": reverse(
            "people:show_sharing",
            kwargs={"person_id": person.pk, "supporter_id": portal.jo.pk},
        ),
    }


def disputed_items(portal: Portal, clinician: User) -> dict[str, Any]:
    """One item of each structured kind in Alex's record, each with Alex's
    disagreement beside it (what the copy and its PDF show of it)."""
    items = structured_items(portal, clinician)
    for kind, item in items.items():
        dispute_entry(
            actor=clinician,
            entry=item,
            disputer=portal.scene.alex,
            account=DISPUTE_OF[kind],
        )
    return items


@pytest.mark.parametrize("kind", STRUCTURED)
def test_a_clinician_keeps_each_kind_from_supporters_for_the_person(
    portal: Portal,
    clinician: User,
    signed_in: Callable[[str], CheckedClient],
    kind: str,
) -> None:
    """From the link under the item on its section page: Jo's record page,
    copy and PDF lose it (and Alex's disagreement with it), the other kinds
    stay; Alex still reads it; the choice is the clinician's for Alex,
    logged; staff see the tag and, on Alex's page and Jo's sharing page, the
    item's words, whose they are, and the history; letting Jo see it again
    brings it back."""
    share_everything(portal.jo)
    a = portal.scene.assessment
    item = disputed_items(portal, clinician)[kind]
    record = reverse("portal:show_record", args=[a.pk])
    copy = reverse("portal:show_copy", args=[a.pk])
    pdf = reverse("portal:copy_pdf", args=[a.pk])
    jo = portal.sign_in_as(portal.jo)
    alex = portal.sign_in_as(None)
    assert WORDS_OF[kind] in page_text(jo.get(record))
    assert DISPUTE_OF[kind] in pdf_words(jo.get(pdf))
    staff = signed_in("clinician")
    section = staff.get(section_url(a, kind)).content.decode()
    assert mark_url(a, item.lineage) in item_block(section, kind, item)

    form = page_text(staff.get(mark_url(a, item.lineage)))
    assert WHAT_OF[kind] in form and LISTED_OF[kind] in form
    assert "No choice has been made about this entry yet." in form
    answer = staff.post(mark_url(a, item.lineage), {"private": "yes", "seen": 0})

    assert answer.status_code == 302
    assert answer["Location"] == f"{section_url(a, kind)}#{kind}-{item.pk}"
    mark = PrivateFromSupporters.objects.get()
    assert (mark.lineage, mark.private) == (item.lineage, True)
    assert (mark.by_staff, mark.by_code) == (clinician, None)
    event = AccessEvent.objects.get(what="private from supporters")
    assert (event.actor, event.viewer_code, event.object_id) == (
        clinician,
        None,
        str(item.lineage),
    )
    theirs = page_text(jo.get(record))
    assert WORDS_OF[kind] not in theirs and DISPUTE_OF[kind] not in theirs
    others = [k for k in STRUCTURED if k != kind]
    assert all(WORDS_OF[k] in theirs for k in others)
    their_copy = page_text(jo.get(copy))
    assert DISPUTE_OF[kind] not in their_copy
    assert all(DISPUTE_OF[k] in their_copy for k in others)
    their_pdf = pdf_words(jo.get(pdf))
    assert DISPUTE_OF[kind] not in their_pdf and WORDS_OF[kind] not in their_pdf
    assert all(DISPUTE_OF[k] in their_pdf for k in others)
    mine = page_text(alex.get(record))
    assert WORDS_OF[kind] in mine and "Your supporters cannot see this." in mine
    assert DISPUTE_OF[kind] in pdf_words(alex.get(pdf))

    name = clinician.display_name
    tag = f"Alex keeps this from supporters (set by {name} for them)"
    section = staff.get(section_url(a, kind)).content.decode()
    assert tag in words_of(item_block(section, kind, item))
    for page in staff_lists(portal).values():
        shown = page_text(staff.get(page))
        kept = f"Alex keeps this from supporters {WHAT_OF[kind]} {LISTED_OF[kind]}"
        assert f"{kept} Chosen by {name}, for Alex" in shown, page
        history = f"Kept from supporters. {WHAT_OF[kind]}: “ {LISTED_OF[kind]} ”."
        assert f"{history} Chosen by {name}, for Alex." in shown, page
        assert all(WHAT_OF[k] not in shown for k in others), page

    staff.post(mark_url(a, item.lineage), {"private": "no", "seen": 1})
    assert WORDS_OF[kind] in page_text(jo.get(record))
    assert DISPUTE_OF[kind] in pdf_words(jo.get(pdf))
    history = page_text(staff.get(mark_url(a, item.lineage)))
    assert f"Supporters can see it again. Chosen by {name}, for Alex." in history
    lists = page_text(staff.get(staff_lists(portal)["person"]))
    assert "What Alex keeps from all supporters" in lists
    assert f"Supporters can see it again. {WHAT_OF[kind]}:" in lists


@pytest.mark.parametrize("kind", STRUCTURED)
def test_a_choice_made_meanwhile_on_the_phone_is_shown_for_each_kind(
    portal: Portal,
    clinician: User,
    signed_in: Callable[[str], CheckedClient],
    kind: str,
) -> None:
    """Alex keeps the item on their phone while the clinician's page is
    open: the clinician's stale choice is refused with the conflict page
    (409), which shows the choice as it is now; nothing more is saved."""
    a = portal.scene.assessment
    item = structured_items(portal, clinician)[kind]
    staff = signed_in("clinician")
    assert (
        'name="seen" value="0"' in staff.get(mark_url(a, item.lineage)).content.decode()
    )
    alex = portal.sign_in_as(None)
    assert alex.post(private_url(item.lineage), {"private": "yes"}).status_code == 302

    answer = staff.post(mark_url(a, item.lineage), {"private": "no", "seen": 0})

    assert answer.status_code == 409
    shown = page_text(answer)
    assert "This changed while you were looking" in shown
    assert "Alex keeps this from all their supporters." in shown
    assert "Chosen by Alex, on their own device." in shown
    assert 'name="seen" value="1"' in answer.content.decode()
    code = portal.codes["person"]
    assert list(PrivateFromSupporters.objects.values_list("private", "by_code")) == [
        (True, code.pk)
    ]


def test_another_records_entry_or_none_is_not_found(
    portal: Portal,
    assessment: Assessment,
    voices: dict[str, Participant],
    clinician: User,
    signed_in: Callable[[str], CheckedClient],
) -> None:
    """The page for Alex's assessment answers 404, saving nothing, for an
    item of another person's record (of each kind, and an attributed entry),
    for a lineage that is no entry's, and for one of Alex's own items named
    under another assessment; the same items open under their own."""
    ours = structured_items(portal, clinician)
    theirs: dict[str, Any] = make_items(clinician, assessment, voices)
    theirs["entry"] = add_contribution(
        actor=clinician,
        assessment=assessment,
        section="account",
        voice=voices["person"],
        text="Sam's own words, in Sam's record.",
    )
    staff = signed_in("clinician")
    a = portal.scene.assessment
    for item in theirs.values():
        assert staff.get(mark_url(a, item.lineage)).status_code == 404
        posted = staff.post(mark_url(a, item.lineage), {"private": "yes", "seen": 0})
        assert posted.status_code == 404
        assert staff.get(mark_url(assessment, item.lineage)).status_code == 200
    for item in ours.values():
        assert staff.get(mark_url(assessment, item.lineage)).status_code == 404
    nothing = uuid.uuid4()
    assert staff.get(mark_url(a, nothing)).status_code == 404
    assert (
        staff.post(mark_url(a, nothing), {"private": "yes", "seen": 0}).status_code
        == 404
    )
    assert not PrivateFromSupporters.objects.exists()
