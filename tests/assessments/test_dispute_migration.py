"""Disputes kept before a dispute could be about any kind of entry become
disputes of an attributed entry, in its assessment, when the database is
migrated (assessments 0009): none is lost or left pointing nowhere.

Like tests/assessments/test_migrations.py, this runs outside the per-test
transaction (migrations change the schema) and removes its own rows, leaving
the schema at the newest migration."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.assessments.test_migrations import _targets

BEFORE = ("assessments", "0008_written_from_own_device")
AFTER = ("assessments", "0009_disputes_of_every_kind")


def test_a_dispute_kept_before_keeps_its_entry_and_gets_its_assessment(
    django_db_setup: None, django_db_blocker: Any
) -> None:
    with django_db_blocker.unblock():
        try:
            _migrate()
        finally:
            executor = MigrationExecutor(connection)
            executor.migrate(executor.loader.graph.leaf_nodes())
            _remove_rows(executor)


def _migrate() -> None:
    executor = MigrationExecutor(connection)
    before = _targets(executor, BEFORE)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    team = old.get_model("accounts", "Team").objects.create(name="DM", site="S")
    user = old.get_model("accounts", "User").objects.create(username="dm")
    person = old.get_model("people", "Person").objects.create(
        given_name="Rhian",
        family_name="Owain-Migrated",
        family_name_key="owain-migrated",
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
    voice = old.get_model("assessments", "Participant").objects.create(
        assessment=assessment,
        kind="person",
        name="Rhian",
        expertise="lived",
        joined_at=now,
    )
    lineage = uuid.uuid4()
    entry = old.get_model("assessments", "Contribution").objects.create(
        assessment=assessment,
        lineage=lineage,
        section="mse.affect",
        voice=voice,
        text="Appeared guarded.",
        scribe=user,
    )
    old.get_model("assessments", "Dispute").objects.create(
        contribution=entry,
        lineage=lineage,
        disputer=voice,
        account="I was tired, not guarded.",
        scribe=user,
    )
    executor = MigrationExecutor(connection)
    after = _targets(executor, AFTER)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    (dispute,) = new.get_model("assessments", "Dispute").objects.filter(
        disputer__assessment__team__name="DM"
    )
    assert dispute.kind == "contribution"
    assert dispute.contribution_id == entry.pk
    assert dispute.assessment_id == assessment.pk
    assert dispute.lineage == lineage
    assert dispute.account == "I was tired, not guarded."


def _remove_rows(executor: MigrationExecutor) -> None:
    apps = executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps
    mine = {"assessment__team__name": "DM"}
    apps.get_model("assessments", "Dispute").objects.filter(**mine).delete()
    apps.get_model("assessments", "Contribution").objects.filter(**mine).delete()
    apps.get_model("assessments", "ParticipantVersion").objects.filter(
        participant__assessment__team__name="DM"
    ).delete()
    apps.get_model("assessments", "Participant").objects.filter(**mine).delete()
    apps.get_model("assessments", "Assessment").objects.filter(team__name="DM").delete()
    apps.get_model("referrals", "Referral").objects.filter(team__name="DM").delete()
    apps.get_model("people", "Person").objects.filter(
        family_name="Owain-Migrated"
    ).delete()
    apps.get_model("accounts", "User").objects.filter(username="dm").delete()
    apps.get_model("accounts", "Team").objects.filter(name="DM").delete()
