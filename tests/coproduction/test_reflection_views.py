"""The reflection pages: a private reflection on an assessment, the team's
counted reflections, and the questions and ladders the co-production group
rewords. Bad answers come back with a message and nothing lost; no page or
URL shows one person's answers."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from collections.abc import Callable
from typing import Any

import time_machine
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from coassess.accounts.models import Team, User
from coassess.assessments.models import Assessment
from coassess.coproduction import services
from coassess.coproduction.instruments import ARNSTEIN, TLAP, VALUES, Kind
from coassess.coproduction.models import (
    InstrumentVersion,
    LadderChoice,
    Reflection,
    ValueRating,
    Voice,
)
from tests.coproduction.test_reflections import reflect
from tests.core.test_access_policy import ALL_PATTERNS
from tests.urlworld import project_kwargs


def reflect_url(assessment: Assessment) -> str:
    return reverse(
        "coproduction:reflect_on_assessment", kwargs={"assessment_id": assessment.pk}
    )


def form_data(team: Team, **fields: str) -> dict[str, str]:
    return {
        "token": str(uuid.uuid4()),
        "values_version": str(services.current_instrument(team, Kind.VALUES).pk),
        "ladder_version": str(services.current_instrument(team, Kind.TLAP).pk),
        "voice": Voice.STAFF,
        **fields,
    }


def test_the_page_asks_every_value_and_explains_every_rung(
    signed_in: Callable[[str], Any], assessment: Assessment
) -> None:
    response = signed_in("clinician").get(reflect_url(assessment))
    assert response.status_code == 200
    html = response.content.decode().replace("&#39;", "'")
    assert "<h1>Reflect on how it went</h1>" in html
    for value in VALUES:
        assert value["text"] in html
    for rung in TLAP:
        assert rung["name"] in html and rung["text"] in html
    assert "at least 4 other people" in html
    assert html.count('type="radio"') == 17 * 6 + len(TLAP) + 4
    contents = signed_in("clinician").get(
        reverse("assessments:show_assessment", kwargs={"assessment_id": assessment.pk})
    )
    assert reflect_url(assessment) in contents.content.decode()


def test_a_member_of_staff_reflects_and_sees_only_their_own_answers(
    signed_in: Callable[[str], Any], assessment: Assessment, clinician: User
) -> None:
    data = form_data(
        assessment.team,
        value_respect="4",
        comment_respect="We listened.",
        value_courage="dont_know",
        rung="co_designing",
    )
    response = signed_in("clinician").post(reflect_url(assessment), data)
    assert response.status_code == 302
    reflection = Reflection.objects.get()
    assert (reflection.voice, reflection.on_behalf, reflection.rung) == (
        Voice.STAFF,
        False,
        "co_designing",
    )
    assert sorted(ValueRating.objects.values_list("value_id", "rating", "comment")) == [
        ("courage", None, ""),
        ("respect", 4, "We listened."),
    ]
    mine = signed_in("clinician").get(reflect_url(assessment)).content.decode()
    assert "Your own answers" in mine and "We listened." in mine
    theirs = signed_in("peer").get(reflect_url(assessment)).content.decode()
    assert "Your own answers" not in theirs and "We listened." not in theirs


def test_answers_recorded_for_the_person_are_not_shown_even_to_the_writer(
    signed_in: Callable[[str], Any], assessment: Assessment
) -> None:
    data = form_data(
        assessment.team,
        voice=Voice.PERSON,
        asked="on",
        value_respect="1",
        comment_respect="Nobody asked me what I wanted.",
    )
    client = signed_in("clinician")
    response = client.post(reflect_url(assessment), data, follow=True)
    html = response.content.decode()
    assert "Nobody will see them on their own, not even you" in html
    assert "Nobody asked me what I wanted." not in html
    assert Reflection.objects.get().on_behalf


def test_answers_for_the_person_without_their_request_are_refused_and_kept(
    signed_in: Callable[[str], Any], assessment: Assessment
) -> None:
    data = form_data(
        assessment.team,
        voice=Voice.PERSON,
        value_respect="2",
        comment_respect="Rushed.",
    )
    response = signed_in("clinician").post(reflect_url(assessment), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Only record their answers if they asked you to." in html
    assert "Rushed." in html
    assert Reflection.objects.count() == 0


def test_an_answer_out_of_range_is_explained_and_the_rest_kept(
    signed_in: Callable[[str], Any], assessment: Assessment
) -> None:
    data = form_data(
        assessment.team,
        value_respect="9",
        value_honesty="5",
        comment_honesty="Straight talking.",
    )
    response = signed_in("clinician").post(reflect_url(assessment), data)
    assert response.status_code == 400
    html = response.content.decode().replace("&#39;", "'")
    assert (
        "Choose an answer from “Not at all” to “Completely”, or “Don't know”, for Respect."
        in html
    )
    assert "Straight talking." in html
    assert 'value="5" checked' in html
    assert Reflection.objects.count() == 0


def test_a_question_or_rung_not_in_the_version_is_explained(
    signed_in: Callable[[str], Any], assessment: Assessment
) -> None:
    client = signed_in("clinician")
    unknown_value = form_data(assessment.team, value_kindness="3", value_respect="4")
    html = client.post(reflect_url(assessment), unknown_value).content.decode()
    assert "“kindness” is not one of the questions in version 1" in html
    unknown_rung = form_data(assessment.team, rung="top_of_the_world")
    response = client.post(reflect_url(assessment), unknown_rung)
    assert response.status_code == 400
    assert "That step is not on the ladder" in response.content.decode()
    assert Reflection.objects.count() == 0


def test_the_same_reflection_sent_twice_is_saved_once(
    signed_in: Callable[[str], Any], assessment: Assessment
) -> None:
    data = form_data(
        assessment.team, voice=Voice.SUPPORTER, asked="on", value_respect="3"
    )
    client = signed_in("clinician")
    client.post(reflect_url(assessment), data)
    again = client.post(reflect_url(assessment), data, follow=True)
    assert "These answers were saved already" in again.content.decode()
    assert Reflection.objects.count() == 1


def summary_page(client: Any) -> str:
    response = client.get(reverse("coproduction:reflection_summary"))
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_team_summary_shows_lived_experience_only_from_five(
    signed_in: Callable[[str], Any], assessment: Assessment
) -> None:
    clinician = signed_in("clinician")
    for n in range(5):
        if n == 4:
            before = summary_page(signed_in("coproduction"))
            assert "Reflections from people with lived experience: 4" in before
            assert "said mostly or completely" not in before
            assert before.count("Not shown yet: fewer than 5 answers") == 17 * 2 + 7 * 2
        data = form_data(
            assessment.team,
            voice=Voice.PERSON if n % 2 else Voice.SUPPORTER,
            asked="on",
            value_respect=str(n + 1),
            comment_respect=f"Secret comment {n}",
            rung="co_producing",
        )
        assert clinician.post(reflect_url(assessment), data).status_code == 302
    after = summary_page(signed_in("coproduction"))
    assert "2 of 5 said mostly or completely" in after
    assert "Not at all: 1; A little: 1; Partly: 1; Mostly: 1; Completely: 1" in after
    assert "Secret comment" not in after


def test_no_page_reachable_by_url_shows_one_persons_answers(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    team: Team,
    users: dict[str, User],
) -> None:
    """Every co-production page, for every persona of the team, with one
    person's reflection saved: its comment and its rung never appear."""
    data = form_data(
        team,
        voice=Voice.PERSON,
        asked="on",
        value_respect="1",
        comment_respect="Only-mine-7c1",
        ladder_comment="Ladder-note-7c1",
        rung="coercing",
    )
    assert signed_in("clinician").post(reflect_url(assessment), data).status_code == 302
    reflection = Reflection.objects.get()
    kwargs = {
        "assessment_id": assessment.pk,
        "instrument": Kind.VALUES.value,
        "self_assessment_id": reflection.pk,  # a reflection's id opens nothing
        **project_kwargs(users),  # a co-production project and its pages
    }
    for persona in ("clinician", "peer", "lead", "coproduction"):
        client = signed_in(persona)
        for name, pattern in ALL_PATTERNS:
            if not name.startswith("coproduction:"):
                continue
            args = {k: kwargs[k] for k in pattern.pattern.converters}
            html = shown_text(client.get(reverse(name, kwargs=args)))
            assert "Only-mine-7c1" not in html and "Ladder-note-7c1" not in html


