"""Recording people as they are, finding them however their name is typed, and
telling apart people who could be confused (on SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable

import pytest
import time_machine
from django.db import IntegrityError, transaction

from coassess.core.exceptions import DomainError
from coassess.people import services
from coassess.people.birth import Birth
from coassess.people.models import Person, name_key
from coassess.people.queries import find_people

Make = Callable[..., Person]
BORN = dt.date(1991, 4, 12)
TODAY = dt.date(2026, 3, 2)


def test_someone_with_one_name_is_recorded_without_another(make_person: Make) -> None:
    wulan = make_person(given_name="Wulan", family_name="", preferred_name="")
    osei = make_person(
        given_name="", family_name="Osei", preferred_name="", nhs_number=""
    )
    wulan.refresh_from_db()
    assert (wulan.given_name, wulan.family_name) == ("Wulan", "")
    assert (wulan.name, wulan.called, wulan.legal_name) == ("Wulan",) * 3
    assert (osei.name, osei.called, osei.legal_name) == ("Osei",) * 3


def test_someone_needs_at_least_one_name(make_person: Make, person: Person) -> None:
    with pytest.raises(DomainError, match="first name or last name"):
        make_person(given_name="", family_name="", preferred_name="", nhs_number="")
    with pytest.raises(DomainError, match="first name or last name"):
        services.update_person(
            actor=person.registered_by,
            person=person,
            data={"given_name": "", "family_name": ""},
            version=person.version,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=person.pk).update(given_name="", family_name="")


@time_machine.travel(dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC), tick=False)
def test_an_unknown_birth_date_is_stored_as_an_estimate(make_person: Make) -> None:
    alex = make_person(
        given_name="Alex",
        family_name="Morgan",
        nhs_number="",
        date_of_birth=None,
        birth=Birth.about(34, TODAY),
    )
    alex.refresh_from_db()
    assert alex.birth_year is None and alex.date_of_birth is None
    assert (alex.estimated_age, alex.age_estimated_on) == (34, TODAY)
    assert alex.identity == "date of birth not known, about 34"


def test_an_incomplete_date_is_stored_as_it_is(make_person: Make) -> None:
    year_only = make_person(nhs_number="", date_of_birth=None, birth=Birth(1991))
    month = make_person(
        given_name="Jo",
        nhs_number="9434765870",
        date_of_birth=None,
        birth=Birth(1990, 6),
    )
    year_only.refresh_from_db()
    month.refresh_from_db()
    assert (year_only.birth_year, year_only.birth_month, year_only.birth_day) == (
        1991,
        None,
        None,
    )
    assert year_only.identity == "born in 1991"
    assert month.identity == "born June 1990, NHS number 943 476 5870"


def test_the_database_holds_a_year_or_an_estimate_never_both(person: Person) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=person.pk).update(
            estimated_age=34, age_estimated_on=TODAY
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=person.pk).update(birth_month=None)  # a day, no month


@pytest.mark.parametrize(
    "typed",
    [
        "O’Brien",  # a phone's curly apostrophe
        "O‘Brien",
        "Oʼbrien",  # the modifier letter apostrophe
        "OBrien",
        "o'brien",
        "O BRIEN",
        "  O'Brien ",
        "Ｏ'Ｂｒｉｅｎ",  # full-width letters
    ],
)
def test_a_name_is_found_however_a_keyboard_writes_it(
    make_person: Make, typed: str
) -> None:
    saved = make_person(given_name="Siobhan", family_name="O'Brien", nhs_number="")
    found = find_people(family_name=typed, birth=Birth.on(BORN))
    assert found == [saved]
    saved.refresh_from_db()
    assert saved.family_name == "O'Brien"  # stored exactly as typed


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("Smith-Jones", "Smith‐Jones"),  # U+2010 hyphen
        ("Smith-Jones", "Smith–Jones"),  # en dash
        ("Smith-Jones", "Smith Jones"),
        ("Zoë", unicodedata.normalize("NFD", "Zoë")),
        (unicodedata.normalize("NFD", "Zoë"), "ZOE"),
        ("Łukasz", "lukasz"),
        ("Nguyễn", "nguyen"),
    ],
)
def test_variants_of_a_name_have_one_key(stored: str, typed: str) -> None:
    assert name_key(stored) == name_key(typed)


def test_marks_that_are_letters_in_other_scripts_are_kept() -> None:
    # Devanagari vowel signs are combining marks but part of the name.
    assert name_key("कविता") != name_key("कवत")
    assert name_key("سارا") == "سارا"


def test_keys_are_stored_and_follow_changes(make_person: Make, person: Person) -> None:
    assert (
        person.given_name_key,
        person.family_name_key,
        person.preferred_name_key,
    ) == (
        "samantha",
        "reid",
        "sam",
    )
    changed = services.update_person(
        actor=person.registered_by,
        person=person,
        data={"family_name": "O’Neill-Reid"},
        version=person.version,
    )
    assert changed.family_name_key == "oneillreid"
    assert changed.given_name_key == "samantha"


def test_someone_with_one_name_is_found_from_either_box(make_person: Make) -> None:
    ngolo = make_person(
        given_name="N’Golo",
        family_name="",
        preferred_name="",
        nhs_number="",
        date_of_birth=None,
        birth=Birth.about(34, TODAY),
    )
    about_35 = Birth.about(35, TODAY)
    assert find_people(given_name="N'Golo", birth=about_35) == [ngolo]
    assert find_people(family_name="ngolo", birth=about_35) == [ngolo]
    assert find_people(family_name="Kanté", given_name="N'Golo", birth=about_35) == [
        ngolo
    ]


def test_searches_match_partial_dates_and_estimates_both_ways(
    make_person: Make,
) -> None:
    whole = make_person(given_name="Alex", family_name="Morgan", nhs_number="")
    by_year = make_person(
        given_name="Alex",
        family_name="Morgan",
        nhs_number="9434765870",
        date_of_birth=None,
        birth=Birth(1991),
        different_person=True,
    )
    assert set(find_people(family_name="Morgan", birth=Birth.on(BORN))) == {
        whole,
        by_year,
    }
    assert find_people(family_name="Morgan", birth=Birth.on(dt.date(1992, 1, 1))) == []
    assert set(find_people(family_name="Morgan", birth=Birth(1991, 4))) == {
        whole,
        by_year,
    }
    assert find_people(family_name="Morgan", birth=Birth(1991, 5)) == [by_year]
    age_then = Birth.about(30, dt.date(2021, 4, 12))  # 30 when BORN was 30
    assert set(find_people(family_name="Morgan", birth=age_then)) == {whole, by_year}
    too_young = Birth.about(20, dt.date(2021, 4, 12))
    assert find_people(family_name="Morgan", birth=too_young) == []


def test_the_same_person_added_twice_is_warned_of(make_person: Make) -> None:
    first = make_person(given_name="D'Arcy", family_name="O'Brien", nhs_number="")
    with pytest.raises(services.PossibleDuplicate) as caught:
        make_person(given_name="D’Arcy", family_name="O’Brien", nhs_number="")
    assert caught.value.people == [first]
    assert caught.value.field == "different_person"
    assert "There may already be a record for this person" in str(caught.value)
    assert Person.objects.count() == 1
    second = make_person(
        given_name="D’Arcy", family_name="O’Brien", nhs_number="", different_person=True
    )
    assert second.pk != first.pk
    assert Person.objects.count() == 2


def test_estimates_and_partial_dates_are_checked_for_duplicates(
    make_person: Make, person: Person
) -> None:
    for birth in (Birth(1991), Birth(1991, 4), Birth.about(34, dt.date(2026, 3, 2))):
        with pytest.raises(services.PossibleDuplicate):
            make_person(nhs_number="", date_of_birth=None, birth=birth)
    make_person(nhs_number="", date_of_birth=None, birth=Birth(1995))  # no warning


def test_different_known_nhs_numbers_are_different_people(
    make_person: Make, person: Person
) -> None:
    other = make_person(nhs_number="9434765870")
    assert other.pk != person.pk


def test_a_placeholder_nhs_number_is_refused_not_matched(make_person: Make) -> None:
    with pytest.raises(DomainError) as caught:
        make_person(nhs_number="9999999999")
    assert "leave it blank if you don't know it" in str(caught.value)
    assert "Another person" not in str(caught.value)
    person = make_person()
    with pytest.raises(DomainError, match="not a real NHS number"):
        services.update_person(
            actor=person.registered_by,
            person=person,
            data={"nhs_number": "0000000000"},
            version=person.version,
        )
    assert not Person.objects.filter(nhs_number__in=["9999999999", "0000000000"])
