"""Access codes in the domain layer: what the viewer may type, how long a code
lasts, extending and revoking, locking, and the limit per client address."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from coassess.accesslog.models import AccessEvent, Action
from coassess.accounts.models import User
from coassess.core.exceptions import DomainError
from coassess.people import codes
from coassess.people.code_services import (
    NOT_RECOGNISED,
    extend_code,
    issue_code,
    revoke_code,
    sign_in_with_code,
)
from coassess.people.models import AccessCode, Person, SignInAttempt, Supporter
from coassess.people.services import add_supporter

pytestmark = pytest.mark.django_db

HERE = "192.0.2.10"


def _issue(
    clinician: User,
    person: Person,
    *,
    supporter: Supporter | None = None,
    kind: codes.Known = codes.Known.DATE_OF_BIRTH,
    answer: str = "1991-04-12",
    expires_at: dt.datetime | None = None,
) -> tuple[AccessCode, codes.NewCode]:
    membership = clinician.membership
    assert membership is not None
    return issue_code(
        actor=clinician,
        person=person,
        team=membership.team,
        supporter=supporter,
        known_kind=kind,
        known_answer=answer,
        expires_at=expires_at,
    )


@pytest.mark.parametrize(
    "typed",
    [
        "12 4 1991",
        "12/04/1991",
        "12-4-1991",
        "1991-04-12",
        "12.04.1991",
        " 12  April 1991 ",
        "12th apr 1991",
    ],
)
def test_a_date_of_birth_is_read_however_it_is_typed(
    clinician: User, person: Person, typed: str
) -> None:
    _, made = _issue(clinician, person)
    code = sign_in_with_code(made.shown, typed, address=HERE)
    assert code.person_id == person.pk


@pytest.mark.parametrize("typed", ["4 12 1991", "12 4 91", "1991", "twelve", ""])
def test_a_different_or_partial_date_is_refused(
    clinician: User, person: Person, typed: str
) -> None:
    _, made = _issue(clinician, person)
    with pytest.raises(DomainError, match="could not sign you in"):
        sign_in_with_code(made.text, typed, address=HERE)


def test_date_of_birth_parsing() -> None:
    assert codes.date_of_birth("31/12/1999") == dt.date(1999, 12, 31)
    assert codes.date_of_birth("1999 12 31") == dt.date(1999, 12, 31)
    assert codes.date_of_birth("31 Sept 1999") is None  # no 31st of September
    assert codes.date_of_birth("12 4") is None


def test_a_supporter_gives_the_last_four_numbers_of_their_phone(
    clinician: User, person: Person
) -> None:
    mum = add_supporter(
        actor=clinician,
        person=person,
        data={"name": "Maggie Reid", "relationship": "mum", "phone": "07700 900101"},
    )
    _, made = _issue(
        clinician, person, supporter=mum, kind=codes.Known.PHONE_DIGITS, answer="0101"
    )
    assert sign_in_with_code(made.text, "0101", address=HERE).supporter_id == mum.pk
    # The whole number works too: only its last 4 numbers are compared.
    assert sign_in_with_code(made.text, "07700 900101", address=HERE)
    with pytest.raises(DomainError):
        sign_in_with_code(made.text, "0102", address=HERE)


def test_an_agreed_word_ignores_case_and_spaces(
    clinician: User, person: Person
) -> None:
    _, made = _issue(
        clinician, person, kind=codes.Known.WORD, answer="Blue  Lighthouse"
    )
    assert sign_in_with_code(made.text, " blue lighthouse ", address=HERE)


def test_a_code_lasts_12_hours_unless_chosen_and_30_days_at_most(
    clinician: User, person: Person
) -> None:
    now = timezone.now()
    code, _ = _issue(clinician, person)
    assert abs(code.expires_at - (now + dt.timedelta(hours=12))) < dt.timedelta(
        minutes=1
    )
    with pytest.raises(DomainError, match="30 days at most"):
        _issue(clinician, person, expires_at=now + dt.timedelta(days=30, minutes=5))
    with pytest.raises(DomainError, match="into the future"):
        _issue(clinician, person, expires_at=now - dt.timedelta(minutes=1))


def test_a_code_is_extended_but_never_beyond_30_days_from_now(
    clinician: User, person: Person
) -> None:
    code, made = _issue(clinician, person)
    later = timezone.now() + dt.timedelta(days=7)
    extend_code(actor=clinician, code=code, expires_at=later)
    code.refresh_from_db()
    assert code.expires_at == later
    with pytest.raises(DomainError, match="30 days at most"):
        extend_code(
            actor=clinician,
            code=code,
            expires_at=timezone.now() + dt.timedelta(days=31),
        )
    with pytest.raises(DomainError, match="not later"):
        extend_code(
            actor=clinician, code=code, expires_at=later - dt.timedelta(hours=1)
        )
    events = AccessEvent.objects.filter(what="access code extended", person=person)
    assert events.count() == 1 and events.get().actor == clinician


def test_an_ended_code_cannot_be_extended(clinician: User, person: Person) -> None:
    code, _ = _issue(clinician, person)
    revoke_code(actor=clinician, code=code)
    with pytest.raises(DomainError, match="has ended"):
        extend_code(
            actor=clinician,
            code=code,
            expires_at=timezone.now() + dt.timedelta(days=2),
        )


def test_five_wrong_answers_lock_the_code_for_good(
    clinician: User, person: Person
) -> None:
    code, made = _issue(clinician, person)
    for _ in range(5):
        with pytest.raises(DomainError):
            sign_in_with_code(made.text, "1 1 1990", address=HERE)
    code.refresh_from_db()
    assert code.failed_attempts == 5 and code.locked_at is not None
    # The right answer no longer opens it, and nothing unlocks it.
    with pytest.raises(DomainError, match="could not sign you in"):
        sign_in_with_code(made.text, "12 4 1991", address="198.51.100.7")
    refused = AccessEvent.objects.filter(action=Action.REFUSED, person=person)
    assert [e.what for e in refused.order_by("id")] == [
        "access code: wrong answer",
        "access code: wrong answer",
        "access code: wrong answer",
        "access code: wrong answer",
        "access code: wrong answer; now locked",
        "access code: code locked",
    ]


def test_twenty_refusals_from_one_address_refuse_it_for_15_minutes(
    clinician: User, person: Person
) -> None:
    _, made = _issue(clinician, person)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(20):
            with pytest.raises(DomainError):
                sign_in_with_code("ZZZZZ-ZZZZZ", "12 4 1991", address=HERE)
        # Even the right code and answer are refused from that address now...
        with pytest.raises(DomainError, match="could not sign you in"):
            sign_in_with_code(made.text, "12 4 1991", address=HERE)
        # ...but not from another, and the code has not been counted against.
        assert sign_in_with_code(made.text, "12 4 1991", address="198.51.100.7")
    with time_machine.travel(start + dt.timedelta(minutes=15, seconds=1), tick=False):
        assert sign_in_with_code(made.text, "12 4 1991", address=HERE)
        # Tries older than the window are gone: only the address's hash was kept.
        assert (
            SignInAttempt.objects.filter(at__lt=start + dt.timedelta(seconds=1)).count()
            == 0
        )
    assert not SignInAttempt.objects.filter(address_digest=HERE).exists()
    limited = AccessEvent.objects.filter(
        action=Action.REFUSED, what="access code: too many tries from one place"
    )
    assert limited.count() == 1 and limited.get().person_id == person.pk


def test_every_refusal_gives_one_message(clinician: User, person: Person) -> None:
    assert "call the number on your card" in NOT_RECOGNISED
    assert "ask the team for a new one" in NOT_RECOGNISED
