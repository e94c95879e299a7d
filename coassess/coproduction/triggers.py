"""The triggers that keep the measure summary true.

`STALE`: a line in the access log that changes a person's record, or makes
their copy as a PDF, deletes the summary rows of that person's assessments (and
the month counts they were in), in the same transaction, so the next dashboard
or export measures them again from the record (`summary.refresh`) and counts
those months again.

`DUE`: which assessments those are, kept as they happen rather than found by
comparing every assessment with every summary row on each view (over a million
that comparison alone took longer than the dashboard's budget): a new
assessment, and the assessment of every summary row deleted, get a row in
`SummaryDue`.

Registered with `core.triggers`, so they survive migrations that rebuild these
tables on SQLite.
"""

from __future__ import annotations

from coassess.core.triggers import TriggerSet

LOG = "accesslog_accessevent"
SUMMARY = "coproduction_measuresummary"
COUNTS = "coproduction_monthcount"
NAME = "coproduction_summary_stale"

# Changes, the person's copy made as a PDF (measures.COPY_PDF) and the copy
# opened (measures.COPY: counted when the person opens it in their own view).
WHEN = (
    "NEW.person_id IS NOT NULL AND "
    "(NEW.action IN ('create', 'update') "
    "OR NEW.what IN ('person copy pdf', 'person copy'))"
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

ASSESSMENTS = "assessments_assessment"
DUE_TABLE = "coproduction_summarydue"
NEW_DUE = "coproduction_summary_due_new"
DROPPED_DUE = "coproduction_summary_due_dropped"

# Every assessment without a summary row has a row in the due table: one is
# added with each new assessment and with each summary row deleted. On
# PostgreSQL once per statement (a COPY of a thousand assessments is one
# INSERT into the due table), on SQLite once per row.
DUE = TriggerSet(
    tables=(ASSESSMENTS, SUMMARY, DUE_TABLE),
    create={
        "sqlite": [
            f"CREATE TRIGGER {NEW_DUE} AFTER INSERT ON {ASSESSMENTS} "
            f"BEGIN INSERT INTO {DUE_TABLE} (assessment_id) VALUES (NEW.id); END;",
            f"CREATE TRIGGER {DROPPED_DUE} AFTER DELETE ON {SUMMARY} "
            f"BEGIN INSERT INTO {DUE_TABLE} (assessment_id) "
            "VALUES (OLD.assessment_id); END;",
        ],
        "postgresql": [
            f"CREATE OR REPLACE FUNCTION {NEW_DUE}() RETURNS trigger AS $$ "
            f"BEGIN INSERT INTO {DUE_TABLE} (assessment_id) SELECT id FROM added; "
            "RETURN NULL; END; $$ LANGUAGE plpgsql",
            f"CREATE TRIGGER {NEW_DUE} AFTER INSERT ON {ASSESSMENTS} "
            "REFERENCING NEW TABLE AS added "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {NEW_DUE}()",
            f"CREATE OR REPLACE FUNCTION {DROPPED_DUE}() RETURNS trigger AS $$ "
            f"BEGIN INSERT INTO {DUE_TABLE} (assessment_id) "
            "SELECT assessment_id FROM dropped; RETURN NULL; END; $$ LANGUAGE plpgsql",
            f"CREATE TRIGGER {DROPPED_DUE} AFTER DELETE ON {SUMMARY} "
            "REFERENCING OLD TABLE AS dropped "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {DROPPED_DUE}()",
        ],
    },
    drop={
        "sqlite": [
            f"DROP TRIGGER IF EXISTS {NEW_DUE}",
            f"DROP TRIGGER IF EXISTS {DROPPED_DUE}",
        ],
        "postgresql": [
            f"DROP TRIGGER IF EXISTS {NEW_DUE} ON {ASSESSMENTS}",
            f"DROP TRIGGER IF EXISTS {DROPPED_DUE} ON {SUMMARY}",
        ],
    },
    names={"sqlite": [NEW_DUE, DROPPED_DUE], "postgresql": [NEW_DUE, DROPPED_DUE]},
)
