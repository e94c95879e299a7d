"""Assessment pages kept per revision: every change moves the revision, and a
page is never shown as it was before a change (hazard H18)."""

from __future__ import annotations

from collections.abc import Callable
from html import unescape
from typing import Any

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coassess.accounts.models import User
from coassess.assessments import decisions, page_cache, services
from coassess.assessments.models import (
    Assessment,
    AssessmentRevision,
    Contribution,
    Participant,
)
from coassess.assessments.triggers import ROWS
from coassess.referrals.services import record_referral

CAPACITY = {
    "decision": "Staying in hospital tonight",
    "understand": "able",
    "understand_evidence": "Explained back",
    "retain": "able",
    "retain_evidence": "Recalled it later",
    "use_or_weigh": "able",
    "use_or_weigh_evidence": "Weighed going home against staying",
    "communicate": "able",
    "communicate_evidence": "Told us clearly",
    "support_given": "Quiet room, time",
    "outcome": "has",
}


def revision(assessment: Assessment) -> int:
    return AssessmentRevision.objects.get(assessment=assessment).number


def show(client: Any, assessment: Assessment) -> str:
    response = client.get(
        reverse("assessments:show_assessment", kwargs={"assessment_id": assessment.pk})
    )
    assert response.status_code == 200
    return unescape(response.content.decode())


def main(page: str) -> str:
    """The page's main content: the rest carries a new token and nonce each time."""
    return page[page.index("<main") : page.index("</main>")]


@pytest.fixture
def everything(
    clinician: User, assessment: Assessment, voices: dict[str, Participant]
) -> dict[str, Any]:
    """One of every kind of row an assessment page shows."""
    person = voices["person"]
    entry = services.add_contribution(
        actor=clinician,
        assessment=assessment,
        section="account",
        voice=person,
        text="I have not slept",
    )
    services.dispute_contribution(
        actor=clinician, contribution=entry, disputer=voices["carer"], account="No"
    )
    services.add_concern(
        actor=clinician,
        assessment=assessment,
        text="Sleep",
        raised_by=person,
        agreed_by=[person],
    )
    services.add_known_source(
        actor=clinician,
        assessment=assessment,
        source_type="record",
        detail="",
        what_it_said="Seen last year",
        checked_at=timezone.now(),
        limited_access=False,
    )
    services.add_corroboration(
        actor=clinician,
        assessment=assessment,
        informant_type="carer",
        informant_name="Maggie",
        what_they_said="Worried",
        basis="consent",
    )
    services.record_capacity(
        actor=clinician,
        assessment=assessment,
        data={**CAPACITY, "assessed_at": timezone.now()},
    )
    decision = decisions.add_decision(
        actor=clinician, assessment=assessment, question="Where tonight?"
    )
    option = decisions.add_option(
        actor=clinician,
        assessment=assessment,
        decision=decision,
        text="Home",
        proposer=person,
    )
    for voice in voices.values():
        decisions.give_position(
            actor=clinician,
            assessment=assessment,
            option=option,
            voice=voice,
            stance="agree",
        )
    decisions.record_outcome(
        actor=clinician,
        assessment=assessment,
        decision=decision,
        chosen=option,
        deciding_rule="consensus",
        rationale="Everyone agreed",
        values_weighed="Being at home",
        based_on=None,
    )
    return {"entry": entry, "decision": decision, "option": option}


@pytest.fixture
def other_assessment(clinician: User, make_person: Any) -> Assessment:
    other = make_person(given_name="Ali", nhs_number="")
    referral = record_referral(
        actor=clinician,
        person=other,
        data={
            "source": "ed",
            "referrer_name": "Dr Aisha Khan",
            "reason": "Low mood",
            "urgency": "emergency",
            "received_at": timezone.now(),
        },
    )
    return services.start_assessment(actor=clinician, referral=referral)


def test_a_new_assessment_has_a_revision_from_the_start(
    assessment: Assessment,
) -> None:
    # Starting it adds the person and the clinician: one change each.
    assert revision(assessment) == 2
    assert Participant.objects.filter(assessment=assessment).count() == 2


# Rows nothing else refers to, so they can be deleted by hand in a test.
LEAVES = (
    "assessments_immediateconcern_agreed_by",
    "assessments_dispute",
    "decisions_position",
    "decisions_outcome",
)


def first_row(cursor: Any, table: str) -> tuple[list[str], dict[str, Any]]:
    cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - names from the triggers module
    columns = [c[0] for c in cursor.description]
    row = cursor.fetchone()
    assert row is not None, f"the fixture made no row in {table}"
    return columns, dict(zip(columns, row, strict=True))


