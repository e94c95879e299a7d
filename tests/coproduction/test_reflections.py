"""Reflections: saved privately with their instrument's version, refused when
wrong with nothing saved, and read out only as counts from at least
MIN_RESPONSES answers (the threshold is in the query layer)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from coassess.accesslog.models import AccessEvent
from coassess.accounts.models import Team, User
from coassess.coproduction import queries, services
from coassess.coproduction.instruments import Kind
from coassess.coproduction.models import Reflection, SubjectKind, ValueRating, Voice
from coassess.coproduction.queries import (
    LIVED_GROUP,
    MIN_RESPONSES,
    STAFF_GROUP,
    Distribution,
    summarise_reflections,
)
from coassess.core.exceptions import DomainError


def meeting(team: Team) -> services.Subject:
    """A subject of a kind no app builds yet: reflections need no schema for it."""
    return services.Subject(SubjectKind.MEETING, uuid.uuid4(), team)


def answers(
    team: Team,
    voice: str = Voice.STAFF,
    ratings: dict[str, tuple[int | None, str]] | None = None,
    rung: str = "",
    **extra: Any,
) -> services.ReflectionAnswers:
    return services.ReflectionAnswers(
        voice=voice,
        asked=voice in (Voice.PERSON, Voice.SUPPORTER),
        values_version=services.current_instrument(team, Kind.VALUES),
        ratings={"respect": (4, "")} if ratings is None else ratings,
        ladder_version=services.current_instrument(team, Kind.TLAP),
        rung=rung,
        ladder_comment="",
        **extra,
    )


def reflect(
    actor: User,
    subject: services.Subject | None = None,
    **kwargs: Any,
) -> Reflection:
    team = actor.membership.team  # type: ignore[union-attr]
    reflection, new = services.record_reflection(
        actor=actor,
        subject=subject or meeting(team),
        answers=answers(team, **kwargs),
        token=uuid.uuid4(),
    )
    assert new
    return reflection


def test_four_from_people_with_lived_experience_show_nothing_and_five_show_counts(
    clinician: User, team: Team
) -> None:
    subject = meeting(team)
    ratings = [5, 4, 4, None, 2]
    for rating in ratings[:4]:
        reflect(
            clinician,
            subject,
            voice=Voice.PERSON,
            ratings={"respect": (rating, "")},
            rung="co_producing",
        )
    four = summarise_reflections(team)
    assert four.reflections == {STAFF_GROUP: 0, LIVED_GROUP: 4}
    assert all(v.lived is None and v.staff is None for v in four.values)
    assert four.placements == {STAFF_GROUP: None, LIVED_GROUP: None}
    assert all(r.lived is None for r in four.rungs)

    reflect(
        clinician,
        subject,
        voice=Voice.SUPPORTER,
        ratings={"respect": (ratings[4], "")},
        rung="consulting",
    )
    five = summarise_reflections(team)
    respect = next(v for v in five.values if v.value_id == "respect")
    assert respect.lived == Distribution(answers=5, counts=(0, 1, 0, 2, 1), dont_know=1)
    assert respect.staff is None
    assert respect.question == "Did people treat each other with respect?"
    assert five.placements == {STAFF_GROUP: None, LIVED_GROUP: 5}
    placed = {r.rung["id"]: r.lived for r in five.rungs}
    assert placed["co_producing"] == 4
    assert placed["consulting"] == 1
    assert placed["coercing"] == 0
    assert MIN_RESPONSES == 5


def test_staff_figures_are_withheld_below_five_as_well(
    users: dict[str, User], team: Team
) -> None:
    staff = [users[p] for p in ("clinician", "peer", "lead", "coproduction")]
    for member in staff:
        reflect(member, voice=Voice.STAFF, ratings={"honesty": (3, "")})
    assert summarise_reflections(team).values[3].staff is None
    reflect(users["clinician"], voice=Voice.STAFF, ratings={"honesty": (5, "")})
    honesty = summarise_reflections(team).values[3]
    assert honesty.value_id == "honesty"
    assert honesty.staff == Distribution(5, (0, 0, 4, 0, 1), 0)
    assert honesty.lived is None


def test_a_value_fewer_than_five_answered_is_withheld_though_five_reflected(
    clinician: User, team: Team
) -> None:
    for n in range(5):
        ratings = {"respect": (4, "")} | ({"courage": (1, "")} if n < 4 else {})
        reflect(clinician, voice=Voice.PERSON, ratings=ratings)
    summary = {v.value_id: v for v in summarise_reflections(team).values}
    assert summary["respect"].lived == Distribution(5, (0, 0, 0, 5, 0), 0)
    assert summary["courage"].lived is None


def test_experts_by_experience_count_with_the_person_and_supporters(
    users: dict[str, User], team: Team
) -> None:
    reflect(users["peer"], voice=Voice.EXPERT, ratings={"equality": (2, "")})
    reflect(users["coproduction"], voice=Voice.EXPERT, ratings={"equality": (2, "")})
    for voice in (Voice.PERSON, Voice.SUPPORTER, Voice.SUPPORTER):
        reflect(users["clinician"], voice=voice, ratings={"equality": (1, "")})
    summary = summarise_reflections(team)
    assert summary.reflections == {STAFF_GROUP: 0, LIVED_GROUP: 5}
    assert summary.values[1].lived == Distribution(5, (3, 2, 0, 0, 0), 0)


def test_the_summary_narrows_to_subjects_kinds_and_times(
    clinician: User, team: Team, other_team: Team
) -> None:
    subject = meeting(team)
    for _ in range(5):
        reflect(clinician, subject, voice=Voice.PERSON)
    later = timezone.now() + dt.timedelta(minutes=1)
    assert summarise_reflections(team, subject_ids=[subject.id]).values[0].lived
    assert (
        summarise_reflections(team, subject_ids=[uuid.uuid4()]).values[0].lived is None
    )
    assert (
        summarise_reflections(team, subject_kind=SubjectKind.PROJECT).values[0].lived
        is None
    )
    assert summarise_reflections(team, since=later).reflections[LIVED_GROUP] == 0
    assert summarise_reflections(team, until=later).reflections[LIVED_GROUP] == 5
    assert summarise_reflections(other_team).reflections[LIVED_GROUP] == 0


def test_a_writer_gets_back_only_their_own_reflection(
    users: dict[str, User], team: Team
) -> None:
    clinician, peer = users["clinician"], users["peer"]
    subject = meeting(team)
    reflect(clinician, subject, voice=Voice.PERSON, ratings={"respect": (1, "Scared")})
    assert queries.own_reflection(clinician, subject.kind, subject.id) is None
    reflect(
        clinician,
        subject,
        voice=Voice.STAFF,
        ratings={"respect": (4, "Went well"), "courage": (None, "")},
        rung="engaging",
    )
    own = queries.own_reflection(clinician, subject.kind, subject.id)
    assert own is not None
    assert [(a.answer, a.comment) for a in own.answers] == [
        ("Mostly", "Went well"),
        ("Don't know", ""),
    ]
    assert own.rung is not None and own.rung["name"] == "Engaging"
    assert queries.own_reflection(peer, subject.kind, subject.id) is None


def test_answers_for_the_person_are_recorded_only_if_they_asked(
    clinician: User, team: Team
) -> None:
    with pytest.raises(DomainError, match="Only record their answers if they asked"):
        services.record_reflection(
            actor=clinician,
            subject=meeting(team),
            answers=services.ReflectionAnswers(
                **(answers(team, Voice.PERSON).__dict__ | {"asked": False})
            ),
            token=uuid.uuid4(),
        )
    assert Reflection.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ratings": {"respect": (7, "")}}, "Choose an answer from"),
        ({"ratings": {"respect": (0, "")}}, "Choose an answer from"),
        ({"ratings": {"kindness": (3, "")}}, "“kindness” is not one of the questions"),
        ({"rung": "top_of_the_world"}, "That step is not on the ladder"),
        ({"ratings": {}}, "Answer at least one question"),
        ({"voice": "manager"}, "Choose whose answers these are"),
    ],
)
def test_bad_answers_are_refused_in_plain_words_and_nothing_is_saved(
    clinician: User, team: Team, changes: dict[str, Any], message: str
) -> None:
    given = answers(team).__dict__ | changes
    with pytest.raises(DomainError, match=message):
        services.record_reflection(
            actor=clinician,
            subject=meeting(team),
            answers=services.ReflectionAnswers(**given),
            token=uuid.uuid4(),
        )
    assert Reflection.objects.count() == 0
    assert ValueRating.objects.count() == 0


def test_a_rung_from_a_ladder_of_another_team_is_refused(
    clinician: User, team: Team, other_team: Team
) -> None:
    given = answers(team).__dict__ | {
        "rung": "partnership",
        "ladder_version": services.current_instrument(other_team, Kind.ARNSTEIN),
    }
    with pytest.raises(DomainError, match="your team's ladder"):
        services.record_reflection(
            actor=clinician,
            subject=meeting(team),
            answers=services.ReflectionAnswers(**given),
            token=uuid.uuid4(),
        )


def test_only_the_subjects_team_can_reflect_on_it(
    users: dict[str, User], team: Team
) -> None:
    with pytest.raises(DomainError, match="Only members of this team"):
        services.record_reflection(
            actor=users["outsider"],
            subject=meeting(team),
            answers=answers(team),
            token=uuid.uuid4(),
        )


def test_the_same_form_sent_twice_saves_once(clinician: User, team: Team) -> None:
    subject, token = meeting(team), uuid.uuid4()
    given = answers(team, Voice.PERSON)
    first, new = services.record_reflection(
        actor=clinician, subject=subject, answers=given, token=token
    )
    again, new_again = services.record_reflection(
        actor=clinician, subject=subject, answers=given, token=token
    )
    assert (new, new_again) == (True, False)
    assert again.pk == first.pk
    assert Reflection.objects.count() == 1
    assert ValueRating.objects.count() == 1


def test_a_second_own_reflection_on_the_same_work_is_refused(
    clinician: User, team: Team
) -> None:
    subject = meeting(team)
    reflect(clinician, subject)
    with pytest.raises(DomainError, match="already given your own reflection"):
        reflect(clinician, subject)
    reflect(clinician, subject, voice=Voice.SUPPORTER)  # for a supporter, still fine
    assert Reflection.objects.count() == 2


def test_the_database_refuses_a_rating_out_of_range_and_a_staff_voice_on_behalf(
    clinician: User, team: Team
) -> None:
    reflection = reflect(clinician)
    with pytest.raises(IntegrityError), transaction.atomic():
        ValueRating.objects.create(reflection=reflection, value_id="honesty", rating=6)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reflection.objects.filter(pk=reflection.pk).update(on_behalf=True)


def test_old_answers_keep_their_version_and_count_with_new_ones(
    users: dict[str, User], team: Team
) -> None:
    lead = users["lead"]
    first = reflect(users["clinician"], voice=Voice.PERSON)
    v2 = services.revise_instrument(
        actor=lead,
        team=team,
        kind=Kind.VALUES,
        based_on=1,
        texts={"respect": "Did people show each other respect?"},
        reason="Our group found this easier to read.",
    )
    assert v2.number == 2
    first.refresh_from_db()
    assert first.values_version.number == 1
    assert first.values_version.items[0]["text"] == (
        "Did people treat each other with respect?"
    )
    later = [reflect(users["clinician"], voice=Voice.PERSON) for _ in range(4)]
    assert {r.values_version_id for r in later} == {v2.pk}
    respect = summarise_reflections(team).values[0]
    assert respect.question == "Did people show each other respect?"
    assert respect.lived == Distribution(5, (0, 0, 0, 5, 0), 0)


def test_every_reflection_is_logged_with_its_writer(
    clinician: User, team: Team
) -> None:
    reflection = reflect(clinician)
    event = AccessEvent.objects.get(what="reflection")
    assert event.object_id == str(reflection.pk)
    assert event.actor == clinician


def test_the_summary_takes_the_same_few_queries_however_many_answered(
    users: dict[str, User], team: Team, django_assert_num_queries: Any
) -> None:
    for _ in range(3):
        reflect(users["clinician"], voice=Voice.PERSON, rung="engaging")
    with django_assert_num_queries(queries.SUMMARY_QUERIES):
        summarise_reflections(team)
    for _ in range(12):
        reflect(
            users["clinician"],
            voice=Voice.SUPPORTER,
            ratings=dict.fromkeys(("respect", "honesty", "courage"), (3, "")),
            rung="coercing",
        )
    with django_assert_num_queries(queries.SUMMARY_QUERIES):
        summary = summarise_reflections(team)
    assert summary.reflections[LIVED_GROUP] == 15
