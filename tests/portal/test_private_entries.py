"""The person keeps a single entry from every supporter, from their own phone,
and lets them see it again; the supporter's next page follows."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from coassess.accesslog.models import AccessEvent
from coassess.accounts.models import User
from coassess.assessments.models import Assessment, Contribution, Participant
from coassess.assessments.services import add_contribution
from coassess.people.models import Supporter
from coassess.people.sharing_services import set_sharing
from coassess.portal.models import PrivateFromSupporters
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
