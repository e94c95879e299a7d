"""The supporter's view (issue 13, item 4): exactly the parts sharing allows,
in the supporter's terms ("You said" for Jo's own words, "Alex said" for
Alex's), a plain word for each part not shared, a kind page on a hold, and
nothing withheld from the person or kept private from supporters. The pages
are rendered by the views' own functions for each sight; which sight a viewer
has is `visibility.sight_of`'s, asked at every request."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from coassess.language.checker import check
from coassess.language.rules import Audience
from coassess.people.viewer import Viewer
from coassess.plans.person_copy import (
    FOR_SUPPORTERS,
    HEADINGS_FOR_SUPPORTERS,
    PARTS,
)
from coassess.portal import links, looked, presenters, views
from coassess.portal.visibility import Sight, sight_of
from tests.plans.test_person_copy import (
    ALEX_ACCOUNT,
    ALEX_DISPUTES,
    JO_HELPS,
    JO_OBJECTS,
    JO_PLAN,
    RINGS,
)
from tests.portal.conftest import WITHHELD_TEXT, Portal, page_text

pytestmark = pytest.mark.django_db


def jo_reads(portal: Portal, parts: set[str], **extra: object) -> tuple[str, str]:
    """Jo's record page and copy page, as text, with these parts shared."""
    portal.sign_in_as(portal.jo)
    viewer = Viewer(portal.codes[str(portal.jo.pk)])
    sight = Sight(portal.jo.pk, frozenset(parts), **extra)  # type: ignore[arg-type]
    request = RequestFactory().get("/my/record/")
    a = portal.scene.assessment
    record = views.record_for(request, viewer, sight, a)
    copy = views.copy_page_for(request, viewer, sight, a)
    return page_text(record), page_text(copy)


def test_the_plan_alone_shows_the_plan_and_no_decision_or_entry(
    portal: Portal,
) -> None:
    record, copy = jo_reads(portal, {"plan"})
    assert "What we agreed to do" in copy and RINGS in copy
    assert "If things get worse" in copy or "Who to contact" in copy
    for words in (JO_OBJECTS, JO_PLAN, ALEX_ACCOUNT, JO_HELPS, WITHHELD_TEXT):
        assert words not in record + copy, words
    assert "Alex has chosen not to share the decisions with you." in copy
    assert "Alex has chosen not to share everything written down with you." in copy


def test_decisions_show_positions_in_the_supporters_terms(portal: Portal) -> None:
    record, copy = jo_reads(portal, {"decisions"})
    assert f"You objected to this: “{JO_OBJECTS}”" in record
    assert "What was decided" in copy
    for words in (ALEX_ACCOUNT, JO_HELPS, RINGS, WITHHELD_TEXT):
        assert words not in record + copy, words


def test_the_assessment_names_the_person_and_the_supporter_as_you(
    portal: Portal,
) -> None:
    record, copy = jo_reads(portal, {"assessment"})
    assert f"Alex said: “{ALEX_ACCOUNT}”" in record
    assert f"Written down from what you said: {JO_HELPS}" in record
    assert "Alex disagreed with this:" in record and ALEX_DISPUTES in record
    assert "What Alex told us" in copy
    # Nothing withheld from Alex reaches Jo, not even that it exists.
    assert WITHHELD_TEXT not in record + copy
    assert "not shown to you" not in record + copy
    assert JO_OBJECTS not in record + copy


def test_an_entry_kept_private_is_never_shown_nor_its_dispute(
    portal: Portal,
) -> None:
    helps = portal.scene.assessment
    lineage = next(
        c.lineage
        for c in helps.__class__.objects.get(pk=helps.pk)
        .participants.get(pk=portal.scene.jo.pk)
        .contributions.all()
        if c.text == JO_HELPS
    )
    record, copy = jo_reads(portal, set(PARTS), private=frozenset({lineage}))
    for words in (JO_HELPS, ALEX_DISPUTES):
        assert words not in record + copy
    assert f"Alex said: “{ALEX_ACCOUNT}”" in record


def test_a_hold_is_kind_and_never_says_why_or_blames_the_person(
    portal: Portal,
) -> None:
    record, copy = jo_reads(portal, set(), held=True)
    for page in (record, copy):
        assert "You cannot see Alex’s record at the moment." in page
        assert "chosen not to share" not in page
        for words in (ALEX_ACCOUNT, JO_PLAN, RINGS):
            assert words not in page


def test_a_supporter_has_no_part_until_the_person_shares(portal: Portal) -> None:
    portal.sign_in_as(portal.jo)
    jo = Viewer(portal.codes[str(portal.jo.pk)])
    assert sight_of(jo).parts == frozenset()
    portal.sign_in_as(None)
    alex = Viewer(portal.codes["person"])
    assert sight_of(alex).parts == PARTS


def test_every_fixed_phrase_passes_the_apps_own_language_check() -> None:
    phrases = [
        *FOR_SUPPORTERS.values(),
        *HEADINGS_FOR_SUPPORTERS.values(),
        *presenters.SECTION_TITLES.values(),
        *presenters.PROMPT_LABELS.values(),
        *presenters.WITHHELD_WORDS.values(),
        presenters.WITHHELD,
        presenters.HELD,
        *presenters.PART_WORDS.values(),
        *looked.DID.values(),
        *looked.ROLE_WORDS.values(),
        *looked.BASIS_WORDS.values(),
    ]
    for phrase in phrases:
        findings = check(phrase, Audience.PERSON_FACING)
        assert not findings, (phrase, [f.term for f in findings])


def test_writing_pages_offer_their_links_beside_each_entry_to_whom_they_are_for(
    portal: Portal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The read pages show the links the writing pages register
    (`portal.links`): to the person; to a supporter only when the link is for
    supporters and its part is shared."""
    monkeypatch.setattr(links, "_LINKS", [])
    links.offer(
        links.Link(
            "entry",
            "I disagree with this",
            "portal:show_record",
            ("assessment_id",),
            for_supporter=True,
            part="assessment",
        )
    )
    links.offer(links.Link("decision", "Give your view", "portal:home"))
    with pytest.raises(ValueError):
        links.offer(links.Link("nowhere", "Lost", "portal:home"))
    alex = portal.sign_in_as(None)
    a = portal.scene.assessment
    page = alex.get(reverse("portal:show_record", kwargs={"assessment_id": a.pk}))
    text = page_text(page)
    # Each entry shown, and none on the one withheld from Alex.
    assert text.count("I disagree with this about what") == 2
    assert "Give your view about Where will Alex be supported tonight?" in text
    record, _ = jo_reads(portal, {"assessment", "decisions"})
    assert record.count("I disagree with this about what") == 2
    assert "Give your view" not in record  # for the person only
    record, _ = jo_reads(portal, {"decisions"})
    assert "I disagree with this" not in record
