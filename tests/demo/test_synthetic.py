"""`coassess generate --open-referrals N --assessments N`: benchmark data that is what it says."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from coassess.accounts.models import Team, User
from coassess.assessments.models import (
    Assessment,
    Contribution,
    Dispute,
    ImmediateConcern,
    Participant,
    ParticipantKind,
)
from coassess.assessments.queries import load_assessment_view
from coassess.assessments.sections import PROMPTS, Kind
from coassess.demo import synthetic_people as synthetic
from coassess.demo.synthetic_assessments import synthetic_people
from coassess.referrals.models import Referral, Source
from coassess.referrals.services import response_minutes_for


@pytest.fixture
def people(team: Team, clinician: User) -> int:
    return synthetic.generate_people(
        team=team, registered_by=clinician, count=60, seed=5
    )


def generate(team: Team, **options: Any) -> None:
    call_command("generate", team=team.name, seed=5, verbosity=0, **options)


def test_assessments_have_the_participants_and_entries_asked_for(
    db: None,
    team: Team,
    clinician: User,
    people: int,
    signed_in: Callable[[str], Any],
) -> None:
    generate(team, assessments=2, participants=6, contributions=60)

    assessments = list(Assessment.objects.filter(team=team))
    assert len(assessments) == 2
    for assessment in assessments:
        assert assessment.person in synthetic_people(team)
        assert assessment.referral.first_seen_at is not None
        kinds = Counter(
            Participant.objects.filter(assessment=assessment).values_list(
                "kind", flat=True
            )
        )
        assert sum(kinds.values()) == 6
        assert kinds[ParticipantKind.PERSON] == 1
        assert kinds[ParticipantKind.SUPPORTER] == 2
        assert kinds[ParticipantKind.STAFF] + kinds[ParticipantKind.OTHER] == 3
        current = Contribution.objects.filter(assessment=assessment, is_current=True)
        assert current.count() == 60
        # Every prompt of the sections of entries (the structured sections'
        # own-words prompts are left for the people themselves).
        entries = {k for k, (s, _) in PROMPTS.items() if s.kind == Kind.CONTRIBUTIONS}
        assert set(current.values_list("section", flat=True)) == entries
        assert ImmediateConcern.objects.filter(assessment=assessment).count() == 3
        # Every version chain is whole: the current version's number is how many
        # versions its entry has (what the assessment page relies on).
        for entry in current:
            versions = Contribution.objects.filter(lineage=entry.lineage)
            assert versions.count() == entry.version_number
        view = load_assessment_view(assessment)
        assert sum(len(v) for v in view.contributions.values()) == 60
        # Five decisions of four options, with all six voices' positions on each.
        from coassess.decisions.models import Decision, Option, Position

        decisions = Decision.objects.filter(context_id=assessment.pk)
        assert decisions.count() == 5
        assert Option.objects.filter(decision__in=decisions).count() == 20
        assert (
            Position.objects.filter(decision__in=decisions, is_current=True).count()
            == 120
        )
    everything = Contribution.objects.filter(assessment__in=assessments)
    assert everything.filter(is_current=False).exists(), "some entries are revised"
    assert Dispute.objects.filter(contribution__assessment__in=assessments).exists()

    page = signed_in("clinician").get(f"/assessments/{assessments[0].pk}/")
    assert page.status_code == 200


def test_open_referrals_fill_the_board_to_the_number_asked_for(
    db: None, team: Team, clinician: User, people: int
) -> None:
    generate(team, open_referrals=20)

    open_ones = list(Referral.objects.filter(team=team, closed_at__isnull=True))
    assert len(open_ones) == 20
    assert Counter(r.source for r in open_ones) == {
        Source.EMERGENCY_DEPARTMENT: 10,
        Source.WARD: 10,
    }
    now = timezone.now()
    for referral in open_ones:
        assert now - dt.timedelta(hours=20) <= referral.received_at <= now
        assert referral.response_minutes == response_minutes_for(
            team, referral.source, referral.urgency
        )
        assert referral.first_seen_at is None
        assert referral.recorded_by == clinician
    assert len({r.person_id for r in open_ones}) == 20, "one open referral each"

    generate(team, open_referrals=20)
    assert Referral.objects.filter(team=team, closed_at__isnull=True).count() == 20


def test_the_same_seed_gives_the_same_referrals(
    db: None, team: Team, people: int
) -> None:
    def made() -> list[tuple[object, ...]]:
        return sorted(
            Referral.objects.filter(team=team).values_list(
                "person__nhs_number", "source", "ward", "bed", "urgency", "reason"
            )
        )

    generate(team, open_referrals=15)
    first = made()
    Referral.objects.all().delete()
    generate(team, open_referrals=15)

    assert made() == first


def test_it_says_when_there_are_not_enough_people(
    db: None, team: Team, people: int
) -> None:
    with pytest.raises(CommandError, match="--people"):
        generate(team, open_referrals=1000)
    assert not Referral.objects.exists()


def test_it_refuses_in_production(
    db: None, team: Team, people: int, settings: Any
) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        generate(team, assessments=1, open_referrals=5)
    assert not Referral.objects.exists()
