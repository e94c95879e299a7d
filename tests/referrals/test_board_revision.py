"""The board is kept per revision and minute, and every change moves the revision
(hazard H12): nothing on the board is ever older than the last change."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from django.utils import timezone

from coassess.accounts.models import Team, User
from coassess.assessments import services as assessment_services
from coassess.people.models import Person
from coassess.referrals import presenters, queries, services
from coassess.referrals.models import BoardRevision, Referral

NOW = dt.datetime(2026, 3, 2, 14, 30, tzinfo=dt.UTC)


def refer(actor: User, person: Person, minutes_ago: int = 10) -> Referral:
    return services.record_referral(
        actor=actor,
        person=person,
        data={
            "source": "ed",
            "referrer_name": "Dr Aisha Khan",
            "reason": "Low mood",
            "urgency": "emergency",
            "received_at": timezone.now() - dt.timedelta(minutes=minutes_ago),
        },
    )


def revision(team: Team) -> int:
    return BoardRevision.objects.get(team=team).number


def test_every_team_has_a_board_revision(team: Team, other_team: Team) -> None:
    assert queries.board_revision(team) == 0
    assert queries.board_revision(other_team) == 0


def test_recording_seeing_and_closing_a_referral_each_move_it(
    team: Team, other_team: Team, clinician: User, person: Person
) -> None:
    referral = refer(clinician, person)
    assert revision(team) == 1
    assessment_services.start_assessment(actor=clinician, referral=referral)
    moved_by_starting = revision(team)
    assert moved_by_starting > 1  # first seen, and the assessment
    referral.refresh_from_db()
    services.close_referral(actor=clinician, referral=referral, outcome="Went home")
    assert revision(team) > moved_by_starting
    assert revision(other_team) == 0


def test_changing_a_referred_person_moves_it_even_by_hand(
    team: Team, clinician: User, person: Person, make_person: Any
) -> None:
    refer(clinician, person)
    before = revision(team)
    Person.objects.filter(pk=person.pk).update(preferred_name="Sammy")
    assert revision(team) == before + 1
    make_person(given_name="Unreferred", nhs_number="")
    Person.objects.exclude(pk=person.pk).update(pronouns="they/them")
    assert revision(team) == before + 1


def test_the_board_is_reused_within_a_minute_until_something_changes(
    team: Team, clinician: User, person: Person, make_person: Any
) -> None:
    with time_machine.travel(NOW, tick=False) as clock:
        refer(clinician, person)
        first = presenters.board_for(team, timezone.now())
        clock.shift(dt.timedelta(seconds=50))
        assert presenters.board_for(team, timezone.now()) is first
        assert first.rows[0].waiting == "10 minutes"  # as of 14:30:00
        assert first.updated == "14:30"

        clock.shift(dt.timedelta(seconds=15))
        next_minute = presenters.board_for(team, timezone.now())
        assert next_minute is not first
        assert next_minute.rows[0].waiting == "11 minutes"

        other = make_person(given_name="Ali", preferred_name="", nhs_number="")
        refer(clinician, other)
        changed = presenters.board_for(team, timezone.now())
        assert [r.name for r in changed.rows] == ["Sam Reid", "Ali Reid"]
