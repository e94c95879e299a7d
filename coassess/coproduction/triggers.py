"""The trigger that keeps the measure summary true: a line in the access log
that changes a person's record, or makes their copy as a PDF, deletes the
summary rows of that person's assessments (and the month counts they were in),
in the same transaction, so the next dashboard or export measures them again
from the record (`summary.refresh`) and counts those months again.

Registered with `core.triggers`, so it survives migrations that rebuild the
access log's table on SQLite.
"""

from __future__ import annotations

from coassess.core.triggers import TriggerSet

LOG = "accesslog_accessevent"
SUMMARY = "coproduction_measuresummary"
COUNTS = "coproduction_monthcount"
NAME = "coproduction_summary_stale"

# Changes, and the person's copy made as a PDF (measures.COPY_PDF).
WHEN = (
    "NEW.person_id IS NOT NULL AND "
    "(NEW.action IN ('create', 'update') OR NEW.what = 'person copy pdf')"
)
# First the months those rows were counted in, then the rows.
DELETE = (
    f"DELETE FROM {COUNTS} WHERE EXISTS (SELECT 1 FROM {SUMMARY} s "
    f"WHERE s.person_id = NEW.person_id AND s.team_id = {COUNTS}.team_id "
    f"AND s.month = {COUNTS}.month AND s.source = {COUNTS}.source); "
    f"DELETE FROM {SUMMARY} WHERE person_id = NEW.person_id"
)

STALE = TriggerSet(
    tables=(LOG, SUMMARY, COUNTS),
    create={
        "sqlite": [
            f"CREATE TRIGGER {NAME} AFTER INSERT ON {LOG} WHEN {WHEN} "
            f"BEGIN {DELETE}; END;"
        ],
        "postgresql": [
            f"CREATE OR REPLACE FUNCTION {NAME}() RETURNS trigger AS $$ "
            f"BEGIN IF {WHEN} THEN {DELETE}; END IF; RETURN NULL; END; "
            "$$ LANGUAGE plpgsql",
            f"CREATE TRIGGER {NAME} AFTER INSERT ON {LOG} "
            f"FOR EACH ROW EXECUTE FUNCTION {NAME}()",
        ],
    },
    drop={
        "sqlite": [f"DROP TRIGGER IF EXISTS {NAME}"],
        "postgresql": [f"DROP TRIGGER IF EXISTS {NAME} ON {LOG}"],
    },
    names={"sqlite": [NAME], "postgresql": [NAME]},
)
