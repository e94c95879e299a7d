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

from coassess.core.triggers import TriggerSet

COUNT = "referrals_boardrevision"
NEW_TEAM = f"INSERT INTO {COUNT} (team_id, number) VALUES (NEW.id, 0)"

# table -> events -> which teams' boards show the row
ROWS: dict[str, dict[str, str]] = {
    "referrals_referral": {
        "INSERT": "= NEW.team_id",
        "UPDATE": "IN (OLD.team_id, NEW.team_id)",
        "DELETE": "= OLD.team_id",
    },
    "people_person": {
        "UPDATE": "IN (SELECT team_id FROM referrals_referral WHERE person_id = NEW.id)",
    },
    "assessments_assessment": {
        "INSERT": "= NEW.team_id",
        "UPDATE": "IN (OLD.team_id, NEW.team_id)",
        "DELETE": "= OLD.team_id",
    },
}


def _bump(teams: str) -> str:
    return f"UPDATE {COUNT} SET number = number + 1 WHERE team_id {teams}"


def _sqlite() -> tuple[list[str], list[str], list[str]]:
    create = [
        f"CREATE TRIGGER board_new_team AFTER INSERT ON accounts_team BEGIN {NEW_TEAM}; END;"
    ]
    names = ["board_new_team"]
    for table, events in ROWS.items():
        for event, teams in events.items():
            name = f"board_{table}_{event.lower()}"
            names.append(name)
            create.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} "
                f"BEGIN {_bump(teams)}; END;"
            )
    return create, [f"DROP TRIGGER IF EXISTS {n};" for n in names], names


def _postgres() -> tuple[list[str], list[str], list[str]]:
    create = [
        f"""CREATE OR REPLACE FUNCTION board_new_team() RETURNS trigger AS $$
            BEGIN {NEW_TEAM}; RETURN NULL; END; $$ LANGUAGE plpgsql;""",
        """CREATE TRIGGER board_new_team AFTER INSERT ON accounts_team
           FOR EACH ROW EXECUTE FUNCTION board_new_team();""",
    ]
    drop = ["DROP TRIGGER IF EXISTS board_new_team ON accounts_team;"]
    names = ["board_new_team"]
    for table, events in ROWS.items():
        name = f"board_{table}"
        names.append(name)
        branches = " ".join(
            f"{'IF' if i == 0 else 'ELSIF'} TG_OP = '{event}' THEN {_bump(teams)};"
            for i, (event, teams) in enumerate(events.items())
        )
        create += [
            f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
                BEGIN {branches} END IF; RETURN NULL; END; $$ LANGUAGE plpgsql;""",
            f"""CREATE TRIGGER {name} AFTER {" OR ".join(events)} ON {table}
                FOR EACH ROW EXECUTE FUNCTION {name}();""",
        ]
        drop.append(f"DROP TRIGGER IF EXISTS {name} ON {table};")
    return create, drop, names


_LITE, _PG = _sqlite(), _postgres()
TRIGGERS = TriggerSet(
    tables=(COUNT, "accounts_team", *ROWS),
    create={"sqlite": _LITE[0], "postgresql": _PG[0]},
    drop={"sqlite": _LITE[1], "postgresql": _PG[1]},
    names={"sqlite": _LITE[2], "postgresql": _PG[2]},
)