def shown_text(response: Any) -> str:
    """A page's HTML, the text of a PDF (a project's statement), or a
    streamed download (the research export's CSV)."""
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    if response.get("Content-Type") == "application/pdf":
        reader = PdfReader(io.BytesIO(response.content))
        return " ".join(page.extract_text() for page in reader.pages)
    text: str = response.content.decode()
    return text


def test_the_co_production_group_chooses_the_ladder(
    signed_in: Callable[[str], Any], assessment: Assessment, users: dict[str, User]
) -> None:
    group = signed_in("coproduction")
    page = group.get(reverse("coproduction:choose_ladder")).content.decode()
    for rung in ARNSTEIN + TLAP:
        assert rung["text"] in page.replace("&#39;", "'")
    refused = group.post(reverse("coproduction:choose_ladder"), {"ladder": "values"})
    assert refused.status_code == 400
    assert "Choose one of the two ladders." in refused.content.decode()
    response = group.post(reverse("coproduction:choose_ladder"), {"ladder": "arnstein"})
    assert response.status_code == 302
    assert LadderChoice.objects.get().chosen_by == users["coproduction"]
    html = signed_in("clinician").get(reflect_url(assessment)).content.decode()
    assert "Your team uses Arnstein" in html.replace("&#39;", "'")
    assert "Citizen control" in html and "Co-producing" not in html


