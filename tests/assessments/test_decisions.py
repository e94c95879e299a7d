"""Decisions in an assessment, through the pages: every rule of the dissensus engine
as a clinician meets it, plus what the host adds (only this assessment's voices,
nothing once signed, capacity records from this assessment, the access log)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from html import unescape
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coassess.accesslog.models import AccessEvent
from coassess.accounts.models import User
from coassess.assessments import services
from coassess.assessments.hosts import AssessmentHost
from coassess.assessments.models import (
    Assessment,
    CapacityAssessment,
    Expertise,
    Participant,
    ParticipantKind,
    Status,
)
from coassess.core.exceptions import DomainError
from coassess.decisions import services as decisions
from coassess.decisions.models import Decision, Option, Outcome, Position
from coassess.decisions.rules import OutcomeDraft, Reply
from coassess.referrals.services import record_referral

QUESTION = "Where will you be supported tonight?"
HOME = "Go home with Mum staying over"
WARD = "Stay on the crisis ward tonight"
SAM_WARD = "The ward is loud and I can't sleep there. I want Biscuit."
SAM_HOME = "Being at home with Biscuit helps me sleep."


def url(name: str, assessment: Assessment, **kwargs: Any) -> str:
    return reverse(
        f"assessments:{name}", kwargs={"assessment_id": assessment.pk, **kwargs}
    )


def decision_url(name: str, assessment: Assessment, decision: Decision) -> str:
    return url(name, assessment, decision_id=decision.pk)


def page_text(response: Any) -> str:
    """What a reader sees: the HTML without tags, entities decoded, spaces made single."""
    html = response.content.decode()
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def decision(clinician: User, assessment: Assessment) -> Decision:
    return decisions.add_decision(
        actor=clinician, host=AssessmentHost(assessment), question=QUESTION
    )


@pytest.fixture
def options(
    clinician: User,
    assessment: Assessment,
    decision: Decision,
    voices: dict[str, Participant],
) -> dict[str, Option]:
    home = decisions.add_option(
        actor=clinician,
        host=AssessmentHost(assessment),
        decision=decision,
        text=HOME,
        proposer=voices["person"].pk,
    )
    ward = decisions.add_option(
        actor=clinician,
        host=AssessmentHost(assessment),
        decision=decision,
        text=WARD,
        proposer=voices["carer"].pk,
    )
    return {"home": home, "ward": ward}


def positions(voice: Participant, **answers: tuple[Option, str, str]) -> dict[str, Any]:
    """Form data: positions("sam", home=(option, "agree", "why"), ...)."""
    data: dict[str, Any] = {"voice": voice.pk}
    for option, stance, why in answers.values():
        data[f"stance_{option.pk}"] = stance
        data[f"matters_{option.pk}"] = why
    return data


def give(
    clinician: User,
    assessment: Assessment,
    voice: Participant,
    option: Option,
    stance: str,
    why: str = "",
) -> Position:
    return decisions.give_position(
        actor=clinician,
        host=AssessmentHost(assessment),
        option=option,
        voice=voice.pk,
        stance=stance,
        what_matters=why,
    )


def review_boxes(when: dt.datetime | None = None) -> dict[str, Any]:
    """The review's date and time boxes, filled in (tomorrow at 09:00 by default)."""
    day = when or timezone.localtime() + dt.timedelta(days=1)
    return {
        "review_day": day.day,
        "review_month": day.month,
        "review_year": day.year,
        "review_time": "09:00",
    }


def outcome_data(chosen: Option, **overrides: Any) -> dict[str, Any]:
    return {
        "based_on": "",
        "chosen": chosen.pk,
        "deciding_rule": "balanced",
        "rationale": "Sam has support at the ward tonight and home tomorrow.",
        "values_weighed": "Sam's wish for her own bed; Maggie's fear for her safety.",
        "remaining_disagreements": "Sam still wants to go home tonight.",
        "why_person_not_followed": "",
        "capacity_record": "",
        **overrides,
    }


