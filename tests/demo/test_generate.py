"""The synthetic data generator behind `coassess generate`."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command

from coassess.accesslog.models import AccessEvent
from coassess.accounts.models import Team, User
from coassess.demo import data as demo
from coassess.demo import synthetic_people as synthetic
from coassess.people.models import Person, name_key
from coassess.people.nhs_number import is_valid

FIELDS = (
    "given_name",
    "family_name",
    "preferred_name",
    "pronouns",
    "date_of_birth",
    "nhs_number",
    "preferred_language",
    "interpreter_needed",
    "communication_needs",
)


def generate(team: Team, actor: User, count: int, seed: int, **kwargs: Any) -> int:
    return synthetic.generate_people(
        team=team, registered_by=actor, count=count, seed=seed, **kwargs
    )


def rows(team: Team) -> list[tuple[object, ...]]:
    people = Person.objects.filter(registered_by_team=team)
    return sorted(tuple(getattr(p, f) for f in FIELDS) for p in people)


def test_it_adds_the_people_asked_for(db: None, team: Team, clinician: User) -> None:
    assert generate(team, clinician, 50, seed=7, batch_size=20) == 50

    people = list(Person.objects.filter(registered_by_team=team))
    assert len(people) == 50
    numbers = [p.nhs_number for p in people if p.nhs_number]
    assert numbers, "most people have an NHS number"
    assert len(numbers) < 50, "some people have none"
    assert all(is_valid(n) and n.startswith("999") for n in numbers)
    assert len(set(numbers)) == len(numbers)
    demo_numbers = {
        demo.demo_nhs_number(d.nhs_serial) for d in demo.DEMO_PEOPLE if d.nhs_serial
    }
    assert not demo_numbers & set(numbers)
    for p in people:
        assert p.family_name_key == name_key(p.family_name)
        assert p.registered_by == clinician
    assert len({p.family_name for p in people}) > 20, "names vary"
    assert not AccessEvent.objects.exists(), "making test data is not reading a record"


def test_the_same_seed_gives_the_same_people(
    db: None, team: Team, clinician: User
) -> None:
    generate(team, clinician, 50, seed=3)
    first = rows(team)
    Person.objects.all().delete()

    generate(team, clinician, 50, seed=3)

    assert rows(team) == first
    plan = synthetic.plan_people
    assert list(plan(50, seed=3)) == list(plan(50, seed=3))
    assert list(plan(50, seed=3)) != list(plan(50, seed=4))


def test_running_again_skips_nhs_numbers_already_used(
    db: None, team: Team, clinician: User
) -> None:
    generate(team, clinician, 50, seed=3)
    generate(team, clinician, 50, seed=3)

    numbers = [n for n in Person.objects.values_list("nhs_number", flat=True) if n]
    assert Person.objects.count() == 100
    assert len(set(numbers)) == len(numbers)


def test_the_command_refuses_in_production(db: None, team: Team, settings: Any) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("generate", people=5, team=team.name, verbosity=0)
    assert not Person.objects.exists()


def test_the_command_adds_people_to_a_named_team(
    db: None, team: Team, clinician: User
) -> None:
    call_command("generate", people=30, seed=2, team=team.name, verbosity=0)

    added = Person.objects.filter(registered_by_team=team, registered_by=clinician)
    assert added.count() == 30
