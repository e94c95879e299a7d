"""The copy shows a supporter's own words about a structured part of the
record (issue 13): what staff typed in the supporter's voice under "In their
own words" of the concerns, what was already known, capacity and what others
tell us is in the copy's "What other people told us", with the supporter's
name, on the page and in the PDF; never when withheld from the person, and
never to a supporter the person has not shared the assessment with, or when
the person keeps it from supporters. One rule (`supporters_own_words`)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from pypdf import PdfReader

from coassess.accounts.models import User
from coassess.assessments import services
from coassess.assessments.models import Assessment, Contribution, Participant
from coassess.plans.person_copy import (
    PARTS,
    STRUCTURED_OWN_WORDS,
    PersonCopy,
    Reader,
    copy_for,
)

WORDS = {
    "concerns.own_words": "I'm scared she will do it again when I'm at work.",
    "known.own_words": "The letter from her GP was about her asthma, not this.",
    "capacity.own_words": "She knew exactly what she was saying no to.",
    "corroboration.own_words": "I rang the team myself because I was worried.",
}


def told_by_others(copy: PersonCopy) -> list[str]:
    found = [s for s in copy.sections if s.heading == "What other people told us"]
    return found[0].paragraphs if found else []


def maggie_says(
    clinician: User, assessment: Assessment, carer: Participant, **extra: Any
) -> list[Contribution]:
    return [
        services.add_contribution(
            actor=clinician,
            assessment=assessment,
            section=key,
            voice=carer,
            text=text,
            own_words=True,
            **extra,
        )
        for key, text in WORDS.items()
    ]


def test_the_rule_covers_each_structured_part() -> None:
    assert set(STRUCTURED_OWN_WORDS) == set(WORDS)


def test_a_supporters_own_words_are_in_the_copy_with_their_name(
    clinician: User, assessment: Assessment, voices: dict[str, Participant]
) -> None:
    maggie_says(clinician, assessment, voices["carer"])
    services.add_contribution(
        actor=clinician,
        assessment=assessment,
        section="concerns.own_words",
        voice=voices["person"],
        text="I just want to sleep.",
        own_words=True,
    )
    copy = copy_for(assessment)
    assert told_by_others(copy) == [
        f"Maggie Reid (your mum) said: “{text}”" for text in WORDS.values()
    ]
    # The person's own are theirs, as before, and not said twice.
    mine = [s for s in copy.sections if s.heading == "What you told us"][0]
    assert "You said: “I just want to sleep.”" in mine.paragraphs
    assert "I just want to sleep." not in " ".join(told_by_others(copy))


def test_withheld_or_kept_private_they_follow_the_same_rules(
    clinician: User, assessment: Assessment, voices: dict[str, Participant]
) -> None:
    withheld = maggie_says(
        clinician, assessment, voices["carer"], withheld_reason="third_party"
    )
    assert withheld and told_by_others(copy_for(assessment)) == []
    text = copy_for(assessment).text
    assert not any(words in text for words in WORDS.values())


def test_a_supporter_reads_them_only_as_shared_and_not_kept_private(
    clinician: User, assessment: Assessment, voices: dict[str, Participant]
) -> None:
    entries = maggie_says(clinician, assessment, voices["carer"])
    maggie = voices["carer"].supporter
    assert maggie is not None
    nothing = copy_for(assessment, Reader(supporter_id=maggie.pk, parts=frozenset()))
    assert told_by_others(nothing) == []
    plan_only = copy_for(
        assessment, Reader(supporter_id=maggie.pk, parts=frozenset({"plan"}))
    )
    assert not any(w in plan_only.text for w in WORDS.values())
    everything = copy_for(assessment, Reader(supporter_id=maggie.pk, parts=PARTS))
    assert told_by_others(everything)[0] == f"You said: “{WORDS['concerns.own_words']}”"
    kept = frozenset({entries[0].lineage})
    private = copy_for(
        assessment, Reader(supporter_id=maggie.pk, parts=PARTS, private=kept)
    )
    assert WORDS["concerns.own_words"] not in private.text
    assert WORDS["known.own_words"] in private.text


@pytest.mark.parametrize("what", ["page", "pdf"])
def test_the_page_and_the_pdf_show_them(
    what: str,
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
    signed_in: Callable[[str], Any],
) -> None:
    maggie_says(clinician, assessment, voices["carer"])
    name = "plans:person_copy" if what == "page" else "plans:person_copy_pdf"
    response = signed_in("clinician").get(
        reverse(name, kwargs={"assessment_id": assessment.pk})
    )
    assert response.status_code == 200
    if what == "pdf":
        pages = PdfReader(io.BytesIO(response.content)).pages
        text = " ".join(" ".join(p.extract_text().split()) for p in pages)
    else:
        text = " ".join(response.content.decode().split())
        text = text.replace("&#34;", '"').replace("&#39;", "'")
    assert "What other people told us" in text
    for words in WORDS.values():
        said = f"Maggie Reid (your mum) said: “{words}”"
        assert said.replace("'", "’") in text.replace("'", "’"), said