def answer(voice: Participant, why: str, how: str) -> dict[str, str]:
    """Form data: the outcome's answer to one dissenting voice."""
    return {f"why_{voice.pk}": why, f"how_{voice.pk}": how}


# --- Adding questions and options ------------------------------------------------------


def test_it_adds_a_question_and_options_credited_to_who_suggested_them(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    c = signed_in("clinician")
    response = c.post(url("add_decision", assessment), {"question": QUESTION})
    decision = Decision.objects.get()
    assert response.status_code == 302
    assert decision.hide_until_given  # the person speaks first
    assert (decision.context_type, decision.context_id) == ("assessment", assessment.pk)

    response = c.post(
        decision_url("add_option", assessment, decision),
        {"text": HOME, "proposer": voices["person"].pk},
    )
    assert response.status_code == 302
    text = page_text(c.get(decision_url("show_decision", assessment, decision)))
    assert f"Option 1: {HOME}" in text
    assert "Suggested by Sam Reid (lived experience)" in text
    logged = set(
        AccessEvent.objects.filter(person=assessment.person).values_list(
            "what", flat=True
        )
    )
    assert {"decision", "decision option"} <= logged


def test_a_question_is_needed_and_typed_text_is_kept(
    signed_in: Callable[[str], Any], assessment: Assessment
) -> None:
    response = signed_in("clinician").post(
        url("add_decision", assessment), {"question": " "}
    )
    assert response.status_code == 400
    assert "Write the question, in plain words." in page_text(response)
    assert not Decision.objects.exists()


def test_the_decisions_link_is_in_the_assessments_contents(
    signed_in: Callable[[str], Any], assessment: Assessment
) -> None:
    html = (
        signed_in("clinician").get(url("show_assessment", assessment)).content.decode()
    )
    nav = html[html.index('aria-label="Parts of the assessment"') :]
    decisions_at = nav.index(url("decision_list", assessment))
    assert nav.index("Formulation: a shared understanding") < decisions_at
    assert decisions_at < nav.index(
        reverse("plans:person_copy", kwargs={"assessment_id": assessment.pk})
    )


# --- Positions ---------------------------------------------------------------------------


def test_a_reason_is_required_beside_the_option_and_everything_typed_is_kept(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    decision: Decision,
    options: dict[str, Option],
    voices: dict[str, Participant],
) -> None:
    response = signed_in("clinician").post(
        decision_url("give_positions", assessment, decision),
        positions(
            voices["person"],
            home=(options["home"], "agree", SAM_HOME),
            ward=(options["ward"], "disagree", ""),
        ),
    )
    html = unescape(response.content.decode())
    message = "Say what matters to Sam Reid here: a reason is needed when disagreeing."
    assert response.status_code == 400
    assert message in html
    # Beside the ward option, not the home one.
    assert html.index(f'id="position-{options["ward"].pk}"') < html.rindex(
        message
    ) and html.index(f'id="position-{options["home"].pk}"') < html.index(
        f'id="position-{options["ward"].pk}"'
    )
    assert SAM_HOME in html
    assert re.search(r'value="disagree"\s+checked|checked[^>]*value="disagree"', html)
    # All or nothing: the agreed position was not saved either.
    assert not Position.objects.exists()


def test_what_matters_without_a_position_is_questioned(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    decision: Decision,
    options: dict[str, Option],
    voices: dict[str, Participant],
) -> None:
    response = signed_in("clinician").post(
        decision_url("give_positions", assessment, decision),
        positions(voices["person"], home=(options["home"], "", SAM_HOME)),
    )
    assert response.status_code == 400
    text = page_text(response)
    assert "Choose a position on this option, or clear what you wrote." in text
    assert SAM_HOME in text


def test_positions_stay_hidden_until_the_viewer_has_given_their_own(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    decision: Decision,
    options: dict[str, Option],
    voices: dict[str, Participant],
) -> None:
    c = signed_in("clinician")
    response = c.post(
        decision_url("give_positions", assessment, decision),
        positions(
            voices["person"],
            home=(options["home"], "agree", SAM_HOME),
            ward=(options["ward"], "object", SAM_WARD),
        ),
    )
    assert response.status_code == 302
    page = decision_url("show_decision", assessment, decision)

    # The clinician has not given theirs: Sam's are hidden, in the grid and the history.
    text = page_text(c.get(page))
    assert "Hidden until you give your position" in text
    assert SAM_WARD not in text and "✗! Object" not in text

    # Once they have, they see everyone's, as marks with words.
    c.post(
        decision_url("give_positions", assessment, decision),
        positions(
            voices["clinician"],
            home=(options["home"], "reservations", "Who is with her at 3am?"),
            ward=(options["ward"], "agree", ""),
        ),
    )
    text = page_text(c.get(page))
    assert "Hidden until you give your position" not in text
    assert "✗! Object" in text and SAM_WARD in text
    assert "✓ Agree" in text and "✓? Agree with reservations" in text

    # Seen as Maggie, who has given nothing yet, they are hidden again.
    text = page_text(c.get(page, {"as": voices["carer"].pk}))
    assert "Hidden until you give your position" in text
    assert SAM_WARD not in text


def test_the_grid_is_a_table_with_a_caption_and_headers(
    signed_in: Callable[[str], Any],
    clinician: User,
    assessment: Assessment,
    decision: Decision,
    options: dict[str, Option],
    voices: dict[str, Participant],
) -> None:
    give(clinician, assessment, voices["clinician"], options["home"], "unsure")
    give(clinician, assessment, voices["clinician"], options["ward"], "agree")
    html = (
        signed_in("clinician")
        .get(decision_url("show_decision", assessment, decision))
        .content.decode()
    )
    table = html[html.index("<table") : html.index("</table>")]
    assert "<caption" in table and "Everyone’s positions" in table
    assert table.count('scope="col"') == 3  # who, and each option
    assert table.count('scope="row"') == 3  # Sam, Amara (clinician), Maggie
    assert "nhsuk-table--responsive" in table  # stacks on narrow screens


def test_a_change_of_mind_is_kept_in_the_history(
    signed_in: Callable[[str], Any],
    clinician: User,
    assessment: Assessment,
    decision: Decision,
    options: dict[str, Option],
    voices: dict[str, Participant],
) -> None:
    for voice in ("clinician", "person"):
        give(clinician, assessment, voices[voice], options["home"], "unsure")
        give(clinician, assessment, voices[voice], options["ward"], "agree")
    c = signed_in("clinician")
    c.post(
        decision_url("give_positions", assessment, decision),
        positions(voices["person"], ward=(options["ward"], "disagree", SAM_WARD)),
    )
    assert Position.objects.filter(voice_key=voices["person"].pk).count() == 3
    text = page_text(c.get(decision_url("show_decision", assessment, decision)))
    assert f"Sam Reid changed their position to ✗ Disagree on “{WARD}”" in text


def test_giving_the_same_position_again_records_nothing_new(
    signed_in: Callable[[str], Any],
    clinician: User,
    assessment: Assessment,
    decision: Decision,
    options: dict[str, Option],
    voices: dict[str, Participant],
) -> None:
    give(clinician, assessment, voices["person"], options["home"], "agree", SAM_HOME)
    c = signed_in("clinician")
    form = c.get(
        decision_url("give_positions", assessment, decision),
        {"voice": voices["person"].pk},
    ).content.decode()
    assert SAM_HOME in unescape(form)  # their last position, to change
    c.post(
        decision_url("give_positions", assessment, decision),
        positions(voices["person"], home=(options["home"], "agree", SAM_HOME)),
    )
    assert Position.objects.count() == 1


def test_rewording_an_option_asks_everyone_again(
    signed_in: Callable[[str], Any],
    clinician: User,
    assessment: Assessment,
    decision: Decision,
    options: dict[str, Option],
    voices: dict[str, Participant],
) -> None:
    for voice in ("clinician", "person"):
        give(clinician, assessment, voices[voice], options["home"], "agree", "Fine")
        give(clinician, assessment, voices[voice], options["ward"], "agree", "Fine")
    c = signed_in("clinician")
    edit = url(
        "update_option",
        assessment,
        decision_id=decision.pk,
        option_id=options["ward"].pk,
    )
    response = c.post(
        edit, {"based_on_wording": 1, "text": "The crisis house, not the ward"}
    )
    assert response.status_code == 302

    text = page_text(c.get(decision_url("show_decision", assessment, decision)))
    assert "reworded — people were asked again" in text
    assert "Given to an earlier wording: asked again" in text
    assert f"Earlier wording: “{WARD}”" in text

    # Someone still looking at the first wording is told, and their words kept.
    response = c.post(edit, {"based_on_wording": 1, "text": "Stay with Priti"})
    assert response.status_code == 409
    text = page_text(response)
    assert "Someone else reworded this first" in text
    assert "The crisis house, not the ward" in text and "Stay with Priti" in text


def test_positions_from_someone_not_in_this_assessment_are_refused(
    signed_in: Callable[[str], Any],
    clinician: User,
    assessment: Assessment,
    decision: Decision,
    options: dict[str, Option],
) -> None:
    other = services.start_assessment(
        actor=clinician,
        referral=record_referral(
            actor=clinician,
            person=assessment.person,
            data={
                "source": "ward",
                "referrer_name": "Ward 7",
                "reason": "Low",
                "urgency": "urgent",
            },
        ),
    )
    stranger = Participant.objects.get(assessment=other, kind="person")
    c = signed_in("clinician")
    response = c.post(
        decision_url("give_positions", assessment, decision),
        positions(stranger, home=(options["home"], "agree", "")),
    )
    assert response.status_code == 400
    assert "Choose someone who is taking part in this assessment." in page_text(
        response
    )
    response = c.post(
        decision_url("add_option", assessment, decision),
        {"text": "Somewhere else", "proposer": stranger.pk},
    )
    assert response.status_code == 400
    assert not Position.objects.exists() and Option.objects.count() == 2
    # The services say no too, whatever calls them.
    with pytest.raises(DomainError, match="taking part in this assessment"):
        give(clinician, assessment, stranger, options["home"], "agree")


def test_a_decision_from_another_assessment_is_not_found(
    signed_in: Callable[[str], Any],
    clinician: User,
    assessment: Assessment,
    decision: Decision,
) -> None:
    other = services.start_assessment(
        actor=clinician,
        referral=record_referral(
            actor=clinician,
            person=assessment.person,
            data={
                "source": "ward",
                "referrer_name": "Ward 7",
                "reason": "Low",
                "urgency": "urgent",
            },
        ),
    )
    response = signed_in("clinician").get(
        decision_url("show_decision", other, decision)
    )
    assert response.status_code == 404


# --- Outcomes ----------------------------------------------------------------------------


@pytest.fixture
def sam_objects_to_the_ward(
    clinician: User,
    assessment: Assessment,
    options: dict[str, Option],
    voices: dict[str, Participant],
) -> None:
    give(clinician, assessment, voices["person"], options["home"], "agree", SAM_HOME)
    give(clinician, assessment, voices["person"], options["ward"], "object", SAM_WARD)
    give(clinician, assessment, voices["carer"], options["ward"], "agree")
    give(clinician, assessment, voices["clinician"], options["ward"], "agree")


@pytest.mark.usefixtures("sam_objects_to_the_ward")
def test_an_outcome_overriding_the_person_must_say_why(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    decision: Decision,
    options: dict[str, Option],
    voices: dict[str, Participant],
) -> None:
    c = signed_in("clinician")
    page = decision_url("record_outcome", assessment, decision)
    form = page_text(c.get(page))
    assert "Why Sam Reid’s view did not prevail" in form
    assert "Needed if the option decided is one Sam Reid objects to (option 2)." in form
    response = c.post(page, outcome_data(options["ward"], **review_boxes()))
    assert response.status_code == 400
    text = page_text(response)
    assert "Write why Sam Reid’s view did not prevail." in text
    assert "Write how Sam Reid’s view is respected." in text
    assert "Sam has support at the ward tonight and home tomorrow." in text
    assert not Outcome.objects.exists()

    response = c.post(
        page,
        outcome_data(
            options["ward"],
            **review_boxes(),
            **answer(
                voices["person"],
                "She took an overdose today and is alone at night.",
                "Review first thing tomorrow, and Biscuit can visit.",
            ),
        ),
    )
    assert response.status_code == 302
    outcome = Outcome.objects.get()
    assert outcome.person_not_followed and outcome.chosen == options["ward"]
    assert outcome.dissent_answers.get().how_respected == (
        "Review first thing tomorrow, and Biscuit can visit."
    )
    assert AccessEvent.objects.filter(
        what="decision outcome", object_id=str(outcome.pk)
    )


@pytest.mark.usefixtures("sam_objects_to_the_ward")
def test_every_dissenter_is_answered_with_words_and_a_review_is_set(
    signed_in: Callable[[str], Any],
    clinician: User,
    assessment: Assessment,
    decision: Decision,
    options: dict[str, Option],
    voices: dict[str, Participant],
) -> None:
    """The partner objects to going home; the outcome chose home with "x" and
    "y" and no review. Every box is refused beside itself, and nothing typed is lost."""
    give(clinician, assessment, voices["carer"], options["home"], "object", "Not safe")
    c = signed_in("clinician")
    page = decision_url("record_outcome", assessment, decision)
    typed = outcome_data(
        options["home"],
        rationale="x",
        values_weighed="y",
        remaining_disagreements="",
        **answer(voices["carer"], ".", "\u200b\u200b"),
    )
    response = c.post(page, typed)
    assert response.status_code == 400
    text = page_text(response)
    for what in (
        "why this option was chosen",
        "the values that were weighed",
        "why Maggie Reid’s view did not prevail",
        "how Maggie Reid’s view is respected",
    ):
        assert f"Write {what} in words: at least two words" in text, what
    assert (
        "Set a date to look at this decision again: Maggie Reid still disagrees."
        in text
    )
    assert not Outcome.objects.exists()

    response = c.post(
        page,
        {
            **typed,
            "rationale": "Sam sleeps best at home, with Maggie there.",
            "values_weighed": "Sam's own bed; Maggie's fear for her safety.",
            **answer(
                voices["carer"],
                "Sam has a plan for tonight and Maggie will be there.",
                "Maggie stays over; the team rings at 10:00.",
            ),
            **review_boxes(),
        },
    )
    assert response.status_code == 302
    outcome = Outcome.objects.get()
    assert not outcome.person_not_followed and outcome.review_at is not None
    text = page_text(c.get(decision_url("show_decision", assessment, decision)))
    held = text[text.index("Who has reservations about or disagrees") :]
    assert (
        "Why their view did not prevail: Sam has a plan for tonight and Maggie "
        "will be there." in held
    )
    assert (
        "How their view is respected: Maggie stays over; the team rings at 10:00."
        in held
    )


def test_the_recorder_sees_every_position_though_they_have_given_only_one(
    signed_in: Callable[[str], Any],
    clinician: User,
    assessment: Assessment,
    decision: Decision,
    options: dict[str, Option],
    voices: dict[str, Participant],
) -> None:
    give(clinician, assessment, voices["person"], options["ward"], "object", SAM_WARD)
    give(clinician, assessment, voices["carer"], options["home"], "agree")
    give(clinician, assessment, voices["clinician"], options["home"], "agree")
    c = signed_in("clinician")  # the scribe: a position on one option only
    shown = page_text(c.get(decision_url("show_decision", assessment, decision)))
    assert "Hidden until you give your position" in shown  # while positions are given
    recording = page_text(c.get(decision_url("record_outcome", assessment, decision)))
    assert "Hidden until you give your position" not in recording
    assert SAM_WARD in recording
    assert "You see everyone’s positions here, because you are recording" in recording


@pytest.mark.usefixtures("sam_objects_to_the_ward")
def test_an_outcome_recorded_meanwhile_is_a_conflict_showing_both(
    signed_in: Callable[[str], Any],
    users: dict[str, User],
    assessment: Assessment,
    decision: Decision,
    options: dict[str, Option],
    voices: dict[str, Participant],
) -> None:
    theirs = decisions.record_outcome(
        actor=users["peer"],
        host=AssessmentHost(assessment),
        decision=decision,
        draft=OutcomeDraft(
            chosen=options["home"],
            deciding_rule="persons_choice",
            rationale="Sam's choice: home, with Mum staying over.",
            values_weighed="Sam's own bed and Biscuit.",
            based_on=None,
        ),
    )
    c = signed_in("clinician")
    page = decision_url("record_outcome", assessment, decision)
    mine = outcome_data(
        options["ward"],
        **review_boxes(),
        **answer(
            voices["person"], "Safety tonight, after the overdose", "A review at nine"
        ),
    )
    response = c.post(page, mine)  # opened before theirs was saved: based on none
    assert response.status_code == 409
    text = page_text(response)
    assert "Someone else recorded an outcome first" in text
    assert "What Peer Tester recorded" in text and "What you were recording" in text
    assert "Sam's choice: home, with Mum staying over." in text
    assert mine["rationale"] in text
    assert f'name="based_on" value="{theirs.pk}"' in response.content.decode()
    assert Outcome.objects.get(is_current=True) == theirs

    # Recording it again, having seen theirs, replaces it; theirs stays in the history.
    response = c.post(page, {**mine, "based_on": theirs.pk})
    assert response.status_code == 302
    assert Outcome.objects.get(is_current=True).supersedes == theirs


def test_the_review_must_be_in_the_future(
    signed_in: Callable[[str], Any],
    clinician: User,
    assessment: Assessment,
    decision: Decision,
    options: dict[str, Option],
    voices: dict[str, Participant],
) -> None:
    give(clinician, assessment, voices["person"], options["home"], "agree")
    c = signed_in("clinician")
    page = decision_url("record_outcome", assessment, decision)
    past = timezone.localtime() - dt.timedelta(days=1)
    when = {
        "review_day": past.day,
        "review_month": past.month,
        "review_year": past.year,
        "review_time": "09:00",
    }
    response = c.post(page, outcome_data(options["home"], **when))
    assert response.status_code == 400
    assert "The review must be in the future." in page_text(response)

    soon = timezone.localtime() + dt.timedelta(days=1)
    when = {**when, "review_day": soon.day, "review_month": soon.month}
    when["review_year"] = soon.year
    response = c.post(page, outcome_data(options["home"], **when))
    assert response.status_code == 302
    review_at = Outcome.objects.get().review_at
    assert review_at is not None
    assert timezone.localtime(review_at).date() == soon.date()


def capacity(
    clinician: User, assessment: Assessment, outcome: str
) -> CapacityAssessment:
    able = "not_able" if outcome == "lacks" else "able"
    return services.record_capacity(
        actor=clinician,
        assessment=assessment,
        data={
            "decision": "Going home tonight",
            "assessed_at": timezone.now() - dt.timedelta(minutes=5),
            "understand": "able",
            "understand_evidence": "Told it back",
            "retain": "able",
            "retain_evidence": "Remembered it later",
            "use_or_weigh": able,
            "use_or_weigh_evidence": "Weighed it",
            "communicate": "able",
            "communicate_evidence": "Said so",
            "support_given": "A quiet room",
            "outcome": outcome,
            "causal_link": "Intoxication" if outcome == "lacks" else "",
            "wishes_and_feelings": "Home" if outcome == "lacks" else "",
            "beliefs_and_values": "Independence" if outcome == "lacks" else "",
            "who_was_consulted": "Maggie" if outcome == "lacks" else "",
            "best_interests_decision": "Ward" if outcome == "lacks" else "",
        },
    )


@pytest.mark.usefixtures("sam_objects_to_the_ward")
def test_a_best_interests_outcome_rests_on_a_capacity_record_of_this_assessment(
    signed_in: Callable[[str], Any],
    clinician: User,
    assessment: Assessment,
    decision: Decision,
    options: dict[str, Option],
    voices: dict[str, Participant],
) -> None:
    has = capacity(clinician, assessment, "has")
    c = signed_in("clinician")
    page = decision_url("record_outcome", assessment, decision)
    data = outcome_data(
        options["ward"],
        deciding_rule="best_interests",
        why_person_not_followed="She lacked capacity for this tonight.",
        **review_boxes(),
        **answer(
            voices["person"], "She lacked capacity for this tonight", "A review at nine"
        ),
    )
    response = c.post(page, data)
    assert "Choose the capacity assessment this rests on." in page_text(response)
    response = c.post(page, {**data, "capacity_record": has.pk})
    assert "found they have capacity for that decision" in page_text(response)
    lacks = capacity(clinician, assessment, "lacks")
    response = c.post(page, {**data, "capacity_record": lacks.pk})
    assert response.status_code == 302
    assert Outcome.objects.get().capacity_record == lacks.pk


# --- Dissent beside the outcome, everywhere it is shown ------------------------------------


@pytest.mark.usefixtures("sam_objects_to_the_ward")
def test_dissent_is_shown_beside_the_outcome_on_every_page(
    signed_in: Callable[[str], Any],
    clinician: User,
    assessment: Assessment,
    decision: Decision,
    options: dict[str, Option],
    voices: dict[str, Participant],
) -> None:
    decisions.record_outcome(
        actor=clinician,
        host=AssessmentHost(assessment),
        decision=decision,
        draft=OutcomeDraft(
            chosen=options["ward"],
            deciding_rule="balanced",
            rationale="Safer tonight; home tomorrow.",
            values_weighed="Sam's own bed; everyone's worry about tonight.",
            based_on=None,
            remaining_disagreements="Sam wants to go home tonight.",
            review_at=timezone.now() + dt.timedelta(hours=12),
            replies={
                voices["person"].pk: Reply(
                    "She took an overdose today.",
                    "Review at 9am, and Biscuit can visit.",
                )
            },
        ),
    )
    c = signed_in("clinician")
    for name in ("show_assessment", "print_assessment"):
        text = page_text(c.get(url(name, assessment)))
        outcome_at = text.index(f"What was decided {WARD}")
        dissent_at = text.index(
            "Who has reservations about or disagrees with this decision", outcome_at
        )
        assert text.index("Sam Reid (lived experience) ✗! Object", dissent_at)
        assert SAM_WARD in text[dissent_at:]
        assert "Review at 9am, and Biscuit can visit." in text

    # The decision page: the outcome reveals everyone's positions beside it.
    text = page_text(c.get(decision_url("show_decision", assessment, decision)))
    assert "Hidden until you give your position" not in text
    assert (
        SAM_WARD
        in text[
            text.index("Who has reservations about or disagrees with this decision") :
        ]
    )

    # The person's copy says what was decided, where she disagreed, and how that is
    # respected.
    text = page_text(
        c.get(reverse("plans:person_copy", kwargs={"assessment_id": assessment.pk}))
    )
    decided = text[text.index("What was decided") :]
    assert f"We decided: {WARD}." in decided
    assert f"You objected to this: “{SAM_WARD}”" in decided
    assert "Why your view did not decide it: She took an overdose today." in decided
    assert "How your view is respected: Review at 9am, and Biscuit can visit." in (
        decided
    )


# --- A signed assessment -------------------------------------------------------------------


@pytest.mark.usefixtures("sam_objects_to_the_ward")
def test_a_signed_assessment_refuses_every_change_to_its_decisions(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    decision: Decision,
    options: dict[str, Option],
    voices: dict[str, Participant],
) -> None:
    # Signing belongs to the plan; here only its result matters.
    Assessment.objects.filter(pk=assessment.pk).update(status=Status.SIGNED)
    c = signed_in("clinician")
    signed = "This assessment has been signed. Add an addendum instead."
    attempts = [
        (url("add_decision", assessment), {"question": "Anything else?"}),
        (
            decision_url("add_option", assessment, decision),
            {"text": "Priti's flat", "proposer": voices["person"].pk},
        ),
        (
            url(
                "update_option",
                assessment,
                decision_id=decision.pk,
                option_id=options["home"].pk,
            ),
            {"based_on_wording": 1, "text": "Home"},
        ),
        (
            decision_url("give_positions", assessment, decision),
            positions(voices["carer"], home=(options["home"], "agree", "")),
        ),
        (
            decision_url("record_outcome", assessment, decision),
            outcome_data(options["home"]),
        ),
    ]
    for address, data in attempts:
        response = c.post(address, data)
        assert response.status_code == 400, address
        assert signed in page_text(response), address
    assert Decision.objects.count() == 1 and Option.objects.count() == 2
    assert Position.objects.count() == 4 and not Outcome.objects.exists()


# --- Queries do not grow with the number of decisions ---------------------------------------


def _meeting(clinician: User, assessment: Assessment) -> list[Participant]:
    """Six people taking part: the person, the clinician and four others."""
    for name, expertise in [
        ("Maggie Reid", Expertise.CARER),
        ("Priti Shah", Expertise.CARER),
        ("Jo Peer", Expertise.PEER),
        ("Ana Costa", Expertise.INTERPRETER),
    ]:
        services.add_participant(
            actor=clinician,
            assessment=assessment,
            kind=ParticipantKind.OTHER,
            expertise=expertise,
            name=name,
        )
    return list(Participant.objects.filter(assessment=assessment))


def _decide(
    clinician: User, assessment: Assessment, people: list[Participant], n: int
) -> None:
    decision = decisions.add_decision(
        actor=clinician, host=AssessmentHost(assessment), question=f"Question {n}?"
    )
    options = [
        decisions.add_option(
            actor=clinician,
            host=AssessmentHost(assessment),
            decision=decision,
            text=f"Option {i}",
            proposer=people[i].pk,
        )
        for i in range(4)
    ]
    for p in people:
        for option in options:
            stance = "object" if p.kind == "person" else "agree"
            give(clinician, assessment, p, option, stance, "It matters")
    decisions.record_outcome(
        actor=clinician,
        host=AssessmentHost(assessment),
        decision=decision,
        draft=OutcomeDraft(
            chosen=options[0],
            deciding_rule="lawful_duty",
            rationale="Because it is safer",
            values_weighed="Safety and choice",
            based_on=None,
            why_person_not_followed="A legal duty",
            review_at=timezone.now() + dt.timedelta(days=1),
            replies={people[0].pk: Reply("A legal duty tonight", "An early review")},
        ),
    )


def _queries(client: Any, address: str) -> int:
    """Queries to build the page, which is read from the database every time."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_the_decisions_pages_use_the_same_queries_for_five_decisions_as_for_one(
    signed_in: Callable[[str], Any], clinician: User, assessment: Assessment
) -> None:
    people = _meeting(clinician, assessment)
    assert len(people) == 6
    _decide(clinician, assessment, people, 1)
    c = signed_in("clinician")
    pages = [url("decision_list", assessment), url("show_assessment", assessment)]
    c.get(pages[0])  # the first request writes the session
    one = [_queries(c, page) for page in pages]
    for n in range(2, 6):
        _decide(clinician, assessment, people, n)
    five = [_queries(c, page) for page in pages]
    assert five == one
    assert page_text(c.get(pages[0])).count("Decided") == 5
