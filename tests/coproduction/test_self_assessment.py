"""The team self-assessment: a mixed group scores each statement with
evidence and agrees actions with owners and dates; sent twice, it is saved
once; wrong answers come back explained with nothing lost."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from coassess.accesslog.models import AccessEvent
from coassess.accounts.models import Team, User
from coassess.coproduction import services
from coassess.coproduction.instruments import SELF_ASSESSMENT, Kind
from coassess.coproduction.models import PlannedAction, PrincipleScore, SelfAssessment
from coassess.core.exceptions import DomainError

ADD = "/co-production/self-assessments/new/"


def sitting_data(team: Team, **fields: str) -> dict[str, str]:
    """A whole sitting's form: met a week ago, every statement scored 3."""
    met = timezone.localdate() - dt.timedelta(days=7)
    data = {
        "token": str(uuid.uuid4()),
        "version": str(services.current_instrument(team, Kind.SELF_ASSESSMENT).pk),
        "taken_on_day": str(met.day),
        "taken_on_month": str(met.month),
        "taken_on_year": str(met.year),
        "staff_count": "3",
        "expert_count": "2",
        "who_took_part": "Sam (peer), Ana (lead), two members of our lived experience group",
    }
    data |= {f"score_{s['id']}": "3" for s in SELF_ASSESSMENT}
    return data | fields


def due(prefix: str, date: dt.date) -> dict[str, str]:
    return {
        f"due_{prefix}_day": str(date.day),
        f"due_{prefix}_month": str(date.month),
        f"due_{prefix}_year": str(date.year),
    }


def test_a_mixed_group_saves_scores_evidence_and_an_action_plan(
    signed_in: Callable[[str], Any], team: Team, users: dict[str, User]
) -> None:
    soon, later = dt.date(2027, 2, 1), dt.date(2027, 5, 1)
    data = sitting_data(
        team,
        score_paid_fairly="1",
        evidence_paid_fairly="We have no budget for paying people.",
        action_paid_fairly="Ask the trust for an involvement budget.",
        owner_paid_fairly="Ana, team lead",
        **due("paid_fairly", later),
        score_tell_back="2",
        action_tell_back="Put 'You said, we did' on the ward noticeboard.",
        owner_tell_back="Sam and Jo",
        **due("tell_back", soon),
    )
    response = signed_in("coproduction").post(ADD, data)
    assert response.status_code == 302
    sitting = SelfAssessment.objects.get()
    assert (sitting.staff_count, sitting.expert_count) == (3, 2)
    assert sitting.recorded_by == users["coproduction"]
    assert sitting.version.number == 1
    scores = dict(PrincipleScore.objects.values_list("statement_id", "score"))
    assert len(scores) == len(SELF_ASSESSMENT)
    assert scores["paid_fairly"] == 1 and scores["tell_back"] == 2
    assert scores["lived_knowledge"] == 3
    actions = list(PlannedAction.objects.values_list("statement_id", "owner", "due_on"))
    assert actions == [
        ("tell_back", "Sam and Jo", soon),
        ("paid_fairly", "Ana, team lead", later),
    ]
    assert AccessEvent.objects.filter(
        what="co-production self-assessment", object_id=str(sitting.pk)
    ).exists()
    page = signed_in("clinician").get(response["Location"]).content.decode()
    assert "Ask the trust for an involvement budget." in page
    assert "We have no budget for paying people." in page
    assert page.index("Sam and Jo") < page.index("Ana, team lead")  # by due date
    listing = signed_in("peer").get("/co-production/self-assessments/").content.decode()
    assert "3 staff and 2 experts by experience; 2 actions" in listing


def test_a_self_assessment_sent_twice_is_saved_once_and_says_so(
    signed_in: Callable[[str], Any], team: Team
) -> None:
    data = sitting_data(team)
    client = signed_in("lead")
    first = client.post(ADD, data)
    second = client.post(ADD, data, follow=True)
    assert SelfAssessment.objects.count() == 1
    assert PrincipleScore.objects.count() == len(SELF_ASSESSMENT)
    html = second.content.decode()
    assert "This self-assessment was saved already, so it was not saved twice." in html
    assert second.redirect_chain[-1][0] == first["Location"]


def test_a_missing_score_is_named_and_what_was_typed_is_kept(
    signed_in: Callable[[str], Any], team: Team
) -> None:
    data = sitting_data(team, evidence_support="Peer workers get supervision.")
    del data["score_support"]
    response = signed_in("lead").post(ADD, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose a score from 1 to 5 for “Support and training”." in html
    assert "Peer workers get supervision." in html
    assert SelfAssessment.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"score_support": "6"},
            "Choose a score from 1 to 5 for “Support and training”.",
        ),
        ({"expert_count": "0"}, "At least one expert by experience takes part."),
        (
            {"action_support": "Book training"},
            "Say who will do the action for “Support and training”.",
        ),
        (
            {"owner_support": "Jo"},
            "Write the action for “Support and training”, or leave who and when empty.",
        ),
        (
            {"score_horoscope": "3"},
            "“horoscope” is not one of the statements in version 1.",
        ),
    ],
)
def test_wrong_answers_are_explained_and_nothing_is_saved(
    signed_in: Callable[[str], Any], team: Team, fields: dict[str, str], message: str
) -> None:
    response = signed_in("lead").post(ADD, sitting_data(team, **fields))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert SelfAssessment.objects.count() == 0


