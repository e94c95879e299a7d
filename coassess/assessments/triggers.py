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

from coassess.core.triggers import Counted, change_counter

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


def _row(table: str, names: str) -> Counted:
    old, new = names.format("OLD"), names.format("NEW")
    return Counted(
        table,
        {"INSERT": f"= {new}", "UPDATE": f"IN ({old}, {new})", "DELETE": f"= {old}"},
    )


TRIGGERS = change_counter(
    prefix="revision",
    count_table="assessments_assessmentrevision",
    key="assessment_id",
    owner_table="assessments_assessment",
    sources=[
        *(_row(table, names) for table, names in ROWS.items()),
        # A member of staff's name is shown beside what they typed.
        Counted(
            "accounts_user",
            {
                "UPDATE": "IN (SELECT assessment_id FROM assessments_contribution"
                " WHERE scribe_id = NEW.id)"
            },
            columns=("first_name", "last_name", "username"),
        ),
    ],
)
