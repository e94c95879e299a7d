"""The session store: Django's database sessions, with the one read every
signed-in request makes compiled once per connection (`core.prepared`).

Sessions stay in the database so that signing out, a revoked code or the
idle limit ends a session for every copy of its cookie. Only how the row is
read changes: the same row, read afresh on every request, never kept.
"""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db.models import CharField, DateTimeField
from django.utils import timezone

from coassess.core.prepared import Prepared

_SESSION = Prepared(
    lambda key, now: Session.objects.filter(
        session_key=key, expire_date__gt=now
    ).values_list("session_key", "session_data", "expire_date"),
    CharField(),
    DateTimeField(),
)


class SessionStore(db.SessionStore):
    """`django.contrib.sessions.backends.db.SessionStore`, reading its row
    through a prepared query."""

    def _get_session_from_db(self) -> Session | None:
        """The unexpired session row for this key, or None (and the key is
        dropped, as Django's store does, so a new one is made on save)."""
        found = _SESSION.rows(self.session_key, timezone.now())
        if not found:
            self._session_key = None
            return None
        key, data, expires = found[0]
        return Session(session_key=key, session_data=data, expire_date=expires)
