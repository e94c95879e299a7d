"""Who has looked at my record: the access log for one person, in words for
them (DESIGN.md §6; Caldicott Principle 8).

Each line says who, by their role and team (never a member of staff's name),
what they did and when: "A health worker (such as a nurse or doctor) from
Northside Liaison Team looked at your record 3 times. This was on 30 November
2026, from 14:05 to 14:40." Someone from a team other than the one that gave the code is said to
be from another team, with that team's name. The person's own sign-ins and
their supporters' are there too, by the supporter's name, which the person
gave us ("Jo Parker (your partner) signed in").

Breaking glass is told in general terms only: that they opened the record
without being in the person's care team, that they had to give a reason, and
that their team lead checks it. The reason itself is free text that may name
or describe other people, so it is never shown here; the person can ask the
team for it (docs/guide/your-own-view.md).

Lines are grouped by day, who and what, newest first; the page shows the
newest `MOST` groups of the newest `READ` events (one query each way).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.utils import timezone

from coassess.accesslog.models import AccessEvent, Action
from coassess.accounts.models import Role, Team
from coassess.core.presenters import local_date
from coassess.people.models import Person
from coassess.people.sharing_models import Category, Disclosure, LawfulBasis

READ = 3000
MOST = 100

ROLE_WORDS: dict[str, str] = {
    Role.CLINICIAN: "a health worker (such as a nurse or doctor)",
    Role.PEER_WORKER: "a peer support worker",
    Role.TEAM_LEAD: "the team lead",
    Role.COPRODUCTION: "a co-production member",
    Role.ADMINISTRATOR: "an administrator",
}
DID: dict[str, str] = {
    Action.VIEW: "looked at your record",
    Action.SEARCH: "saw your name in a list when searching",
    Action.CREATE: "added to your record",
    Action.UPDATE: "changed something in your record",
    Action.BREAK_GLASS: (
        "opened your record without being in your care team. They had to give "
        "a reason, and their team lead checks it"
    ),
    Action.REVIEW: "checked why someone opened your record",
    Action.SIGN_IN: "signed in with a code to see your record",
}
AFTER_BREAK_GLASS = " (after opening it without being in your care team)"
REFUSED = "typed {whose} code but gave the wrong answer, so they could not sign in"
SYSTEM = "The coassess system"


@dataclass(frozen=True)
class Looked:
    """One line: `who` did `did` `times` times on `day`, from `first` to `last`
    (local times), or once at `first`."""

    who: str
    did: str
    day: str
    first: str
    last: str
    times: int
    other_team: bool = False
    break_glass: bool = False

    @property
    def sentence(self) -> str:
        if self.times == 1:
            return f"{self.who} {self.did}. This was on {self.day} at {self.first}."
        return (
            f"{self.who} {self.did} {self.times} times. This was on {self.day}, "
            f"from {self.first} to {self.last}."
        )


def _staff(role: str, team: Team | None, own_team: Team) -> tuple[str, bool]:
    words = ROLE_WORDS.get(role, "a member of staff")
    words = words[0].upper() + words[1:]
    if team is None:
        return words, False
    if team.pk == own_team.pk:
        return f"{words} from {team.name}", False
    return f"{words} from another team, {team.name}", True


def _viewer(row: dict[str, Any], names: dict[UUID, str]) -> str:
    supporter = row["viewer_code__supporter_id"]
    return "You" if supporter is None else names.get(supporter, "A supporter")


def _refused(row: dict[str, Any], names: dict[UUID, str]) -> str:
    supporter = row["viewer_code__supporter_id"]
    whose = "your" if supporter is None else f"{names.get(supporter, 'a supporter')}’s"
    return REFUSED.format(whose=whose)


def _by_viewer(row: dict[str, Any], names: dict[UUID, str]) -> tuple[Any, str, str]:
    """(how lines group, who, what they did) for an event done with a code."""
    if row["action"] == Action.REFUSED:
        return ("refused", row["viewer_code_id"]), "Someone", _refused(row, names)
    did = "signed in" if row["action"] == Action.SIGN_IN else DID.get(row["action"])
    group = ("viewer", row["viewer_code__supporter_id"], row["action"], False)
    return group, _viewer(row, names), did or "looked at your record"


def _line(
    row: dict[str, Any], teams: dict[UUID, Team], own_team: Team, names: dict[UUID, str]
) -> tuple[tuple[Any, ...], str, str, bool]:
    """(how lines group, who, what they did, from another team) for one event."""
    action = row["action"]
    if row["viewer_code_id"] is not None:
        group, who, did = _by_viewer(row, names)
        return group, who, did, False
    glass = row["reason"] == "break glass"
    if row["actor_id"] is None:
        return ("system", action, glass), SYSTEM, DID.get(action, "looked"), False
    team = teams.get(row["actor_team_id"])
    who, other = _staff(row["actor_role"], team, own_team)
    did = DID.get(action, "looked at your record")
    if action == Action.VIEW and glass:
        did += AFTER_BREAK_GLASS
    group = ("staff", row["actor_id"], row["actor_role"], row["actor_team_id"])
    return (*group, action, glass), who, did, other


def supporter_names(person: Person) -> dict[UUID, str]:
    """Each of the person's supporters as the person knows them: 'Jo Parker
    (your partner)'."""
    return {
        s.pk: f"{s.name} (your {s.relationship.strip() or 'supporter'})"
        for s in person.supporters.all()
    }


