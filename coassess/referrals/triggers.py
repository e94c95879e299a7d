"""Count changes to what each team's board shows, in the database itself.

`BoardRevision.number` goes up by one whenever a row the board shows changes,
whichever code or person changes it: a referral of the team is recorded,
updated (seen, closed, moved to another team: both teams) or deleted; a person
with a referral to the team is changed; an assessment is started or removed.
The board is kept per revision and minute (`referrals.presenters.board_for`,
ADR 0005). Installed by migration 0002 and kept in place by
`coassess.core.triggers`; tests/referrals/test_board_revision.py checks them.
"""

from __future__ import annotations

from coassess.core.triggers import Counted, change_counter

_OF_THE_TEAM = {
    "INSERT": "= NEW.team_id",
    "UPDATE": "IN (OLD.team_id, NEW.team_id)",
    "DELETE": "= OLD.team_id",
}

TRIGGERS = change_counter(
    prefix="board",
    count_table="referrals_boardrevision",
    key="team_id",
    owner_table="accounts_team",
    sources=[
        Counted("referrals_referral", _OF_THE_TEAM),
        Counted(
            "people_person",
            {
                "UPDATE": "IN (SELECT team_id FROM referrals_referral WHERE person_id = NEW.id)"
            },
        ),
        Counted("assessments_assessment", _OF_THE_TEAM),
    ],
)
