"""Count changes to what an assessment's pages show, in the database itself.

`AssessmentRevision.number` goes up by one on every insert, update or delete
of a row shown on an assessment's pages, whichever code or person makes the
change, and for both assessments when a row moves from one to another. Kept
pages are keyed by it (`assessments.page_cache`, ADR 0005, hazard H18), so
none can outlive a change. Installed by migration 0003 and kept in place by
`coassess.core.triggers`; tests/assessments/test_page_cache.py changes every
table listed here by hand.
"""

from __future__ import annotations

from coassess.core.triggers import TriggerSet

COUNT = "assessments_assessmentrevision"
_DECISION = "(SELECT context_id FROM decisions_decision WHERE id = {}.decision_id)"

# table -> how one of its rows names its assessment ({} is NEW or OLD)
ROWS = {
    "assessments_participant": "{}.assessment_id",
    "assessments_contribution": "{}.assessment_id",
    "assessments_immediateconcern": "{}.assessment_id",
    "assessments_knownsource": "{}.assessment_id",
    "assessments_corroboration": "{}.assessment_id",
    "assessments_capacityassessment": "{}.assessment_id",
    "assessments_dispute": (
        "(SELECT assessment_id FROM assessments_contribution WHERE id = {}.contribution_id)"
    ),
    "assessments_immediateconcern_agreed_by": (
        "(SELECT assessment_id FROM assessments_immediateconcern"
        " WHERE id = {}.immediateconcern_id)"
    ),
    # Decisions belong to a context: an assessment, or its plan, by the same id.
    "decisions_decision": "{}.context_id",
    "decisions_option": _DECISION,
    "decisions_position": _DECISION,
    "decisions_outcome": _DECISION,
}
# A member of staff's name is shown beside what they typed.
STAFF_NAME = ("first_name", "last_name", "username")
_SCRIBED = (
    f"UPDATE {COUNT} SET number = number + 1 WHERE assessment_id IN "
    "(SELECT assessment_id FROM assessments_contribution WHERE scribe_id = NEW.id)"
)
NEW_ASSESSMENT = f"INSERT INTO {COUNT} (assessment_id, number) VALUES (NEW.id, 0)"


def _bump(where: str) -> str:
    return f"UPDATE {COUNT} SET number = number + 1 WHERE assessment_id {where}"


def _for(event: str, names: str) -> str:
    if event == "INSERT":
        return _bump(f"= {names.format('NEW')}")
    if event == "DELETE":
        return _bump(f"= {names.format('OLD')}")
    return _bump(f"IN ({names.format('OLD')}, {names.format('NEW')})")


def _sqlite() -> tuple[list[str], list[str], list[str]]:
    create = [
        "CREATE TRIGGER revision_new_assessment AFTER INSERT ON assessments_assessment "
        f"BEGIN {NEW_ASSESSMENT}; END;"
    ]
    names = ["revision_new_assessment"]
    for table, row in ROWS.items():
        for event in ("INSERT", "UPDATE", "DELETE"):
            name = f"revision_{table}_{event.lower()}"
            names.append(name)
            create.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} "
                f"BEGIN {_for(event, row)}; END;"
            )
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in STAFF_NAME)
    create.append(
        f"CREATE TRIGGER revision_staff_name AFTER UPDATE OF {', '.join(STAFF_NAME)} "
        f"ON accounts_user WHEN {changed} BEGIN {_SCRIBED}; END;"
    )
    names.append("revision_staff_name")
    return create, [f"DROP TRIGGER IF EXISTS {n};" for n in names], names


def _postgres() -> tuple[list[str], list[str], list[str]]:
    create = [
        f"""CREATE OR REPLACE FUNCTION revision_new_assessment() RETURNS trigger AS $$
            BEGIN {NEW_ASSESSMENT}; RETURN NULL; END; $$ LANGUAGE plpgsql;""",
        """CREATE TRIGGER revision_new_assessment AFTER INSERT ON assessments_assessment
           FOR EACH ROW EXECUTE FUNCTION revision_new_assessment();""",
    ]
    drop = ["DROP TRIGGER IF EXISTS revision_new_assessment ON assessments_assessment;"]
    names = ["revision_new_assessment"]
    for table, row in ROWS.items():
        name = f"revision_{table}"
        names.append(name)
        create += [
            f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
                BEGIN
                  IF TG_OP = 'INSERT' THEN {_for("INSERT", row)};
                  ELSIF TG_OP = 'DELETE' THEN {_for("DELETE", row)};
                  ELSE {_for("UPDATE", row)};
                  END IF;
                  RETURN NULL;
                END; $$ LANGUAGE plpgsql;""",
            f"""CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION {name}();""",
        ]
        drop.append(f"DROP TRIGGER IF EXISTS {name} ON {table};")
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in STAFF_NAME)
    create += [
        f"""CREATE OR REPLACE FUNCTION revision_staff_name() RETURNS trigger AS $$
            BEGIN {_SCRIBED}; RETURN NULL; END; $$ LANGUAGE plpgsql;""",
        f"""CREATE TRIGGER revision_staff_name AFTER UPDATE OF {", ".join(STAFF_NAME)}
            ON accounts_user FOR EACH ROW WHEN ({changed})
            EXECUTE FUNCTION revision_staff_name();""",
    ]
    drop.append("DROP TRIGGER IF EXISTS revision_staff_name ON accounts_user;")
    names.append("revision_staff_name")
    return create, drop, names


_LITE, _PG = _sqlite(), _postgres()
TRIGGERS = TriggerSet(
    tables=(COUNT, "assessments_assessment", "accounts_user", *ROWS),
    create={"sqlite": _LITE[0], "postgresql": _PG[0]},
    drop={"sqlite": _LITE[1], "postgresql": _PG[1]},
    names={"sqlite": _LITE[2], "postgresql": _PG[2]},
)
