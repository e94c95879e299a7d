"""The person writes into their own record from their own phone: their own
words, a disagreement, their view on a decision and on a plan action, their
crisis plan, and agreeing (or not) with the plan. Each is theirs (their own
voice, their code, no member of staff), logged from their device, and goes
through the same service staff use."""

from __future__ import annotations

import pytest

from coassess.accesslog.chain import verify
from coassess.accesslog.models import AccessEvent, Action
from coassess.accounts.models import User
from coassess.assessments import services
from coassess.assessments.hosts import AssessmentHost
from coassess.assessments.models import Assessment, Contribution, Dispute, Participant
from coassess.decisions import services as decisions
from coassess.decisions.models import Position
from coassess.people.models import AccessCode
from coassess.plans import services as plans
from coassess.plans.models import Confirmation, ContingencyPlan, Plan
from tests.conftest import CheckedClient
from tests.portal.viewers import ask, rings_at_ten, text_of, url

Viewer = tuple[CheckedClient, AccessCode]


def device_events(code: AccessCode) -> list[tuple[str, str]]:
    """(action, what) of every change logged from this code's device."""
    return list(
        AccessEvent.objects.filter(viewer_code=code)
        .exclude(action__in=[Action.SIGN_IN, Action.VIEW])
        .order_by("id")
        .values_list("action", "what")
    )


def test_the_person_adds_their_own_words(
    as_person: Viewer, assessment: Assessment, voices: dict[str, Participant]
) -> None:
    client, code = as_person
    page = client.get(url("add_own_words", assessment, section="strengths"))
    assert page.status_code == 200
    assert "Add your own words: Strengths and what helps" in text_of(page)
    answer = client.post(
        url("add_own_words", assessment, section="strengths"),
        {"prompt": "strengths.hopes", "text": "To go back to college in spring."},
    )
    assert answer.status_code == 302
    assert answer["Location"] == url("your_say", assessment)
    entry = Contribution.objects.get(assessment=assessment)
    assert entry.section == "strengths.hopes"
    assert entry.text == "To go back to college in spring."
    assert entry.voice_id == voices["person"].pk
    assert entry.own_words is True
    assert entry.scribe_id is None and entry.via_code_id == code.pk
    assert device_events(code) == [("create", "contribution (strengths.hopes)")]
    event = AccessEvent.objects.get(viewer_code=code, action=Action.CREATE)
    assert event.actor_id is None and event.actor_role == "person"
    assert event.object_id == str(entry.pk)
    assert verify().broken is None