def who_looked(person: Person, own_team: Team) -> list[Looked]:
    """The access log of `person`'s record as lines for them, newest first:
    at most `MOST` lines, from the newest `READ` events."""
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in AccessEvent.objects.filter(person=person)
        .order_by("-at", "-id")
        .values(
            "at",
            "actor_id",
            "actor_role",
            "actor_team_id",
            "action",
            "reason",
            "viewer_code_id",
            "viewer_code__supporter_id",
        )[:READ]
    ]
    team_ids = {r["actor_team_id"] for r in rows if r["actor_team_id"]}
    teams = {t.pk: t for t in Team.objects.filter(pk__in=team_ids)}
    names = supporter_names(person)
    return _grouped(rows, teams, own_team, names)


def _grouped(
    rows: list[dict[str, Any]],
    teams: dict[UUID, Team],
    own_team: Team,
    names: dict[UUID, str],
) -> list[Looked]:
    found: dict[tuple[Any, ...], list[Any]] = {}
    for row in rows:
        key, who, did, other = _line(row, teams, own_team, names)
        at = timezone.localtime(row["at"])
        group = (at.date(), *key)
        if group in found:
            found[group][4] = at  # rows come newest first: this is earlier
            found[group][5] += 1
            continue
        if len(found) == MOST:
            break
        found[group] = [who, did, at.date(), at, at, 1, other, key]
    return [
        Looked(
            who=who,
            did=did,
            day=local_date(day),
            first=_time(first),
            last=_time(last),
            times=times,
            other_team=other,
            break_glass=key[-2] == Action.BREAK_GLASS or key[-1] is True,
        )
        for who, did, day, last, first, times, other, key in found.values()
    ]


def _time(at: dt.datetime) -> str:
    return f"{at:%H:%M}"


# Sharing without the person's agreement (people.sharing), told to the person:
# what, with whom, when and why in law, in their words. The clinician's own
# words about it may name other people, so they are not shown here.
SHARED_PART: dict[str, str] = {
    Category.PLAN: "your plan",
    Category.DECISIONS: "the decisions",
    Category.ASSESSMENT: "everything written down",
}
BASIS_WORDS: dict[str, str] = {
    LawfulBasis.RISK_TO_OTHERS: "the team thought there was a serious risk to other people",
    LawfulBasis.BEST_INTERESTS: (
        "you could not decide about it then, and the team thought it was best for you"
    ),
}


def shared_without_agreement(person: Person) -> list[str]:
    """Each time the team shared part of `person`'s record with a supporter
    without their agreement, newest first, as a sentence for them (one query)."""
    names = supporter_names(person)
    lines = []
    for d in Disclosure.objects.filter(person=person).order_by("-created_at"):
        whom = (
            names.get(d.supporter_id, "a supporter")
            if d.supporter_id
            else "all your supporters"
        )
        part = SHARED_PART.get(d.category, "part of your record")
        why = BASIS_WORDS.get(d.basis, "the law allowed it")
        lines.append(
            f"On {local_date(timezone.localdate(d.created_at))}, the team shared "
            f"{part} with {whom} without your agreement, until "
            f"{local_date(timezone.localdate(d.until))}. This was because {why}."
        )
    return lines
