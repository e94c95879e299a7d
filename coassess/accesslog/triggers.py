"""The access log is append-only in the database itself.

UPDATE and DELETE on accesslog_accessevent fail on both SQLite and PostgreSQL,
and so does every statement that rewrites a row another way: on SQLite an
INSERT OR REPLACE (or REPLACE) over an existing event, whose implicit delete
fires no DELETE trigger while recursive triggers are off, is refused before it
runs; an upsert's update meets the UPDATE trigger; on PostgreSQL TRUNCATE,
which fires no row trigger, has a statement trigger. The app only ever inserts; this stops a bug, a hand-typed statement or a
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
            """CREATE TRIGGER accessevent_no_replace BEFORE INSERT ON accesslog_accessevent
               WHEN EXISTS (SELECT 1 FROM accesslog_accessevent WHERE id = NEW.id)
               BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;""",
        ],
        "postgresql": [
            """CREATE OR REPLACE FUNCTION accessevent_refuse_change() RETURNS trigger AS $$
               BEGIN RAISE EXCEPTION 'the access log is append-only'; END;
               $$ LANGUAGE plpgsql;""",
            """CREATE TRIGGER accessevent_no_update_delete
               BEFORE UPDATE OR DELETE ON accesslog_accessevent
               FOR EACH ROW EXECUTE FUNCTION accessevent_refuse_change();""",
            """CREATE TRIGGER accessevent_no_truncate
               BEFORE TRUNCATE ON accesslog_accessevent
               FOR EACH STATEMENT EXECUTE FUNCTION accessevent_refuse_change();""",
        ],
    },
    drop={
        "sqlite": [
            "DROP TRIGGER IF EXISTS accessevent_no_update;",
            "DROP TRIGGER IF EXISTS accessevent_no_delete;",
            "DROP TRIGGER IF EXISTS accessevent_no_replace;",
        ],
        "postgresql": [
            "DROP TRIGGER IF EXISTS accessevent_no_update_delete ON accesslog_accessevent;",
            "DROP TRIGGER IF EXISTS accessevent_no_truncate ON accesslog_accessevent;",
        ],
    },
    names={
        "sqlite": [
            "accessevent_no_update",
            "accessevent_no_delete",
            "accessevent_no_replace",
        ],
        "postgresql": ["accessevent_no_update_delete", "accessevent_no_truncate"],
    },
)