def test_the_person_disputes_an_entry_which_stays(
    as_person: Viewer,
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    client, code = as_person
    entry = services.add_contribution(
        actor=clinician,
        assessment=assessment,
        section="mse.affect",
        voice=voices["clinician"],
        text="Appeared guarded.",
    )
    page = client.get(url("dispute_entry", assessment, entry_id=entry.pk))
    assert "Appeared guarded." in text_of(page)
    answer = client.post(
        url("dispute_entry", assessment, entry_id=entry.pk),
        {"account": "I was tired, not guarded. I had not slept."},
    )
    assert answer.status_code == 302
    dispute = Dispute.objects.get()
    assert dispute.contribution_id == entry.pk
    assert dispute.disputer_id == voices["person"].pk
    assert dispute.account == "I was tired, not guarded. I had not slept."
    assert dispute.scribe_id is None and dispute.via_code_id == code.pk
    entry.refresh_from_db()
    assert entry.is_current and entry.text == "Appeared guarded."
    assert device_events(code) == [("create", "dispute (contribution)")]


def test_a_withheld_or_old_entry_cannot_be_disputed_from_the_phone(
    as_person: Viewer,
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    client, _ = as_person
    withheld = services.add_contribution(
        actor=clinician,
        assessment=assessment,
        section="history.life",
        voice=voices["carer"],
        text="Something told in confidence.",
        withheld_reason="third_party",
    )
    old = services.add_contribution(
        actor=clinician,
        assessment=assessment,
        section="history.recent",
        voice=voices["clinician"],
        text="First words.",
    )
    services.revise_contribution(actor=clinician, base=old, text="Second words.")
    for entry in (withheld, old):
        page = client.get(url("dispute_entry", assessment, entry_id=entry.pk))
        assert page.status_code == 404
    assert "Something told in confidence." not in text_of(
        client.get(url("your_say", assessment))
    )


def test_the_person_gives_and_changes_a_position_through_the_engine(
    as_person: Viewer,
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    client, code = as_person
    asked = ask(
        clinician,
        assessment,
        "Where will you be supported tonight?",
        ("At home with mum", voices["person"]),
    )
    decision, home = asked.decision, asked.option
    where = url("give_position", assessment, decision_id=decision.pk)
    assert "Where will you be supported tonight?" in text_of(client.get(where))
    client.post(where, {f"stance_{home.pk}": "agree"})
    answer = client.post(
        where,
        {
            f"stance_{home.pk}": "reservations",
            f"matters_{home.pk}": "Only if mum is not working nights.",
        },
    )
    assert answer.status_code == 302
    positions = list(Position.objects.filter(option=home).order_by("created_at"))
    assert [(p.stance, p.is_current) for p in positions] == [
        ("agree", False),
        ("reservations", True),
    ]
    now = positions[1]
    assert now.voice_key == voices["person"].pk and now.voice_is_person
    assert now.what_matters == "Only if mum is not working nights."
    assert now.recorded_by_id is None and now.via_code_id == code.pk
    assert device_events(code) == [("create", "decision position")] * 2
    again = client.get(where)
    assert "Only if mum is not working nights." in again.content.decode()


def test_the_persons_position_opens_a_decision_where_they_speak_first(
    as_person: Viewer,
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    client, _ = as_person
    asked = ask(
        clinician,
        assessment,
        "Who rings you tomorrow?",
        ("The crisis team, at 10", voices["clinician"]),
        person_first=True,
    )
    host, decision, option = asked.host, asked.decision, asked.option
    with pytest.raises(Exception, match="speaks first"):
        decisions.give_position(
            actor=clinician,
            host=host,
            option=option,
            voice=voices["clinician"].pk,
            stance="agree",
        )
    where = url("give_position", assessment, decision_id=decision.pk)
    assert "You speak first on this." in text_of(client.get(where))
    client.post(where, {f"stance_{option.pk}": "agree"})
    decisions.give_position(
        actor=clinician,
        host=AssessmentHost(assessment),
        option=option,
        voice=voices["clinician"].pk,
        stance="agree",
    )
    assert sorted(
        Position.objects.filter(option=option).values_list("voice_is_person", flat=True)
    ) == [False, True]


def test_a_reason_is_asked_for_kindly_and_nothing_is_lost(
    as_person: Viewer,
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    client, _ = as_person
    asked = ask(
        clinician,
        assessment,
        "Tonight?",
        ("Ward", voices["clinician"]),
        ("Home", voices["person"]),
    )
    decision, (first, second) = asked.decision, asked.options
    answer = client.post(
        url("give_position", assessment, decision_id=decision.pk),
        {
            f"stance_{first.pk}": "disagree",
            f"stance_{second.pk}": "agree",
            f"matters_{second.pk}": "My cat needs feeding 🐈",
        },
    )
    assert answer.status_code == 400
    shown = text_of(answer)
    assert "Please say what matters to you here." in shown
    assert "My cat needs feeding 🐈" in answer.content.decode()
    assert not Position.objects.exists()


@pytest.fixture
def plan(clinician: User, assessment: Assessment) -> Plan:
    return plans.start_plan(actor=clinician, assessment=assessment)


def test_the_person_gives_a_position_on_a_plan_action(
    as_person: Viewer,
    clinician: User,
    plan: Plan,
    voices: dict[str, Participant],
) -> None:
    client, code = as_person
    action = rings_at_ten(clinician, plan, voices["clinician"])
    where = url("plan_position", plan.assessment, action_id=action.pk)
    assert "The crisis team rings at 10 tomorrow" in text_of(client.get(where))
    answer = client.post(
        where,
        {
            f"stance_{action.option_id}": "disagree",
            f"matters_{action.option_id}": "I work mornings. Ring after 2, please.",
        },
    )
    assert answer.status_code == 302
    position = Position.objects.get(option=action.option)
    assert position.stance == "disagree" and position.via_code_id == code.pk
    assert position.recorded_by_id is None
    assert device_events(code) == [("create", "position on a plan action")]


def test_the_person_writes_their_crisis_plan_in_their_own_words(
    as_person: Viewer, plan: Plan
) -> None:
    client, code = as_person
    where = url("contingency", plan.assessment)
    page = client.get(where)
    assert "Warning signs" in text_of(page)
    answer = client.post(
        where,
        {
            "based_on": 1,
            "warning_signs": "I stop answering my phone.",
            "keeps_me_going": "My sister and my dog.",
        },
    )
    assert answer.status_code == 302
    saved = ContingencyPlan.objects.get(plan=plan)
    assert saved.warning_signs == "I stop answering my phone."
    assert saved.keeps_me_going == "My sister and my dog."
    assert saved.in_own_words is True and saved.changed_via_code_id == code.pk
    assert device_events(code) == [("update", "contingency plan")]


def test_a_change_saved_meanwhile_is_shown_not_overwritten(
    as_person: Viewer, clinician: User, plan: Plan
) -> None:
    client, _ = as_person
    plans.update_contingency(
        actor=clinician,
        plan=plan,
        data={"warning_signs": "Not sleeping."},
        based_on_version=1,
    )
    answer = client.post(
        url("contingency", plan.assessment),
        {"based_on": 1, "warning_signs": "I stop answering my phone."},
    )
    assert answer.status_code == 409
    shown = text_of(answer)
    assert "Someone changed this plan while you were writing" in shown
    assert "Not sleeping." in shown and "I stop answering my phone." in shown
    assert 'name="based_on" value="2"' in answer.content.decode()
    assert ContingencyPlan.objects.get(plan=plan).warning_signs == "Not sleeping."


def test_the_person_agrees_or_disagrees_with_the_plan(
    as_person: Viewer, plan: Plan, voices: dict[str, Participant]
) -> None:
    client, code = as_person
    where = url("confirm_plan", plan.assessment)
    refused = client.post(where, {"meaning": "disagree", "reason": ""})
    assert refused.status_code == 400
    assert "Tell us which part you do not agree with, and why." in text_of(refused)
    answer = client.post(
        where, {"meaning": "disagree", "reason": "I do not want my GP told yet."}
    )
    assert answer.status_code == 302
    confirmation = Confirmation.objects.get()
    assert confirmation.participant_id == voices["person"].pk
    assert confirmation.meaning == "disagree"
    assert confirmation.reason == "I do not want my GP told yet."
    assert confirmation.recorded_by_id is None and confirmation.via_code_id == code.pk
    assert "You said you do not agree with part of this plan" in text_of(
        client.get(where)
    )
    assert device_events(code) == [("create", "plan confirmation")]
    on_behalf = client.post(where, {"meaning": "on_behalf", "reason": "Asked to."})
    assert on_behalf.status_code == 400


def test_the_hub_links_to_every_page(
    as_person: Viewer, clinician: User, plan: Plan, voices: dict[str, Participant]
) -> None:
    client, _ = as_person
    page = client.get(url("your_say", plan.assessment)).content.decode()
    for name in ("contingency", "confirm_plan"):
        assert url(name, plan.assessment) in page
    assert url("add_own_words", plan.assessment, section="risk") in page


def test_reading_a_writing_page_is_logged_from_the_device(
    as_person: Viewer, assessment: Assessment
) -> None:
    client, code = as_person
    client.get(url("your_say", assessment))
    client.get(url("add_own_words", assessment, section="risk"))
    reads = list(
        AccessEvent.objects.filter(viewer_code=code, action=Action.VIEW)
        .order_by("id")
        .values_list("what", "object_id", "actor_id")
    )
    assert reads == [
        ("own view: your_say", str(assessment.pk), None),
        ("own view: add_own_words", str(assessment.pk), None),
    ]
    assert verify().broken is None


def test_the_engines_refusal_is_shown_beside_the_option_and_nothing_is_lost(
    as_person: Viewer,
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    client, _ = as_person
    asked = ask(clinician, assessment, "Tonight?", ("Ward", voices["clinician"]))
    decision, ward = asked.decision, asked.option
    answer = client.post(
        url("give_position", assessment, decision_id=decision.pk),
        {f"stance_{ward.pk}": "object", f"matters_{ward.pk}": "no"},
    )
    assert answer.status_code == 400
    assert "in words: at least two words" in text_of(answer)
    assert f'href="#id_matters_{ward.pk}"' in answer.content.decode()
    assert not Position.objects.exists()
