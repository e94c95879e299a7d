"""Staff see which entries the person keeps from every supporter, so that no
one reads one out to a supporter by mistake: a tag beside the entry on the
assessment's pages, and the entries and the history of the choices on the
person's page and each supporter's sharing page. A clinician can keep an
entry private for the person when they ask, saved as the clinician's choice
on the person's behalf; a choice made meanwhile is shown, not overwritten."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from coassess.accesslog.models import AccessEvent
from coassess.accounts.models import User
from coassess.assessments import services as assessment_services
from coassess.assessments.models import Assessment, Contribution, Participant
from coassess.core.exceptions import VersionConflict
from coassess.people.access import break_glass
from coassess.people.models import AccessCode, Supporter
from coassess.people.sharing_services import set_sharing
from coassess.portal import services
from coassess.portal.models import PrivateFromSupporters
from tests.conftest import CheckedClient
from tests.portal.viewers import text_of

Viewer = tuple[CheckedClient, AccessCode]
SECRET = "I owe money to a friend and I am ashamed of it."
OTHER = "I sleep better with the radio on."
TAG = "Sam keeps this from supporters"


@pytest.fixture
def entries(
    clinician: User, assessment: Assessment, voices: dict[str, Participant]
) -> tuple[Contribution, Contribution]:
    """Two of Sam's entries: one she will keep private, one she will not."""

    def say(text: str) -> Contribution:
        return assessment_services.add_contribution(
            actor=clinician,
            assessment=assessment,
            section="account",
            voice=voices["person"],
            text=text,
        )

    return say(SECRET), say(OTHER)


def mark_url(assessment: Assessment, entry: Contribution) -> str:
    return reverse(
        "portal_staff:mark_private",
        kwargs={"assessment_id": assessment.pk, "lineage": entry.lineage},
    )


def staff_pages(assessment: Assessment, carer: Supporter) -> dict[str, str]:
    return {
        "whole": reverse("assessments:show_assessment", args=[assessment.pk]),
        "section": reverse(
            "assessments:show_section",
            kwargs={"assessment_id": assessment.pk, "section": "account"},
        ),
        "person": reverse("people:show_person", args=[assessment.person.pk]),
        "sharing": reverse(
            "people:show_sharing",
            kwargs={"person_id": assessment.person.pk, "supporter_id": carer.pk},
        ),
    }


def keep_on_phone(phone: CheckedClient, entry: Contribution) -> None:
    """The person keeps `entry` from every supporter, on their own phone."""
    answer = phone.post(
        reverse("portal:keep_private", kwargs={"lineage": entry.lineage}),
        {"private": "yes"},
    )
    assert answer.status_code == 302


def carer_of(voices: dict[str, Participant]) -> Supporter:
    supporter = voices["carer"].supporter
    assert supporter is not None
    return supporter


def entry_block(page: str, entry: Contribution) -> str:
    """The HTML of one entry on a staff page (up to the next entry)."""
    start = page.index(f'id="entry-{entry.pk}"')
    end = page.find('id="entry-', start + 1)
    return page[start : end if end != -1 else len(page)]


def test_staff_see_the_persons_private_mark_beside_the_entry_and_in_the_sharing_pages(
    as_person: Viewer,
    entries: tuple[Contribution, Contribution],
    assessment: Assessment,
    voices: dict[str, Participant],
    signed_in: Callable[[str], CheckedClient],
) -> None:
    phone, _ = as_person
    secret, other = entries
    staff = signed_in("clinician")
    pages = staff_pages(assessment, carer_of(voices))
    assert TAG not in text_of(staff.get(pages["whole"]))

    keep_on_phone(phone, secret)

    for name in ("whole", "section"):
        page = staff.get(pages[name]).content.decode()
        assert TAG in entry_block(page, secret), name
        assert TAG not in entry_block(page, other), name
    section = staff.get(pages["section"]).content.decode()
    assert mark_url(assessment, secret) in entry_block(section, secret)
    assert mark_url(assessment, other) in entry_block(section, other)
    for name in ("person", "sharing"):
        shown = text_of(staff.get(pages[name]))
        assert "What Sam keeps from all supporters" in shown, name
        said = f"What {voices['person'].name} said"
        assert f"{TAG} {said} {SECRET} Chosen by Sam, on her own device" in shown
        assert f"Kept from supporters. {said}: “ {SECRET} ”. Chosen by Sam" in shown
        assert OTHER not in shown, name


