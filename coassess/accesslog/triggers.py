"""The access log is append-only in the database itself.

UPDATE and DELETE on accesslog_accessevent fail on both SQLite and PostgreSQL.
The app only ever inserts; this stops a bug, a hand-typed statement or a
compromised view from rewriting history (hazard H3). Installed by migration
0002 and kept in place by `coassess.core.triggers`.
"""

from __future__ import annotations

from coassess.core.triggers import TriggerSet

TRIGGERS = TriggerSet(
    tables=("accesslog_accessevent",),
    create={
        "sqlite": [
            """CREATE TRIGGER accessevent_no_update BEFORE UPDATE ON accesslog_accessevent
               BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;""",
            """CREATE TRIGGER accessevent_no_delete BEFORE DELETE ON accesslog_accessevent
               BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;""",
        ],
        "postgresql": [
            """CREATE OR REPLACE FUNCTION accessevent_refuse_change() RETURNS trigger AS $$
               BEGIN RAISE EXCEPTION 'the access log is append-only'; END;
               $$ LANGUAGE plpgsql;""",
            """CREATE TRIGGER accessevent_no_update_delete
               BEFORE UPDATE OR DELETE ON accesslog_accessevent
               FOR EACH ROW EXECUTE FUNCTION accessevent_refuse_change();""",
        ],
    },
    drop={
        "sqlite": [
            "DROP TRIGGER IF EXISTS accessevent_no_update;",
            "DROP TRIGGER IF EXISTS accessevent_no_delete;",
        ],
        "postgresql": [
            "DROP TRIGGER IF EXISTS accessevent_no_update_delete ON accesslog_accessevent;",
        ],
    },
    names={
        "sqlite": ["accessevent_no_update", "accessevent_no_delete"],
        "postgresql": ["accessevent_no_update_delete"],
    },
)
