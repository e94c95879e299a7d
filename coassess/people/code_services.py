"""Issuing, extending and revoking access codes (`people.codes`), each logged,
and signing in with one."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone

from coassess.accesslog.models import Action
from coassess.accesslog.services import record_access, record_viewer_access
from coassess.accounts.models import Team, User
from coassess.core.exceptions import DomainError
from coassess.people import codes
from coassess.people.models import AccessCode, Person, SignInAttempt, Supporter


@transaction.atomic
def issue_code(
    *,
    actor: User,
    person: Person,
    team: Team,
    supporter: Supporter | None,
    known_kind: codes.Known,
    known_answer: str,
    expires_at: dt.datetime | None = None,
) -> tuple[AccessCode, codes.NewCode]:
    """A new code for `person`'s record as `team` holds it, for the person
    (`supporter` None) or one of their supporters, with the answer the viewer
    must give beside it. Returns the stored code and the code's text, which is
    shown once and never stored.

    Raises DomainError for a supporter of someone else, an empty answer, or an
    expiry in the past or beyond `ACCESS_CODE_MAX_DAYS`.
    """
    now = timezone.now()
    if supporter is not None and supporter.person_id != person.pk:
        raise DomainError("That supporter was not named by this person.")
    if not codes.normalise_known(known_kind, known_answer):
        raise DomainError("Give what they will be asked for beside the code.")
    expires_at = expires_at or codes.default_expiry(now)
    _check_expiry(now, expires_at)
    made = codes.new_code()
    code = AccessCode.objects.create(
        person=person,
        team=team,
        supporter=supporter,
        code_digest=made.digest,
        known_kind=known_kind,
        known_digest=codes.known_digest(known_kind, known_answer),
        issued_by=actor,
        issued_at=now,
        expires_at=expires_at,
    )
    record_access(actor, person, Action.CREATE, "access code", code.pk)
    return code, made


def _check_expiry(now: dt.datetime, expires_at: dt.datetime) -> None:
    if expires_at <= now:
        raise DomainError("The code must last into the future. Choose a later time.")
    if expires_at > codes.latest_expiry(now):
        raise DomainError("A code can last 30 days at most. Choose an earlier date.")


@transaction.atomic
def revoke_code(*, actor: User, code: AccessCode) -> AccessCode:
    """End `code` now: its sessions end at their next request. Revoking a code
    already revoked changes nothing."""
    code = AccessCode.objects.select_for_update().get(pk=code.pk)
    if code.revoked_at is None:
        code.revoked_at = timezone.now()
        code.revoked_by = actor
        code.save(update_fields=["revoked_at", "revoked_by"])
        record_access(actor, code.person, Action.UPDATE, "access code revoked", code.pk)
    return code


@transaction.atomic
def extend_code(
    *, actor: User, code: AccessCode, expires_at: dt.datetime
) -> AccessCode:
    """Let `code` last until `expires_at`: later than it lasts now, and no
    more than `ACCESS_CODE_MAX_DAYS` from now. Raises DomainError for a code
    that has ended (revoked, locked or expired: issue a new one instead) or
    such a time."""
    code = AccessCode.objects.select_for_update().get(pk=code.pk)
    now = timezone.now()
    if not code.usable_at(now):
        raise DomainError(
            "This code has ended, so it cannot be made longer. Give them a new code."
        )
    _check_expiry(now, expires_at)
    if expires_at <= code.expires_at:
        raise DomainError(
            "That is not later than the code lasts now. Choose a later time."
        )
    code.expires_at = expires_at
    code.save(update_fields=["expires_at"])
    record_access(actor, code.person, Action.UPDATE, "access code extended", code.pk)
    return code


# One message for every refusal, so it says nothing of whether a code exists.
NOT_RECOGNISED = (
    "We could not sign you in with that code and answer. Check the code on your "
    "card or paper, and what you were asked for: your date of birth, the word "
    "you agreed, or the last 4 numbers of your phone. If your code is old, ask "
    "the team for a new one: call the number on your card."
)


class Verdict(StrEnum):
    """What became of one try at signing in; all but SIGNED_IN look the same."""

    SIGNED_IN = "signed in"
    TOO_MANY = "too many tries from one place"
    NOT_FOUND = "not recognised"
    REVOKED = "code revoked"
    LOCKED = "code locked"
    EXPIRED = "code expired"
    WRONG_ANSWER = "wrong answer"


def sign_in_with_code(typed_code: str, answer: str, *, address: str) -> AccessCode:
    """The code `typed_code` if it is usable now, `answer` is what its viewer
    was asked to know, and the client `address` has not had
    `ACCESS_CODE_ADDRESS_ATTEMPTS` refusals in `ACCESS_CODE_ADDRESS_MINUTES`;
    else DomainError(NOT_RECOGNISED), the same for a wrong, expired, revoked
    or locked code or a refused address.

    Every try does the same work, whatever the outcome, so neither the answer
    nor its timing tells a refusal's cause: two keyed hashes (the code, the
    answer), the same statements in the same order (`_judged`), one attempt
    row, and for a refusal one access-log event (on the person's record when
    the code was found, else on none). A wrong answer to a usable code counts
    against it; at `ACCESS_CODE_ATTEMPTS` it locks.
    """
    digest = codes.code_digest(typed_code)
    where = codes.address_digest(address)
    with transaction.atomic():
        code, verdict = _judged(digest, answer, where, timezone.now())
    if verdict != Verdict.SIGNED_IN:
        raise DomainError(NOT_RECOGNISED)
    assert code is not None
    return code


def _judged(
    digest: str, answer: str, where: str, now: dt.datetime
) -> tuple[AccessCode | None, Verdict]:
    window = now - dt.timedelta(minutes=settings.ACCESS_CODE_ADDRESS_MINUTES)
    SignInAttempt.objects.filter(at__lt=window).delete()
    refusals = SignInAttempt.objects.filter(
        address_digest=where, at__gte=window, refused=True
    ).count()
    code = (
        # Lock the code's row only: PostgreSQL cannot lock the outer-joined
        # supporter, who is absent for the person's own code.
        AccessCode.objects.select_for_update(of=("self",))
        .select_related("person", "team", "supporter")
        .filter(code_digest=digest)
        .first()
    )
    # The answer's hash is taken whether or not the code exists.
    kind = codes.Known(code.known_kind) if code else codes.Known.DATE_OF_BIRTH
    given = codes.known_digest(kind, answer)
    verdict = _verdict(
        code, given, now, refusals >= settings.ACCESS_CODE_ADDRESS_ATTEMPTS
    )
    locks = _count_wrong_answer(code if verdict == Verdict.WRONG_ANSWER else None, now)
    SignInAttempt.objects.create(
        address_digest=where, at=now, refused=verdict != Verdict.SIGNED_IN
    )
    if verdict != Verdict.SIGNED_IN:
        _log_refusal(code, verdict, locks)
    return code, verdict


def _verdict(
    code: AccessCode | None, given: str, now: dt.datetime, too_many: bool
) -> Verdict:
    if too_many:
        return Verdict.TOO_MANY
    if code is None:
        return Verdict.NOT_FOUND
    if code.revoked_at is not None:
        return Verdict.REVOKED
    if code.locked_at is not None:
        return Verdict.LOCKED
    if not code.usable_at(now):
        return Verdict.EXPIRED
    if not codes.same_digest(given, code.known_digest):
        return Verdict.WRONG_ANSWER
    return Verdict.SIGNED_IN


def _count_wrong_answer(code: AccessCode | None, now: dt.datetime) -> bool:
    """Count a wrong answer against `code`, locking it at the limit; whether
    it locked now. Without a code the same statement runs and changes no row,
    so every try costs the same."""
    limit = settings.ACCESS_CODE_ATTEMPTS
    AccessCode.objects.filter(pk=code.pk if code else uuid.uuid4()).update(
        failed_attempts=F("failed_attempts") + 1,
        locked_at=Case(
            When(failed_attempts__gte=limit - 1, then=Value(now)),
            default=F("locked_at"),
        ),
    )
    return code is not None and code.failed_attempts + 1 >= limit


def _log_refusal(code: AccessCode | None, verdict: Verdict, locks: bool) -> None:
    what = f"access code: {verdict}" + ("; now locked" if locks else "")
    if code is None:
        record_access(None, None, Action.REFUSED, what)
    else:
        record_viewer_access(code, code.person, Action.REFUSED, what, code.pk)