def test_an_action_needs_its_due_date(
    signed_in: Callable[[str], Any], team: Team
) -> None:
    data = sitting_data(team, action_support="Book training", owner_support="Jo")
    response = signed_in("lead").post(ADD, data)
    assert response.status_code == 400
    assert (
        "Enter when the action for “Support and training” is due"
        in response.content.decode()
    )


def test_the_service_refuses_a_group_without_lived_experience_or_an_unknown_statement(
    clinician: User, team: Team
) -> None:
    version = services.current_instrument(team, Kind.SELF_ASSESSMENT)
    answers = services.SelfAssessmentAnswers(
        version=version,
        taken_on=timezone.localdate(),
        staff_count=4,
        expert_count=0,
        who_took_part="",
        scores={s["id"]: (2, "") for s in SELF_ASSESSMENT},
        actions={},
    )
    with pytest.raises(DomainError, match="mixed group"):
        services.record_self_assessment(
            actor=clinician, team=team, answers=answers, token=uuid.uuid4()
        )
    unknown = services.SelfAssessmentAnswers(
        **(
            answers.__dict__
            | {"expert_count": 1, "scores": {**answers.scores, "x": (2, "")}}
        )
    )
    with pytest.raises(DomainError, match="“x” is not one of the statements"):
        services.record_self_assessment(
            actor=clinician, team=team, answers=unknown, token=uuid.uuid4()
        )
    assert SelfAssessment.objects.count() == 0


def test_a_reworded_statement_leaves_earlier_sittings_on_their_version(
    signed_in: Callable[[str], Any], team: Team, users: dict[str, User]
) -> None:
    signed_in("lead").post(ADD, sitting_data(team))
    services.revise_instrument(
        actor=users["coproduction"],
        team=team,
        kind=Kind.SELF_ASSESSMENT,
        based_on=1,
        texts={"support": "Everyone gets the help and training they need."},
        reason="Plainer words.",
    )
    signed_in("lead").post(ADD, sitting_data(team))
    first, second = SelfAssessment.objects.order_by("created_at")
    assert (first.version.number, second.version.number) == (1, 2)
    page = (
        signed_in("lead")
        .get(reverse("coproduction:show_self_assessment", args=[first.pk]))
        .content.decode()
    )
    assert (
        "Everyone gets the support and training they need to take part, staff too."
        in page
    )


def test_another_teams_self_assessment_is_not_found(
    signed_in: Callable[[str], Any], team: Team
) -> None:
    signed_in("lead").post(ADD, sitting_data(team))
    url = reverse(
        "coproduction:show_self_assessment", args=[SelfAssessment.objects.get().pk]
    )
    assert signed_in("outsider").get(url).status_code == 404
    assert signed_in("coproduction").get(url).status_code == 200


def test_each_score_is_shown_beside_the_one_before(
    signed_in: Callable[[str], Any], team: Team
) -> None:
    lead = signed_in("lead")
    earlier = timezone.localdate() - dt.timedelta(days=120)
    lead.post(
        ADD,
        sitting_data(
            team,
            taken_on_day=str(earlier.day),
            taken_on_month=str(earlier.month),
            taken_on_year=str(earlier.year),
            score_tell_back="1",
        ),
    )
    response = lead.post(ADD, sitting_data(team, score_tell_back="4"))
    page = lead.get(response["Location"]).content.decode()
    assert "Score: 4 of 5</strong>. Last time: 1 of 5" in page
    assert "Score: 3 of 5</strong>. Last time: 3 of 5" in page
    first = SelfAssessment.objects.get(taken_on=earlier)
    opened = lead.get(reverse("coproduction:show_self_assessment", args=[first.pk]))
    assert "Last time" not in opened.content.decode()


def test_the_database_holds_one_sitting_per_form_even_if_two_arrive_at_once(
    clinician: User, team: Team
) -> None:
    """Two sends of one form at the same moment both pass the service's check
    for an earlier one; the unique token lets only one in."""
    token = uuid.uuid4()
    version = services.current_instrument(team, Kind.SELF_ASSESSMENT)
    fields = {
        "team": team,
        "version": version,
        "taken_on": timezone.localdate(),
        "staff_count": 1,
        "expert_count": 1,
        "recorded_by": clinician,
    }
    SelfAssessment.objects.create(token=token, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        SelfAssessment.objects.create(token=token, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        SelfAssessment.objects.create(
            token=uuid.uuid4(), **fields | {"expert_count": 0}
        )
    assert SelfAssessment.objects.count() == 1
