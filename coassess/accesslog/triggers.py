"""The audit tables are append-only in the database itself.

The access log refuses every statement that rewrites a row, on SQLite and
PostgreSQL (`core.triggers.append_only` says which statements and how). The app
only ever inserts into it. This stops a bug, a hand-typed statement or a
compromised view from rewriting history (hazard H3). Installed by migration
0002 and kept in place by `coassess.core.triggers`.
"""

from __future__ import annotations

from coassess.core.triggers import append_only

EVENTS = append_only(
    "accesslog_accessevent",
    prefix="accessevent",
    message="the access log is append-only",
)
# One set per table, so each is installed as soon as its own table exists.
TRIGGER_SETS = (EVENTS,)