def test_the_group_rewords_a_question_as_a_new_version(
    signed_in: Callable[[str], Any], assessment: Assessment, team: Team
) -> None:
    url = reverse("coproduction:revise_instrument", kwargs={"instrument": "values"})
    lead = signed_in("lead")
    page = lead.get(url).content.decode()
    assert "This is version 1. Saving makes version 2." in page
    texts = {f"text_{v['id']}": v["text"] for v in VALUES}
    empty = lead.post(
        url, {**texts, "text_respect": " ", "based_on": "1", "reason": "Clearer words"}
    )
    assert empty.status_code == 400
    assert "Write the words for “Respect”." in empty.content.decode()
    data = {**texts, "text_respect": "Were you treated with respect?", "based_on": "1"}
    response = lead.post(url, {**data, "reason": "Asked in the first person."})
    assert response.status_code == 302
    latest = InstrumentVersion.objects.filter(team=team, kind="values").order_by(
        "-number"
    )
    assert [v.number for v in latest] == [2, 1]
    assert latest[0].items[0]["text"] == "Were you treated with respect?"
    stale = signed_in("coproduction").post(url, {**data, "reason": "Mine too."})
    assert stale.status_code == 409
    assert "Someone else saved first" in stale.content.decode()
    html = signed_in("clinician").get(reflect_url(assessment)).content.decode()
    assert "Were you treated with respect?" in html


def test_an_unknown_instrument_is_not_found(signed_in: Callable[[str], Any]) -> None:
    url = reverse("coproduction:revise_instrument", kwargs={"instrument": "horoscope"})
    assert signed_in("lead").get(url).status_code == 404


def test_a_reflection_begun_before_the_ladder_changed_keeps_its_ladder(
    signed_in: Callable[[str], Any], assessment: Assessment, users: dict[str, User]
) -> None:
    data = form_data(assessment.team, rung="co_designing")  # TLAP, opened first
    services.choose_ladder(actor=users["lead"], team=assessment.team, ladder="arnstein")
    response = signed_in("clinician").post(reflect_url(assessment), data)
    assert response.status_code == 302
    reflection = Reflection.objects.get()
    assert (reflection.ladder_version.kind, reflection.rung) == ("tlap", "co_designing")


def test_the_summary_counts_the_period_chosen(
    signed_in: Callable[[str], Any], team: Team, users: dict[str, User]
) -> None:
    with time_machine.travel(timezone.now() - dt.timedelta(days=200), tick=False):
        for _ in range(5):
            reflect(users["clinician"], voice=Voice.PERSON)
    url = reverse("coproduction:reflection_summary")
    lead = signed_in("lead")
    default = lead.get(url).content.decode()
    assert "Reflections from people with lived experience: 5" in default
    assert '<option value="12" selected' in default
    recent = lead.get(url, {"period": "3"}).content.decode()
    assert "Reflections from people with lived experience: 0" in recent
    everything = lead.get(url, {"period": "all"}).content.decode()
    assert "5 of 5 said mostly or completely" in everything
    wrong = lead.get(url, {"period": "forever"})
    assert wrong.status_code == 200
    assert "Choose one of the periods." in wrong.content.decode()
