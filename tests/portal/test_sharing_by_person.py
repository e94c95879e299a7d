"""The person chooses, from their own phone, what each supporter may see; the
choice is theirs in the record, works at the supporter's next request, and no
one else can make it here."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse

from coassess.accesslog.models import AccessEvent, Action
from coassess.people.sharing import supporter_scope
from coassess.people.sharing_models import SharingChoice
from tests.portal.conftest import Portal, page_text

pytestmark = pytest.mark.django_db


def choose_url(portal: Portal, category: str) -> str:
    return reverse(
        "portal:choose_sharing",
        kwargs={"supporter_id": portal.jo.pk, "category": category},
    )


def test_the_person_shares_their_plan_with_jo_and_jo_sees_it_next(
    portal: Portal,
) -> None:
    alex = portal.sign_in_as(None)
    jo = portal.sign_in_as(portal.jo)
    copy = reverse("portal:show_copy", args=[portal.scene.assessment.pk])
    action = portal.scene.rings.what
    assert action not in page_text(jo.get(copy))

    page = page_text(alex.get(reverse("portal:sharing")))
    assert "Jo Parker (partner)" in page
    assert "Can Jo Parker see your plan, and what to do if things get worse?" in page
    assert "Now: no." in page

    answer = alex.post(choose_url(portal, "plan"), {"choice": "share", "seen": 0})
    assert answer["Location"] == reverse("portal:sharing")
    after = page_text(alex.get(reverse("portal:sharing")))
    assert (
        "Saved. Jo Parker can now see your plan, and what to do if things get worse."
        in after
    )
    choice = SharingChoice.objects.get()
    assert (choice.by_person, choice.set_by, choice.granted) == (True, None, True)
    assert supporter_scope(portal.jo).allowed == {"plan"}
    event = AccessEvent.objects.filter(what="sharing choice (by the person)").get()
    assert event.actor is None and event.actor_role == "person"
    assert event.viewer_code == portal.codes["person"]
    assert action in page_text(jo.get(copy))

    alex.post(choose_url(portal, "plan"), {"choice": "keep", "seen": 1})
    assert supporter_scope(portal.jo).allowed == frozenset()
    assert action not in page_text(jo.get(copy))


def test_a_stale_page_is_told_and_saves_nothing(portal: Portal) -> None:
    alex = portal.sign_in_as(None)
    alex.post(choose_url(portal, "decisions"), {"choice": "share", "seen": 0})
    alex.post(choose_url(portal, "decisions"), {"choice": "keep", "seen": 0})
    page = unescape(alex.get(reverse("portal:sharing")).content.decode())
    assert "This changed after you opened the page, so we did not save" in page
    assert SharingChoice.objects.count() == 1
    assert supporter_scope(portal.jo).allowed == {"decisions"}


def test_no_answer_is_a_kind_message(portal: Portal) -> None:
    alex = portal.sign_in_as(None)
    alex.post(choose_url(portal, "plan"), {"seen": 0})
    page = page_text(alex.get(reverse("portal:sharing")))
    assert "Jo Parker: choose yes or no, then save." in page
    assert not SharingChoice.objects.exists()


def test_only_the_person_chooses_here(portal: Portal) -> None:
    jo = portal.sign_in_as(portal.jo)
    assert jo.get(reverse("portal:sharing")).status_code == 404
    answer = jo.post(choose_url(portal, "plan"), {"choice": "share", "seen": 0})
    assert answer.status_code == 404
    assert not SharingChoice.objects.exists()


def test_another_persons_supporter_or_an_unknown_part_is_not_found(
    portal: Portal, make_person: object
) -> None:
    alex = portal.sign_in_as(None)
    bad_part = reverse(
        "portal:choose_sharing",
        kwargs={"supporter_id": portal.jo.pk, "category": "everything"},
    )
    assert alex.post(bad_part, {"choice": "share", "seen": 0}).status_code == 404
    assert not SharingChoice.objects.exists()
    assert not AccessEvent.objects.filter(
        action=Action.CREATE, what__startswith="sharing"
    ).exists()
