"""Autosave keeps a draft for its writer alone; only Save makes an entry (H28)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import unescape
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from coassess.accesslog.models import AccessEvent
from coassess.accounts import drafts
from coassess.accounts.models import DRAFT_LIMIT, Draft, User
from coassess.assessments import services
from coassess.assessments.models import Assessment, Contribution, Participant
from coassess.assessments.queries import entry_draft_target
from coassess.core.exceptions import DomainError
from coassess.core.text import TEXT_LIMIT
from coassess.plans import services as plan_services

TYPED = "Has not slept for three nights; worried about the rent."


def section_url(assessment: Assessment, slug: str = "account") -> str:
    return reverse(
        "assessments:show_section",
        kwargs={"assessment_id": assessment.pk, "section": slug},
    )


def keep_url(assessment: Assessment) -> str:
    return reverse("assessments:keep_entry_draft", args=[assessment.pk])


def autosave(
    client: Any, assessment: Assessment, voice: Participant, **extra: Any
) -> Any:
    """What htmx sends on leaving the entry box: the whole form."""
    data = {
        "prompt": "account",
        "base": "",
        "voice": voice.pk,
        "text": TYPED,
        "own_words": "",
        "withheld_reason": "",
        **extra,
    }
    return client.post(keep_url(assessment), data, HTTP_HX_REQUEST="true")


def page(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_it_keeps_a_draft_and_makes_no_entry(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    voices: dict[str, Participant],
    users: dict[str, User],
) -> None:
    response = autosave(signed_in("clinician"), assessment, voices["person"])

    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "Draft kept at" in html
    assert "It is not in the record until you press Save." in html
    assert Contribution.objects.count() == 0
    draft = Draft.objects.get()
    assert draft.owner == users["clinician"]
    assert draft.target == f"entry:{assessment.pk}:account:new"
    assert draft.text == TYPED
    assert "no-store" in response["Cache-Control"]


def test_ticking_their_own_words_after_typing_makes_no_version(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    c = signed_in("clinician")
    autosave(c, assessment, voices["person"])
    autosave(c, assessment, voices["person"], own_words="on")

    assert Contribution.objects.count() == 0
    assert Draft.objects.count() == 1


def test_save_makes_exactly_one_entry_and_ends_the_draft(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    voices: dict[str, Participant],
    entry_data: Any,
) -> None:
    c = signed_in("clinician")
    autosave(c, assessment, voices["person"])
    autosave(c, assessment, voices["person"], text=TYPED + " Wants Maggie here.")

    response = c.post(
        section_url(assessment),
        entry_data(voices["person"], text=TYPED + " Wants Maggie here."),
    )

    assert response.status_code == 302
    entry = Contribution.objects.get()
    assert entry.text == TYPED + " Wants Maggie here."
    assert entry.version_number == 1
    assert Draft.objects.count() == 0


def test_the_draft_is_offered_restored_and_discarded_by_its_writer(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    c = signed_in("clinician")
    autosave(c, assessment, voices["person"])

    offered = page(c, section_url(assessment))
    assert "You have unsaved words from" in offered
    assert f"“{TYPED}”" in offered
    assert "Restore them" in offered
    # Not yet in the box: the writer chooses.
    assert f">{TYPED}</textarea>" not in offered

    restored = page(c, section_url(assessment) + "?restore=account")
    assert f">{TYPED}</textarea>" in restored
    assert "are back in the box" in restored

    response = c.post(
        reverse("assessments:discard_entry_draft", args=[assessment.pk]),
        {"prompt": "account", "base": "", "back": section_url(assessment)},
    )
    assert response.status_code == 302
    assert response["Location"] == section_url(assessment)
    assert Draft.objects.count() == 0
    assert "You have unsaved words" not in page(c, section_url(assessment))


def test_another_member_of_the_same_team_never_sees_a_draft(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    autosave(signed_in("clinician"), assessment, voices["person"])
    peer = signed_in("peer")

    for url in (
        section_url(assessment),
        section_url(assessment) + "?restore=account",
        reverse("assessments:show_assessment", args=[assessment.pk]),
        reverse("assessments:print_assessment", args=[assessment.pk]),
    ):
        html = page(peer, url)
        assert TYPED not in html, url
        assert "unsaved words" not in html, url


def test_a_draft_is_never_in_the_record_pages_or_the_persons_copy(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    voices: dict[str, Participant],
    users: dict[str, User],
) -> None:
    c = signed_in("clinician")
    autosave(c, assessment, voices["person"])
    plan_services.start_plan(actor=users["clinician"], assessment=assessment)

    for name in ("show_assessment", "print_assessment"):
        html = page(c, reverse(f"assessments:{name}", args=[assessment.pk]))
        assert TYPED not in html, name
    copy = c.get(reverse("plans:person_copy", args=[assessment.pk]))
    assert copy.status_code == 200
    assert TYPED not in unescape(copy.content.decode())
    pdf = c.get(reverse("plans:person_copy_pdf", args=[assessment.pk]))
    assert pdf.status_code == 200
    assert TYPED.encode() not in pdf.content


def test_a_revision_has_its_own_draft_and_save_ends_it(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    voices: dict[str, Participant],
    users: dict[str, User],
) -> None:
    first = services.add_contribution(
        actor=users["clinician"],
        assessment=assessment,
        section="account",
        voice=voices["person"],
        text="First words",
    )
    c = signed_in("clinician")
    autosave(c, assessment, voices["person"], base=first.pk, text="Second words")
    edit = reverse("assessments:update_contribution", args=[assessment.pk, first.pk])

    assert "You have unsaved words" in page(c, edit)
    assert ">Second words</textarea>" in page(c, edit + "?restore=1")
    # The section's add form has no draft: the two are kept apart.
    assert "You have unsaved words" not in page(c, section_url(assessment))
    assert Contribution.objects.count() == 1

    data = {"prompt": "account", "base": first.pk, "voice": voices["person"].pk}
    c.post(edit, {**data, "text": "Second words", "withheld_reason": ""})
    assert list(
        Contribution.objects.values_list("text", flat=True).order_by("version_number")
    ) == ["First words", "Second words"]
    assert Draft.objects.count() == 0


def test_draft_writes_are_logged_in_the_persons_record(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    c = signed_in("clinician")
    before = AccessEvent.objects.count()
    autosave(c, assessment, voices["person"])
    c.post(
        reverse("assessments:discard_entry_draft", args=[assessment.pk]),
        {"prompt": "account", "base": "", "back": section_url(assessment)},
    )
    whats = list(
        AccessEvent.objects.order_by("id")[before:].values_list("what", "person_id")
    )
    assert ("own draft (account) kept", assessment.person.pk) in whats
    assert ("own draft (account) discarded", assessment.person.pk) in whats


def test_an_empty_box_keeps_no_draft(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    c = signed_in("clinician")
    autosave(c, assessment, voices["person"])
    autosave(c, assessment, voices["person"], text="   ")
    assert Draft.objects.count() == 0


def test_it_refuses_a_draft_for_a_prompt_or_entry_not_in_the_assessment(
    assessment: Assessment, users: dict[str, User]
) -> None:
    with pytest.raises(DomainError, match="does not exist"):
        services.keep_entry_draft(
            actor=users["clinician"],
            assessment=assessment,
            prompt="nonsense",
            base=None,
            text="x",
        )
    with pytest.raises(DomainError, match="not part of this assessment"):
        services.keep_entry_draft(
            actor=users["clinician"],
            assessment=assessment,
            prompt="account",
            base=assessment.pk,  # a UUID, but no entry of this assessment
            text="x",
        )
    assert Draft.objects.count() == 0


def test_an_expired_draft_is_not_offered_and_is_deleted(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    voices: dict[str, Participant],
    settings: Any,
) -> None:
    settings.DRAFT_HOURS = 24
    c = signed_in("clinician")
    autosave(c, assessment, voices["person"])
    Draft.objects.update(kept_at=timezone.now() - dt.timedelta(hours=24, minutes=1))

    assert "You have unsaved words" not in page(c, section_url(assessment))
    assert Draft.objects.count() == 0


def test_purgedrafts_deletes_only_expired_drafts(
    assessment: Assessment, users: dict[str, User], settings: Any
) -> None:
    settings.DRAFT_HOURS = 2
    now = timezone.now()
    with time_machine.travel(now - dt.timedelta(hours=3), tick=False):
        drafts.keep(owner=users["clinician"], target="entry:old", text="old words")
    with time_machine.travel(now - dt.timedelta(hours=1), tick=False):
        drafts.keep(owner=users["clinician"], target="entry:new", text="new words")
    out = StringIO()

    call_command("purgedrafts", stdout=out)

    assert list(Draft.objects.values_list("target", flat=True)) == ["entry:new"]
    assert out.getvalue().strip() == "Deleted 1 draft older than 2 hours."


def test_keeping_again_replaces_the_writers_draft(
    assessment: Assessment, users: dict[str, User]
) -> None:
    target = entry_draft_target(assessment, "account", None)
    drafts.keep(owner=users["clinician"], target=target, text="one")
    drafts.keep(owner=users["clinician"], target=target, text="two")
    drafts.keep(owner=users["peer"], target=target, text="the peer's")

    mine = drafts.offered(owner=users["clinician"], targets=[target])
    theirs = drafts.offered(owner=users["peer"], targets=[target])
    assert mine[target].text == "two"
    assert theirs[target].text == "the peer's"
    assert Draft.objects.count() == 2


def test_a_signed_assessment_keeps_no_drafts(
    assessment: Assessment, users: dict[str, User]
) -> None:
    Assessment.objects.filter(pk=assessment.pk).update(status="signed")
    assessment.refresh_from_db()
    with pytest.raises(DomainError, match="signed"):
        services.keep_entry_draft(
            actor=users["clinician"],
            assessment=assessment,
            prompt="account",
            base=None,
            text="x",
        )


def test_the_change_page_shows_the_entrys_wording_prompts_without_javascript(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    voices: dict[str, Participant],
    users: dict[str, User],
) -> None:
    entry = services.add_contribution(
        actor=users["clinician"],
        assessment=assessment,
        section="account",
        voice=voices["clinician"],
        text="He was refusing his medication. Slept badly.",
    )
    edit = reverse("assessments:update_contribution", args=[assessment.pk, entry.pk])
    html = page(signed_in("clinician"), edit)
    assert "Use “declining”" in html
    assert "He was declining his medication.</span>”" in html


def test_a_draft_longer_than_an_entry_is_kept_whole_and_says_so(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    """Nothing typed is lost: 20,001 characters are kept, all of them, and the
    writer is told to shorten them before saving."""
    long_text = "ä" * (TEXT_LIMIT - 1) + "🙂✓"
    response = autosave(
        signed_in("clinician"), assessment, voices["person"], text=long_text
    )
    assert response.status_code == 200
    assert Draft.objects.get().text == long_text
    html = unescape(response.content.decode())
    assert "longer than an entry can hold (20,000 characters)" in html


def test_a_draft_past_the_draft_limit_is_refused_and_the_last_one_kept(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    c = signed_in("clinician")
    autosave(c, assessment, voices["person"])
    response = autosave(c, assessment, voices["person"], text="x" * (DRAFT_LIMIT + 1))
    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert "Your draft was not kept: it is longer than 80,000 characters." in html
    assert "Your words are still in the box." in html
    assert Draft.objects.get().text == TYPED