@pytest.mark.parametrize("table", list(ROWS))
def test_changing_any_row_a_page_shows_moves_the_revision_however_it_is_changed(
    table: str, assessment: Assessment, everything: dict[str, Any]
) -> None:
    # By hand, as in a database shell: no app code runs, the trigger still does.
    before = revision(assessment)
    with connection.cursor() as cursor:
        columns, values = first_row(cursor, table)
        column = next(c for c in columns if c not in ("id", "created_at"))
        cursor.execute(
            f"UPDATE {table} SET {column} = {column} WHERE id = %s",  # noqa: S608
            [values["id"]],
        )
    assert revision(assessment) == before + 1


@pytest.mark.parametrize("table", LEAVES)
def test_deleting_a_row_by_hand_moves_the_revision(
    table: str, assessment: Assessment, everything: dict[str, Any]
) -> None:
    before = revision(assessment)
    with connection.cursor() as cursor:
        columns, values = first_row(cursor, table)
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [values["id"]])  # noqa: S608
        assert revision(assessment) == before + 1
        placeholders = ", ".join(["%s"] * len(columns))
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})",  # noqa: S608
            list(values.values()),
        )
    assert revision(assessment) == before + 2


def test_moving_a_row_to_another_assessment_moves_both(
    clinician: User,
    assessment: Assessment,
    everything: dict[str, Any],
    other_assessment: Assessment,
) -> None:
    mine, theirs = revision(assessment), revision(other_assessment)
    Contribution.objects.filter(pk=everything["entry"].pk).update(
        assessment=other_assessment
    )
    assert revision(assessment) == mine + 1
    assert revision(other_assessment) == theirs + 1


def test_renaming_a_member_of_staff_moves_every_revision(
    clinician: User, assessment: Assessment, everything: dict[str, Any]
) -> None:
    before = revision(assessment)
    clinician.save()  # nothing about their name changed
    assert revision(assessment) == before
    clinician.first_name = "Renamed"
    clinician.save()
    assert revision(assessment) == before + 1


def test_the_services_move_the_revision_with_each_change(
    clinician: User, assessment: Assessment, voices: dict[str, Participant]
) -> None:
    seen = [revision(assessment)]

    def moved() -> None:
        now = revision(assessment)
        assert now > seen[-1]
        seen.append(now)

    entry = services.add_contribution(
        actor=clinician,
        assessment=assessment,
        section="account",
        voice=voices["person"],
        text="First words",
    )
    moved()
    services.revise_contribution(actor=clinician, base=entry, text="Second words")
    moved()
    decision = decisions.add_decision(
        actor=clinician, assessment=assessment, question="Where tonight?"
    )
    moved()
    option = decisions.add_option(
        actor=clinician,
        assessment=assessment,
        decision=decision,
        text="Home",
        proposer=voices["person"],
    )
    moved()
    decisions.reword_option(
        actor=clinician,
        assessment=assessment,
        option=option,
        text="Home, with Maggie",
        based_on_wording=1,
    )
    moved()


def test_a_kept_page_is_used_again_until_something_changes(
    signed_in: Callable[[str], Any],
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
    everything: dict[str, Any],
) -> None:
    c = signed_in("clinician")
    show(c, assessment)  # the first request of a session also writes the session
    caches[page_cache.CACHE].clear()
    with CaptureQueriesContext(connection) as built:
        first = show(c, assessment)
    with CaptureQueriesContext(connection) as kept:
        again = show(c, assessment)
    assert main(again) == main(first)
    assert len(kept) < len(built) - 5
    assert "I have not slept" in again

    services.add_contribution(
        actor=clinician,
        assessment=assessment,
        section="account",
        voice=voices["person"],
        text="Something new",
    )
    assert "Something new" in show(c, assessment)


def test_a_change_made_past_the_services_shows_at_once(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    everything: dict[str, Any],
) -> None:
    c = signed_in("clinician")
    assert "I have not slept" in show(c, assessment)
    # Straight to the table, past the services (as a data fix might be).
    Contribution.objects.filter(pk=everything["entry"].pk).update(
        text="Corrected by hand"
    )
    page = show(c, assessment)
    assert "Corrected by hand" in page
    assert "I have not slept" not in page


def test_a_rename_shows_at_once(
    signed_in: Callable[[str], Any],
    clinician: User,
    assessment: Assessment,
    everything: dict[str, Any],
) -> None:
    c = signed_in("clinician")
    assert "Sam Reid" in show(c, assessment)
    Participant.objects.filter(assessment=assessment, kind="person").update(
        name="Sammy Reid"
    )
    assert "Sammy Reid" in show(c, assessment)
