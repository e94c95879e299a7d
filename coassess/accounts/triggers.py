"""Account changes are append-only in the database itself, like the access log:
every statement that would rewrite or remove an AccountEvent is refused on
SQLite and PostgreSQL (`core.triggers.append_only`). Installed by migration
0004 and kept in place by `coassess.core.triggers`."""

from __future__ import annotations

from coassess.core.triggers import append_only

ACCOUNT_EVENTS = append_only(
    "accounts_accountevent",
    prefix="accountevent",
    message="account changes are append-only",
)
