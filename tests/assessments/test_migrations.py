"""Participants who joined before their details were versioned get a first
version, as their details stood, when the database is migrated; going back
removes the versions again.

Like tests/people/test_migrations.py, this runs outside the per-test
transaction (migrations change the schema) and removes its own rows, leaving
the schema at the newest migration."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = ("assessments", "0005_assessment_status_in_progress_or_signed")
AFTER = ("assessments", "0006_participant_versions_and_assessor")


def _targets(executor: MigrationExecutor, assessments: tuple[str, str]) -> list[Any]:
    """Every app at its newest migration, and assessments at `assessments`."""
    leaves = executor.loader.graph.leaf_nodes()
    return [n for n in leaves if n[0] != "assessments"] + [assessments]


def test_participants_get_a_first_version_when_migrated(
    django_db_setup: None, django_db_blocker: Any
) -> None:
    with django_db_blocker.unblock():
        try:
            _migrate_there_and_back()
        finally:
            executor = MigrationExecutor(connection)
            executor.migrate(executor.loader.graph.leaf_nodes())
            _remove_rows(executor)


def _migrate_there_and_back() -> None:
    executor = MigrationExecutor(connection)
    before = _targets(executor, BEFORE)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    team = old.get_model("accounts", "Team").objects.create(name="MT", site="S")
    user = old.get_model("accounts", "User").objects.create(username="mu")
    person = old.get_model("people", "Person").objects.create(
        given_name="Nadia",
        family_name="Haddad",
        family_name_key="haddad",
        born_from=dt.date(1990, 1, 1),
        born_to=dt.date(1990, 12, 31),
        birth_year=1990,
        registered_by_team=team,
        registered_by=user,
    )
    now = timezone.now()
    referral = old.get_model("referrals", "Referral").objects.create(
        person=person,
        team=team,
        source="ed",
        referrer_name="ED nurse",
        reason="Distressed",
        urgency="emergency",
        received_at=now - dt.timedelta(hours=1),
        response_minutes=60,
        recorded_by=user,
    )
    assessment = old.get_model("assessments", "Assessment").objects.create(
        referral=referral, person=person, team=team, started_at=now, started_by=user
    )
    old.get_model("assessments", "Participant").objects.create(
        assessment=assessment,
        kind="staff",
        user=user,
        name="M U",
        role_in_meeting="Clinician",
        expertise="professional",
        joined_at=now,
    )
    executor = MigrationExecutor(connection)
    after = _targets(executor, AFTER)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    (version,) = new.get_model("assessments", "ParticipantVersion").objects.all()
    assert (version.version_number, version.is_current) == (1, True)
    assert (version.role_in_meeting, version.expertise, version.joins_by) == (
        "Clinician",
        "professional",
        "",
    )
    assert version.changed_by_id == user.pk
    assert new.get_model("assessments", "Participant").objects.get().joins_by == ""
    executor = MigrationExecutor(connection)
    executor.migrate(_targets(executor, BEFORE))


def _remove_rows(executor: MigrationExecutor) -> None:
    apps = executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps
    apps.get_model("assessments", "ParticipantVersion").objects.filter(
        participant__assessment__team__name="MT"
    ).delete()
    apps.get_model("assessments", "Participant").objects.filter(
        assessment__team__name="MT"
    ).delete()
    apps.get_model("assessments", "Assessment").objects.filter(team__name="MT").delete()
    apps.get_model("referrals", "Referral").objects.filter(team__name="MT").delete()
    apps.get_model("people", "Person").objects.filter(family_name="Haddad").delete()
    apps.get_model("accounts", "User").objects.filter(username="mu").delete()
    apps.get_model("accounts", "Team").objects.filter(name="MT").delete()
