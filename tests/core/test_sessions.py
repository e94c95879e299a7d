"""`core.sessions`: Django's database sessions, read through a prepared query
that still reads the row afresh on every request."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from coassess.core.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_the_site_uses_this_store() -> None:
    assert settings.SESSION_ENGINE == "coassess.core.sessions"


def test_a_saved_session_is_read_back_as_saved() -> None:
    store = SessionStore()
    store["viewer"] = "Sam – ☎ 20 000 chars ok"
    store.save()
    again = SessionStore(store.session_key)
    assert again["viewer"] == "Sam – ☎ 20 000 chars ok"
    assert again.session_key == store.session_key


def test_a_change_in_the_database_shows_at_the_next_read() -> None:
    store = SessionStore()
    store["n"] = 1
    store.save()
    other = SessionStore(store.session_key)
    other["n"] = 2
    other.save()
    assert SessionStore(store.session_key)["n"] == 2


def test_an_expired_or_deleted_session_reads_as_empty_with_a_new_key() -> None:
    store = SessionStore()
    store["n"] = 1
    store.save()
    Session.objects.filter(pk=store.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    expired = SessionStore(store.session_key)
    assert expired.get("n") is None and expired.session_key is None
    flushed = SessionStore()
    flushed["n"] = 1
    flushed.save()
    key = flushed.session_key
    flushed.flush()
    gone = SessionStore(key)
    assert gone.get("n") is None and gone.session_key is None
