"""The rules of writing from one's own device: who may write what, in whose
name; what the database refuses; long and unusual words kept exactly; kind
messages for bad input; and a signed assessment that offers nothing it would
refuse."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from coassess.accesslog.models import AccessEvent
from coassess.accounts.models import User
from coassess.assessments import services
from coassess.assessments.models import Assessment, Contribution, Dispute, Participant
from coassess.assessments.services import OWN_NAME_ONLY
from coassess.core.exceptions import DomainError
from coassess.core.text import TEXT_LIMIT
from coassess.decisions import services as decisions
from coassess.decisions.models import Decision, Position
from coassess.people import codes
from coassess.people.authors import NOT_YOUR_RECORD
from coassess.people.code_services import issue_code
from coassess.people.models import AccessCode, Person
from coassess.people.sharing_services import set_sharing
from coassess.plans import services as plans
from coassess.plans.models import Action, Confirmation, ContingencyPlan, Plan
from coassess.portal.writing.writers import NOT_SHARED, PERSON_ONLY, SIGNED
from tests.assessments.test_signed_walk import signed  # noqa: F401
from tests.conftest import CheckedClient
from tests.portal.viewers import ask, person_code, text_of, url

Viewer = tuple[CheckedClient, AccessCode]

# 20,000 characters in many scripts, with emoji (some of several code points)
# and right-to-left words, and no white space at either end.
MIXED = "Hé said: مرحبا שלום 你好 こんにちは नमस्ते Привет 👩‍👩‍👧 🏳️‍🌈 ✊🏿 "
LONG = (MIXED * (TEXT_LIMIT // len(MIXED) + 1))[: TEXT_LIMIT - 1] + "."


def test_long_text_in_every_script_is_kept_exactly(
    as_person: Viewer,
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    assert len(LONG) == TEXT_LIMIT and LONG.strip() == LONG
    client, _ = as_person
    plan = plans.start_plan(actor=clinician, assessment=assessment)
    action = plans.add_action(
        actor=clinician,
        plan=plan,
        what="Rest at home",
        who="Sam",
        by_when="Tonight",
        proposer=voices["person"],
    )
    posts = [
        (
            url("add_own_words", assessment, section="account"),
            {"prompt": "account", "text": LONG},
        ),
        (url("contingency", assessment), {"based_on": 1, "warning_signs": LONG}),
        (
            url("plan_position", assessment, action_id=action.pk),
            {
                f"stance_{action.option_id}": "object",
                f"matters_{action.option_id}": LONG,
            },
        ),
        (url("confirm_plan", assessment), {"meaning": "disagree", "reason": LONG}),
    ]
    for where, data in posts:
        assert client.post(where, data).status_code == 302, where
    entry = Contribution.objects.get(assessment=assessment)
    client.post(url("dispute_entry", assessment, entry_id=entry.pk), {"account": LONG})
    assert entry.text == LONG
    assert Dispute.objects.get().account == LONG
    assert ContingencyPlan.objects.get(plan=plan).warning_signs == LONG
    assert Position.objects.get(option=action.option).what_matters == LONG
    assert Confirmation.objects.get().reason == LONG


def test_one_character_too_many_is_refused_and_kept_in_the_box(
    as_person: Viewer, assessment: Assessment, voices: dict[str, Participant]
) -> None:
    client, _ = as_person
    answer = client.post(
        url("add_own_words", assessment, section="account"),
        {"prompt": "account", "text": LONG + "!"},
    )
    assert answer.status_code == 400
    assert "This is too long to save. Please keep it under 20,000 characters." in (
        text_of(answer)
    )
    assert LONG + "!" in answer.content.decode()  # every character still in the box
    assert not Contribution.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"prompt": "account", "text": "   "},
            "Write what you want to say, then press Save.",
        ),
        ({"prompt": "mse.mood", "text": "Fine"}, "Choose one of the parts listed."),
    ],
)
def test_bad_input_gets_a_kind_message(
    as_person: Viewer,
    assessment: Assessment,
    voices: dict[str, Participant],
    data: dict[str, str],
    message: str,
) -> None:
    client, _ = as_person
    answer = client.post(url("add_own_words", assessment, section="account"), data)
    assert answer.status_code == 400
    assert message in text_of(answer)
    assert "There is a problem" in text_of(answer)
    assert not Contribution.objects.exists()


def test_a_dispute_must_be_words(
    as_person: Viewer,
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    client, _ = as_person
    entry = services.add_contribution(
        actor=clinician,
        assessment=assessment,
        section="account",
        voice=voices["clinician"],
        text="Said very little.",
    )
    answer = client.post(
        url("dispute_entry", assessment, entry_id=entry.pk), {"account": "..."}
    )
    assert answer.status_code == 400
    assert "Write what is wrong in words" in text_of(answer)
    assert not Dispute.objects.exists()


def test_own_words_in_every_section_but_no_unknown_one_nor_anyone_elses_record(
    as_person: Viewer,
    assessment: Assessment,
    make_person: Callable[..., Person],
) -> None:
    client, _ = as_person
    for section in ("concerns", "known", "capacity", "corroboration"):
        page = client.get(url("add_own_words", assessment, section=section))
        assert page.status_code == 200
        assert f'value="{section}.own_words"' in page.content.decode()
    assert (
        client.get(url("add_own_words", assessment, section="nope")).status_code == 404
    )
    other = reverse(
        "portal:add_own_words",
        kwargs={"assessment_id": uuid.uuid4(), "section": "account"},
    )
    assert client.get(other).status_code == 404


def test_a_code_writes_only_in_its_own_name_in_its_own_record(
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
    make_person: Callable[..., Person],
) -> None:
    code = person_code(clinician, assessment)
    with pytest.raises(DomainError, match=OWN_NAME_ONLY):
        services.add_contribution(
            actor=code,
            assessment=assessment,
            section="account",
            voice=voices["carer"],
            text="Words in mum's name.",
        )
    stranger = make_person(given_name="Ola", family_name="Nowak", nhs_number="")
    elsewhere, _ = issue_code(
        actor=clinician,
        person=stranger,
        team=assessment.team,
        supporter=None,
        known_kind=codes.Known.WORD,
        known_answer="word",
    )
    with pytest.raises(DomainError, match=NOT_YOUR_RECORD):
        services.add_contribution(
            actor=elsewhere,
            assessment=assessment,
            section="account",
            voice=voices["person"],
            text="Into someone else's record.",
        )
    with pytest.raises(DomainError, match="Only the team can withhold"):
        services.add_contribution(
            actor=code,
            assessment=assessment,
            section="account",
            voice=voices["person"],
            text="Hide this.",
            withheld_reason="third_party",
        )
    asked = ask(clinician, assessment, "Tonight?", ("Home", voices["person"]))
    host, option = asked.host, asked.option
    with pytest.raises(DomainError, match=OWN_NAME_ONLY):
        decisions.give_position(
            actor=code,
            host=host,
            option=option,
            voice=voices["clinician"].pk,
            stance="agree",
        )
    assert not Contribution.objects.exists() and not Position.objects.exists()
    assert not AccessEvent.objects.filter(viewer_code__isnull=False).exists()


def test_the_database_keeps_exactly_one_writer(
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    code = person_code(clinician, assessment)
    by_staff = services.add_contribution(
        actor=clinician,
        assessment=assessment,
        section="account",
        voice=voices["person"],
        text="Typed by staff.",
    )
    by_phone = services.add_contribution(
        actor=code,
        assessment=assessment,
        section="account",
        voice=voices["person"],
        text="From my phone.",
    )
    dispute = services.dispute_entry(
        actor=code,
        entry=by_staff,
        disputer=voices["person"],
        account="Not quite right.",
    )
    plan = plans.start_plan(actor=clinician, assessment=assessment)
    confirmation = plans.confirm_plan(
        actor=code, plan=plan, participant=voices["person"], meaning="agree"
    )
    asked = ask(clinician, assessment, "Tonight?", ("Home", voices["person"]))
    host, option = asked.host, asked.option
    position = decisions.give_position(
        actor=code, host=host, option=option, voice=voices["person"].pk, stance="agree"
    )
    cases: list[tuple[Any, Any, str]] = [
        (Contribution, by_staff.pk, "scribe"),
        (Contribution, by_phone.pk, "scribe"),
        (Dispute, dispute.pk, "scribe"),
        (Confirmation, confirmation.pk, "recorded_by"),
        (Position, position.pk, "recorded_by"),
    ]
    for model, pk, staff_field in cases:
        for change in (
            {staff_field: clinician, "via_code": code},
            {staff_field: None, "via_code": None},
        ):
            with pytest.raises(IntegrityError), transaction.atomic():
                model.objects.filter(pk=pk).update(**change)
    assert Contribution.objects.get(pk=by_phone.pk).via_code_id == code.pk


def test_a_supporter_writes_only_where_the_person_shares_it(
    as_carer: Viewer,
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    client, code = as_carer
    plan = plans.start_plan(actor=clinician, assessment=assessment)
    entry = services.add_contribution(
        actor=clinician,
        assessment=assessment,
        section="account",
        voice=voices["person"],
        text="Words.",
    )
    asked = ask(
        clinician, assessment, "Tonight?", ("Home", voices["person"]), person_first=True
    )
    host, decision, home = asked.host, asked.decision, asked.option
    only_sam = PERSON_ONLY.format(name="Sam")
    for where in (
        url("add_own_words", assessment, section="account"),
        url("dispute_entry", assessment, entry_id=entry.pk),
        url("contingency", assessment),
    ):
        for answer in (client.get(where), client.post(where, {"text": "Hello"})):
            assert answer.status_code == 403
            assert only_sam in text_of(answer).replace("’", "'")
            assert "<textarea" not in answer.content.decode()
    position = url("give_position", assessment, decision_id=decision.pk)
    agree = url("confirm_plan", assessment)
    for where in (position, agree):
        answer = client.get(where)
        assert answer.status_code == 403
        assert NOT_SHARED.format(name="Sam") in text_of(answer).replace("’", "'")
    hub = text_of(client.get(url("your_say", assessment)))
    assert "Words." not in hub and "Tonight?" not in hub
    supporter = voices["carer"].supporter
    assert supporter is not None
    for category in ("decisions", "plan"):
        set_sharing(
            supporter=supporter,
            category=category,
            granted=True,
            seen=0,
            by_person=False,
            actor=clinician,
        )
    assert "Tonight?" in text_of(client.get(url("your_say", assessment)))
    first = client.post(
        position,
        {f"stance_{home.pk}": "disagree", f"matters_{home.pk}": "She fell at home."},
    )
    assert first.status_code == 400
    assert "Sam gives their view on this first." in text_of(first)
    decisions.give_position(
        actor=clinician,
        host=host,
        option=home,
        voice=voices["person"].pk,
        stance="agree",
    )
    assert (
        client.post(
            position,
            {
                f"stance_{home.pk}": "disagree",
                f"matters_{home.pk}": "She fell at home.",
            },
        ).status_code
        == 302
    )
    given = Position.objects.get(option=home, voice_key=voices["carer"].pk)
    assert given.via_code_id == code.pk and given.recorded_by_id is None
    assert client.post(agree, {"meaning": "agree", "reason": ""}).status_code == 302
    confirmation = Confirmation.objects.get()
    assert confirmation.participant_id == voices["carer"].pk
    assert confirmation.via_code_id == code.pk
    assert Contribution.objects.count() == 1 and not Dispute.objects.exists()
    assert ContingencyPlan.objects.get(plan=plan).version == 1


class Forms(HTMLParser):
    """The addresses of a page's POST forms, and its links."""

    def __init__(self) -> None:
        super().__init__()
        self.posts: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.posts.append(a.get("action") or "(this page)")
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")


