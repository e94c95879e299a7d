"""Drafts: words a member of staff typed and has not saved, kept for them alone.

An autosave must never make a record entry: an entry is permanent, and words
someone only clicked away from are not what they meant to record. So an
autosave keeps a `Draft` instead, private to the member who typed it and to one
`target` (a name the calling app gives the form and what it adds to or
changes, at most 200 characters, for example
"entry:<assessment id>:<prompt>:new"). Only the form's Save makes the record;
saving, Discard and expiry delete the draft.

A draft holds personal data, so the app whose record it belongs to logs each
draft it keeps or discards (its service calls these functions and
`record_access` in one transaction). These functions log nothing themselves:
the access log sits above accounts.

Expiry: a draft last kept more than `settings.DRAFT_HOURS` hours ago is never
offered; reading one deletes it, and `coassess purgedrafts` deletes all of
them (run it from cron, or not: the lazy deletion keeps them out of sight).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from coassess.accounts.models import DRAFT_LIMIT, Draft, User
from coassess.core.exceptions import DomainError
from coassess.core.text import TEXT_LIMIT

__all__ = ["DRAFT_LIMIT", "discard", "expired_before", "keep", "offered", "purge"]


def expired_before(now: datetime | None = None) -> datetime:
    """The moment before which a kept draft has expired (now − DRAFT_HOURS)."""
    return (now or timezone.now()) - timedelta(hours=settings.DRAFT_HOURS)


def keep(*, owner: User, target: str, text: str) -> Draft | None:
    """Keep `text` as `owner`'s draft for `target`, replacing any earlier one.

    Text that is only white space keeps nothing and deletes the earlier draft
    (returns None). Text longer than an entry may be (TEXT_LIMIT characters)
    is kept whole, so nothing typed is lost (`Draft.longer_than_an_entry` lets
    the page say to shorten it before saving); text longer than DRAFT_LIMIT
    characters is refused with DomainError and nothing kept changes. Two
    autosaves at once from the same member are safe: the later write wins.
    """
    if not text.strip():
        discard(owner=owner, target=target)
        return None
    if len(text) > DRAFT_LIMIT:
        raise DomainError(
            f"it is longer than {DRAFT_LIMIT:,} characters. An entry can hold "
            f"{TEXT_LIMIT:,}: shorten it, or split it into two entries."
        )
    values = {"text": text, "kept_at": timezone.now()}
    try:
        with transaction.atomic():
            draft, _ = Draft.objects.update_or_create(
                owner=owner, target=target, defaults=values
            )
    except IntegrityError:
        # Another request made it between our look and our insert: update it.
        Draft.objects.filter(owner=owner, target=target).update(**values)
        draft = Draft.objects.get(owner=owner, target=target)
    return draft


def offered(*, owner: User, targets: Iterable[str]) -> dict[str, Draft]:
    """`owner`'s unexpired drafts for any of `targets`, by target, in one query.

    Another member's drafts are never returned. `owner`'s expired drafts for
    these targets are deleted on the way.
    """
    wanted = list(targets)
    mine = Draft.objects.filter(owner=owner, target__in=wanted)
    mine.filter(kept_at__lt=expired_before()).delete()
    return {d.target: d for d in mine.filter(kept_at__gte=expired_before())}


def discard(*, owner: User, target: str) -> bool:
    """Delete `owner`'s draft for `target`; True if there was one."""
    deleted, _ = Draft.objects.filter(owner=owner, target=target).delete()
    return deleted > 0


def purge(now: datetime | None = None) -> int:
    """Delete every expired draft of every member; the number deleted."""
    deleted, _ = Draft.objects.filter(kept_at__lt=expired_before(now)).delete()
    return deleted