def test_a_clinician_keeps_an_entry_private_for_the_person_recorded_as_such(
    as_carer: Viewer,
    clinician: User,
    entries: tuple[Contribution, Contribution],
    assessment: Assessment,
    voices: dict[str, Participant],
    signed_in: Callable[[str], CheckedClient],
) -> None:
    secret, _ = entries
    carer_phone, _ = as_carer
    set_sharing(
        supporter=carer_of(voices),
        category="assessment",
        granted=True,
        seen=0,
        by_person=False,
        actor=clinician,
    )
    record = reverse("portal:show_record", args=[assessment.pk])
    assert SECRET in text_of(carer_phone.get(record))
    staff = signed_in("clinician")
    form = text_of(staff.get(mark_url(assessment, secret)))
    assert "Keep an entry from Sam’s supporters" in form
    assert "Supporters can see this if Sam shares that part with them." in form

    answer = staff.post(mark_url(assessment, secret), {"private": "yes", "seen": 0})

    assert answer.status_code == 302
    section = staff_pages(assessment, carer_of(voices))["section"]
    assert answer["Location"] == f"{section}#entry-{secret.pk}"
    page = reverse("assessments:show_assessment", args=[assessment.pk])
    mark = PrivateFromSupporters.objects.get()
    assert (mark.private, mark.by_staff, mark.by_code) == (True, clinician, None)
    assert mark.lineage == secret.lineage
    event = AccessEvent.objects.get(what="private from supporters")
    assert event.actor == clinician and event.viewer_code is None
    assert SECRET not in carer_phone.get(record).content.decode()
    name = clinician.display_name
    whole = staff.get(page).content.decode()
    assert f"{TAG} (set by {name} for them)" in entry_block(whole, secret)
    history = text_of(staff.get(mark_url(assessment, secret)))
    assert f"Kept from supporters. Chosen by {name}, for Sam." in history
    person_page = text_of(
        staff.get(staff_pages(assessment, carer_of(voices))["person"])
    )
    assert f"Chosen by {name}, for Sam" in person_page

    staff.post(mark_url(assessment, secret), {"private": "no", "seen": 1})
    assert SECRET in text_of(carer_phone.get(record))
    assert TAG not in text_of(staff.get(page))


def test_a_choice_made_meanwhile_on_the_phone_is_shown_not_overwritten(
    as_person: Viewer,
    entries: tuple[Contribution, Contribution],
    assessment: Assessment,
    signed_in: Callable[[str], CheckedClient],
) -> None:
    phone, code = as_person
    secret, _ = entries
    staff = signed_in("clinician")
    assert (
        'name="seen" value="0"'
        in staff.get(mark_url(assessment, secret)).content.decode()
    )
    keep_on_phone(phone, secret)

    answer = staff.post(mark_url(assessment, secret), {"private": "no", "seen": 0})

    assert answer.status_code == 409
    shown = text_of(answer)
    assert "This changed while you were looking" in shown
    assert "Sam keeps this from all her supporters." in shown
    assert "Chosen by Sam, on her own device." in shown
    assert 'name="seen" value="1"' in answer.content.decode()
    assert list(PrivateFromSupporters.objects.values_list("private", "by_code")) == [
        (True, code.pk)
    ]


def test_the_service_refuses_a_stale_choice(
    clinician: User,
    entries: tuple[Contribution, Contribution],
    assessment: Assessment,
) -> None:
    secret, _ = entries
    person = assessment.person
    first = services.keep_private(
        person=person, lineage=secret.lineage, private=True, actor=clinician, seen=0
    )
    with pytest.raises(VersionConflict) as caught:
        services.keep_private(
            person=person,
            lineage=secret.lineage,
            private=False,
            actor=clinician,
            seen=0,
        )
    assert caught.value.current == first
    assert PrivateFromSupporters.objects.count() == 1


def test_another_teams_reader_sees_no_entry_of_this_teams_record(
    clinician: User,
    users: dict[str, User],
    entries: tuple[Contribution, Contribution],
    assessment: Assessment,
    voices: dict[str, Participant],
    signed_in: Callable[[str], CheckedClient],
) -> None:
    secret, _ = entries
    services.keep_private(
        person=assessment.person, lineage=secret.lineage, private=True, actor=clinician
    )
    break_glass(user=users["outsider"], person=assessment.person, reason="Seen in ED")
    page = staff_pages(assessment, carer_of(voices))["person"]
    theirs = signed_in("outsider").get(page)
    assert theirs.status_code == 200
    shown = text_of(theirs)
    assert "What Sam keeps from all supporters" in shown
    assert SECRET not in shown and "Chosen by" not in shown
    assert SECRET in text_of(signed_in("clinician").get(page))
    outsider_post = signed_in("outsider").post(
        mark_url(assessment, secret), {"private": "no", "seen": 1}
    )
    assert outsider_post.status_code in (403, 404)
    assert PrivateFromSupporters.objects.count() == 1