def test_a_signed_assessment_offers_only_what_it_still_takes(
    signed: Assessment,  # noqa: F811
    code_client: Callable[[Any], Viewer],
) -> None:
    client, code = code_client(None)
    plan = Plan.objects.get(assessment=signed)
    action = Action.objects.get(plan=plan)
    decision = Decision.objects.get(context_id=signed.pk, question="Where tonight?")
    entry = Contribution.objects.get(assessment=signed, is_current=True)
    hub = Forms()
    hub.feed(client.get(url("your_say", signed)).content.decode())
    offered = {h for h in hub.links if "/my/" in h}
    assert url("dispute_entry", signed, entry_id=entry.pk) in offered
    assert not [
        h for h in offered if "your-words" in h or "your-view" in h or "/plan/" in h
    ]
    closed = [
        url("add_own_words", signed, section="account"),
        url("give_position", signed, decision_id=decision.pk),
        url("plan_position", signed, action_id=action.pk),
        url("contingency", signed),
        url("confirm_plan", signed),
    ]
    for where in closed:
        page = client.get(where)
        forms = Forms()
        forms.feed(page.content.decode())
        assert page.status_code == 200 and SIGNED in text_of(page).replace("’", "'")
        assert forms.posts == [reverse("portal:sign_out")], where
        assert client.post(where, {"text": "More"}).status_code == 409
    dispute = client.get(url("dispute_entry", signed, entry_id=entry.pk))
    assert "<textarea" in dispute.content.decode()
    answer = client.post(
        url("dispute_entry", signed, entry_id=entry.pk),
        {"account": "I did not say that, I said I had slept badly."},
    )
    assert answer.status_code == 302
    assert Dispute.objects.get().via_code_id == code.pk
