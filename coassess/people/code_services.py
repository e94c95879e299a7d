"""Issuing, extending and revoking access codes (`people.codes`), each logged."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from coassess.accesslog.models import Action
from coassess.accesslog.services import record_access, record_viewer_access
from coassess.accounts.models import Team, User
from coassess.core.exceptions import DomainError
from coassess.people import codes
from coassess.people.models import AccessCode, Person, Supporter


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


# One message for every refusal, so it says nothing of whether a code exists.
NOT_RECOGNISED = (
    "We could not sign you in with that code and answer. Check the code on your "
    "card or paper, and what you were asked for. If it still does not work, "
    "ask the team for a new code."
)


def sign_in_with_code(typed_code: str, answer: str) -> AccessCode:
    """The code `typed_code` if it is usable now and `answer` is what its
    viewer was asked to know; else DomainError(NOT_RECOGNISED), the same for a
    wrong, expired, revoked or locked code. A wrong answer to a usable code
    counts against it and is logged; at `ACCESS_CODE_ATTEMPTS` it locks."""
    digest = codes.code_digest(typed_code)
    with transaction.atomic():
        code = (
            AccessCode.objects.select_for_update()
            .select_related("person", "team", "supporter")
            .filter(code_digest=digest)
            .first()
        )
        # The answer's hash is taken whether or not the code exists, so a
        # wrong code costs the same work as a wrong answer.
        kind = codes.Known(code.known_kind) if code else codes.Known.WORD
        given = codes.known_digest(kind, answer)
        usable = code is not None and code.usable_at(timezone.now())
        right = code is not None and codes.same_digest(given, code.known_digest)
        if code is not None and usable and not right:
            _count_wrong_answer(code)
    if code is None or not usable or not right:
        raise DomainError(NOT_RECOGNISED)
    return code


def _count_wrong_answer(code: AccessCode) -> None:
    code.failed_attempts += 1
    fields = ["failed_attempts"]
    if code.failed_attempts >= settings.ACCESS_CODE_ATTEMPTS:
        code.locked_at = timezone.now()
        fields.append("locked_at")
    code.save(update_fields=fields)
    record_viewer_access(code, code.person, Action.REFUSED, "access code", code.pk)
