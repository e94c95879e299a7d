from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coassess.accounts.models import User
from coassess.assessments import services
from coassess.assessments.models import Assessment, Contribution, Dispute, Participant


def section_url(assessment: Assessment, slug: str = "account") -> str:
    return reverse(
        "assessments:show_section",
        kwargs={"assessment_id": assessment.pk, "section": slug},
    )


def test_an_entry_is_shown_as_the_persons_own_words(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    voices: dict[str, Participant],
    entry_data: Any,
) -> None:
    c = signed_in("clinician")
    c.post(section_url(assessment), entry_data(voices["person"]))
    html = unescape(
        c.get(
            reverse(
                "assessments:show_assessment", kwargs={"assessment_id": assessment.pk}
            )
        ).content.decode()
    )
    assert "In Sam’s words:" in html
    assert "“I have not slept for three nights.”" in html
    assert "(lived experience)" in html


def test_errors_keep_what_was_typed(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    voices: dict[str, Participant],
    entry_data: Any,
) -> None:
    long_text = "Ł" * 20001
    response = signed_in("clinician").post(
        section_url(assessment), entry_data(voices["person"], text=long_text)
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Keep this under 20,000 characters" in html
    assert long_text in html
    assert not Contribution.objects.exists()


def test_a_stale_save_shows_both_versions_with_409(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    voices: dict[str, Participant],
    entry_data: Any,
    users: dict[str, User],
) -> None:
    first = services.add_contribution(
        actor=users["clinician"],
        assessment=assessment,
        section="account",
        voice=voices["person"],
        text="First words",
    )
    services.revise_contribution(
        actor=users["peer"], base=first, text="The peer worker's version"
    )
    response = signed_in("clinician").post(
        reverse(
            "assessments:update_contribution",
            kwargs={"assessment_id": assessment.pk, "contribution_id": first.pk},
        ),
        entry_data(voices["person"], text="The clinician's version", base=first.pk),
    )
    # Opening a superseded version goes to the newest; posting to it is the conflict case.
    assert response.status_code in (302, 409)
    response = signed_in("clinician").post(
        section_url(assessment),
        entry_data(voices["person"], text="The clinician's version", base=first.pk),
    )
    html = unescape(response.content.decode())
    assert response.status_code == 409
    assert "Someone else saved this first" in html
    assert "The peer worker's version" in html and "The clinician's version" in html
    assert (
        Contribution.objects.get(lineage=first.lineage, is_current=True).text
        == "The peer worker's version"
    )


def test_keeping_mine_after_a_conflict_saves_a_new_version(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    voices: dict[str, Participant],
    entry_data: Any,
    users: dict[str, User],
) -> None:
    first = services.add_contribution(
        actor=users["clinician"],
        assessment=assessment,
        section="account",
        voice=voices["person"],
        text="First words",
    )
    theirs = services.revise_contribution(
        actor=users["peer"], base=first, text="Theirs"
    )
    response = signed_in("clinician").post(
        section_url(assessment),
        entry_data(voices["person"], text="Mine", base=theirs.pk),
    )
    assert response.status_code == 302
    texts = list(
        Contribution.objects.filter(lineage=first.lineage)
        .order_by("version_number")
        .values_list("text", flat=True)
    )
    assert texts == ["First words", "Theirs", "Mine"]


def test_a_disagreement_is_recorded_beside_the_entry(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    voices: dict[str, Participant],
    users: dict[str, User],
) -> None:
    entry = services.add_contribution(
        actor=users["clinician"],
        assessment=assessment,
        section="history.recent",
        voice=voices["carer"],
        text="She stopped going to work in May.",
    )
    c = signed_in("clinician")
    url = reverse(
        "assessments:dispute_contribution",
        kwargs={"assessment_id": assessment.pk, "contribution_id": entry.pk},
    )
    assert "Write what they say instead" in unescape(
        c.post(url, {"disputer": voices["person"].pk, "account": ""}).content.decode()
    )
    c.post(
        url,
        {
            "disputer": voices["person"].pk,
            "account": "I was on sick leave, agreed with work.",
        },
    )
    assert Dispute.objects.get().disputer == voices["person"]
    html = unescape(
        c.get(
            reverse(
                "assessments:show_assessment", kwargs={"assessment_id": assessment.pk}
            )
        ).content.decode()
    )
    assert "Sam Reid disagrees" in html
    assert "I was on sick leave, agreed with work." in html


def test_the_person_preferences_head_every_assessment_page(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    html = unescape(
        signed_in("peer").get(section_url(assessment, "risk")).content.decode()
    )
    assert "Sam Reid" in html and "(she/her)" in html
    assert "Who they want with them: My mum, Maggie" in html


def test_the_risk_section_has_no_score(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    html = (
        signed_in("clinician")
        .get(section_url(assessment, "risk"))
        .content.decode()
        .lower()
    )
    # Whole words in the page's text (tokens and ids can hold any letters).
    text = re.sub(r"<[^>]+>", " ", html)
    for phrase in (
        "risk score",
        "risk level",
        "low risk",
        "medium risk",
        "high risk",
        "rag rating",
        "red, amber",
        "traffic light",
    ):
        assert not re.search(rf"\b{phrase}\b", text), phrase
    assert "there is no score or rating here" in text
    # And no form field could hold one.
    assert not re.search(r'name="[^"]*(score|rating|level)[^"]*"', html)


def test_reading_the_assessment_takes_the_same_queries_however_long_it_is(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    voices: dict[str, Participant],
    users: dict[str, User],
) -> None:
    c = signed_in("clinician")
    url = reverse(
        "assessments:show_assessment", kwargs={"assessment_id": assessment.pk}
    )

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert c.get(url).status_code == 200
        return len(queries)

    def grow(n: int) -> None:
        for i in range(n):
            entry = services.add_contribution(
                actor=users["clinician"],
                assessment=assessment,
                section="mse.mood",
                voice=list(voices.values())[i % 3],
                text=f"Entry {i}",
            )
            services.dispute_entry(
                actor=users["clinician"],
                entry=entry,
                disputer=voices["person"],
                account="Not quite",
            )
            services.revise_contribution(
                actor=users["clinician"], base=entry, text=f"Entry {i}b"
            )
        services.add_concern(
            actor=users["clinician"],
            assessment=assessment,
            text=f"Concern {n}",
            raised_by=voices["person"],
            agreed_by=[voices["person"]],
        )

    count()  # the first request of a session also writes the session; measure after it
    grow(2)
    small = count()
    grow(20)
    assert count() == small


def test_a_person_from_another_team_needs_break_glass(
    signed_in: Callable[[str], Any], assessment: Assessment
) -> None:
    response = signed_in("outsider").get(
        reverse("assessments:show_assessment", kwargs={"assessment_id": assessment.pk})
    )
    assert response.status_code == 302 and "/break-glass/" in response["Location"]


def test_their_copy_leaves_out_withheld_entries_and_shows_staff_its_reading_age(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    voices: dict[str, Participant],
    users: dict[str, User],
) -> None:
    clinician = users["clinician"]
    services.add_contribution(
        actor=clinician,
        assessment=assessment,
        section="account",
        voice=voices["person"],
        text="I want to go home to my dog.",
        own_words=True,
    )
    services.add_contribution(
        actor=clinician,
        assessment=assessment,
        section="strengths.what_helps",
        voice=voices["person"],
        text="Running by the river.",
        own_words=True,
    )
    services.add_contribution(
        actor=clinician,
        assessment=assessment,
        section="history.recent",
        voice=voices["carer"],
        text="Her brother's court case is next week.",
        withheld_reason="third_party",
    )
    html = unescape(
        signed_in("clinician")
        .get(reverse("plans:person_copy", kwargs={"assessment_id": assessment.pk}))
        .content.decode()
    )
    assert "You said: “I want to go home to my dog.”" in html
    assert "Running by the river." in html
    assert "court case" not in html
    assert "Reading age about" in html
    assert "Maggie Reid: your mum." in html
