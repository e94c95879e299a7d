"""The audit tables are append-only in the database itself.

The access log, break-glass grants and their reviews each refuse every
statement that rewrites a row, on SQLite and PostgreSQL
(`core.triggers.append_only` says which statements and how). The app only ever
inserts into them: a review of a grant is a new row, never a change to the
grant. This stops a bug, a hand-typed statement or a compromised view from
rewriting history (hazard H3). Installed by migrations 0002 and 0007 and kept
in place by `coassess.core.triggers`.
"""

from __future__ import annotations

from coassess.core.triggers import append_only

EVENTS = append_only(
    "accesslog_accessevent",
    prefix="accessevent",
    message="the access log is append-only",
)
GRANTS = append_only(
    "accesslog_breakglassgrant",
    prefix="breakglassgrant",
    message="break-glass grants are append-only",
)
REVIEWS = append_only(
    "accesslog_grantreview",
    prefix="grantreview",
    message="break-glass reviews are append-only",
)
# One set per table, so each is installed as soon as its own table exists.
TRIGGER_SETS = (EVENTS, GRANTS, REVIEWS)
