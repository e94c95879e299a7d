"""How referrals and their response clocks are shown on the board and pages.

The clocks are worked out here in Python from rows already loaded, so the
board costs the same few queries whether the team has 5 referrals or 200.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils import timezone
from markupsafe import Markup

from coassess.accounts.models import Team
from coassess.core.markup import fill, url_for
from coassess.core.presenters import clock_time, duration_words, local_datetime
from coassess.people.birth import Birth
from coassess.people.models import Person, display_name, identity_words
from coassess.referrals import queries
from coassess.referrals.clock import WARNING_SHARE, Clock, ClockState, response_clock
from coassess.referrals.models import (
    SOURCE_LABELS,
    URGENCY_LABELS,
    Referral,
    location_words,
)
from coassess.referrals.queries import BoardItem

# The <meter> on the board: green below METER_LOW, amber from METER_LOW to
# METER_HIGH, red above METER_HIGH. Values are kept inside the band that
# matches the clock's state, so the colour and the tag's words always agree.
METER_LOW = WARNING_SHARE
METER_HIGH = 0.99

TAGS: dict[ClockState, tuple[str, str]] = {
    ClockState.ON_TIME: ("On time", "green"),
    ClockState.WARNING: ("Nearly due", "orange"),
    ClockState.BREACHED: ("Breached", "red"),
    ClockState.MET: ("Seen in time", "blue"),
    ClockState.MISSED: ("Seen late", "grey"),
}


def when_words(
    value: dt.datetime, now: dt.datetime, tz: dt.tzinfo | None = None
) -> str:
    """'today at 14:02' for today, else '3 May 2025 at 14:02'."""
    tz = tz or timezone.get_current_timezone()
    local = timezone.localtime(value, tz)
    if local.date() == timezone.localtime(now, tz).date():
        return f"today at {clock_time(local)}"
    return local_datetime(value, tz)


def clock_of(referral: Referral | BoardItem, now: dt.datetime) -> Clock:
    return response_clock(
        received_at=referral.received_at,
        response_minutes=referral.response_minutes,
        first_seen_at=referral.first_seen_at,
        now=now,
    )


def meter_value(clock: Clock) -> float:
    """Where the meter sits: always inside the colour band of the clock's state."""
    if clock.state == ClockState.BREACHED:
        return 1.0
    share = clock.used_share
    if clock.state == ClockState.WARNING:
        return round(min(max(share, METER_LOW + 0.01), METER_HIGH), 3)
    return round(min(share, METER_LOW - 0.01), 3)


@dataclass(slots=True)
class BoardRow:
    """One row of the board, every word worked out once."""

    referral_id: UUID
    name: str
    pronouns: str
    identity: str  # what tells them apart from others of the same name
    urgency: str
    location: str
    source: str  # empty when the location already says it
    waiting: str
    received: str
    is_seen: bool
    tag_text: str
    tag_colour: str
    time_left: str
    meter_value: float
    meter_percent: int
    person_url: str
    assessment_url: str
    has_assessment: bool
    close_url: str
    sort_key: tuple[int, float]


def board_row(item: BoardItem, now: dt.datetime, tz: dt.tzinfo) -> BoardRow:
    clock = clock_of(item, now)
    location = location_words(item.department, item.ward, item.bed, item.source)
    source = SOURCE_LABELS.get(item.source, item.source)
    seen = item.first_seen_at
    if item.assessment_id is None:
        assessment_url = url_for(
            "assessments:start_assessment", referral_id=item.referral_id
        )
    else:
        assessment_url = url_for(
            "assessments:show_assessment", assessment_id=item.assessment_id
        )
    return BoardRow(
        referral_id=item.referral_id,
        name=display_name(
            given_name=item.given_name,
            family_name=item.family_name,
            preferred_name=item.preferred_name,
        ),
        pronouns=item.pronouns,
        identity=identity_words(
            Birth(
                item.birth_year,
                item.birth_month,
                item.birth_day,
                item.estimated_age,
                item.age_estimated_on,
            ),
            item.nhs_number,
        ),
        urgency=f"{URGENCY_LABELS.get(item.urgency, item.urgency)} referral",
        location=location,
        source="" if source == location else source,
        waiting=(
            f"Seen {when_words(seen, now, tz)}"
            if seen is not None
            else duration_words(clock.waited)
        ),
        received=f"Received {when_words(item.received_at, now, tz)}",
        is_seen=seen is not None,
        tag_text=TAGS[clock.state][0],
        tag_colour=TAGS[clock.state][1],
        time_left=clock.words,
        meter_value=meter_value(clock),
        meter_percent=round(min(clock.used_share, 1.0) * 100),
        person_url=url_for("people:show_person", person_id=item.person_id),
        assessment_url=assessment_url,
        has_assessment=item.assessment_id is not None,
        close_url=url_for("referrals:close_referral", referral_id=item.referral_id),
        # Not yet seen first, least time left first; then seen, oldest first.
        sort_key=(
            (1, item.received_at.timestamp())
            if seen is not None
            else (0, clock.left.total_seconds())
        ),
    )


@dataclass(frozen=True)
class Board:
    rows: tuple[BoardRow, ...]
    updated: str
    waiting_count: int
    rows_markup: Markup


# The board's rows are written here rather than in a template: with 200 open
# referrals, a template's per-row work was most of the page's time
# (docs/adr/0004-long-lists-render-rows-in-python.md). This is the NHS.UK
# responsive table markup the table and tag components produce. Every text is
# escaped by `fill`; tests/referrals/test_presenters.py puts markup in every
# field and checks none of it gets through.
_ROW = (
    # Each cell's content is one <span>: at small widths a responsive table cell
    # lays out its children side by side, which put pronouns inside the name.
    '<tr role="row" class="nhsuk-table__row">'
    '<td role="cell" class="nhsuk-table__cell">'
    '<span class="nhsuk-table-responsive__heading" aria-hidden="true">Person </span>'
    '<span><a id="person-{id}" href="{person_url}">{name}</a>{pronouns}'
    '<br><span class="nhsuk-u-font-size-16">{identity}</span>'
    '<br><span class="nhsuk-u-font-size-16">{urgency}</span></span></td>'
    '<td role="cell" class="nhsuk-table__cell">'
    '<span class="nhsuk-table-responsive__heading" aria-hidden="true">Where </span>'
    '<span><span class="coassess-keep-words" dir="auto">{location}</span>{source}</span></td>'
    '<td role="cell" class="nhsuk-table__cell">'
    '<span class="nhsuk-table-responsive__heading" aria-hidden="true">Waiting </span>'
    '<span>{waiting}<br><span class="nhsuk-u-font-size-16">{received}</span></span>'
    "</td>"
    '<td role="cell" class="nhsuk-table__cell">'
    '<span class="nhsuk-table-responsive__heading" aria-hidden="true">'
    "Response time </span>"
    '<span><strong class="nhsuk-tag nhsuk-tag--{tag_colour}">{tag_text}</strong>'
    "<br>{time_left}{meter}</span></td>"
    '<td role="cell" class="nhsuk-table__cell">'
    '<span class="nhsuk-table-responsive__heading" aria-hidden="true">Action </span>'
    '<span><a id="assess-{id}" href="{assessment_url}">{assess} the assessment'
    '<span class="nhsuk-u-visually-hidden"> with {who}</span></a>'
    '<br><a id="close-{id}" href="{close_url}">Close'
    '<span class="nhsuk-u-visually-hidden"> the referral for {who}</span></a>'
    "</span></td>"
    "</tr>\n"
)
_METER = (
    '<meter class="coassess-clock" min="0" max="1" '
    f'low="{METER_LOW}" high="{METER_HIGH}" optimum="0" '
    'value="{value}" aria-label="Response time used for {name}">'
    "{percent}% of the time used</meter>"
)


def row_markup(row: BoardRow) -> Markup:
    """One row of the board's table; `fill` escapes every value put into it."""
    meter = (
        ""
        if row.is_seen
        else fill(
            _METER, value=row.meter_value, name=row.name, percent=row.meter_percent
        )
    )
    small = '<br><span class="nhsuk-u-font-size-16">{text}</span>'
    return fill(
        _ROW,
        id=row.referral_id,
        person_url=row.person_url,
        name=row.name,
        pronouns=fill(small, text=row.pronouns) if row.pronouns else "",
        identity=row.identity,
        who=f"{row.name}, {row.identity}",
        urgency=row.urgency,
        location=row.location,
        source=fill(small, text=row.source) if row.source else "",
        waiting=row.waiting,
        received=row.received,
        tag_colour=row.tag_colour,
        tag_text=row.tag_text,
        time_left=row.time_left,
        meter=meter,
        assessment_url=row.assessment_url,
        assess="Open" if row.has_assessment else "Start",
        close_url=row.close_url,
    )


def board_for(team: Team, now: dt.datetime) -> Board:
    """The team's board at `now`, read from the database."""
    return board(queries.board_items(team), now)


def board(
    items: Iterable[BoardItem], now: dt.datetime, tz: dt.tzinfo | None = None
) -> Board:
    """The board for these referrals at `now`: most urgent first."""
    tz = tz or timezone.get_current_timezone()
    rows = tuple(
        sorted((board_row(item, now, tz) for item in items), key=lambda r: r.sort_key)
    )
    return Board(
        rows=rows,
        updated=clock_time(now.astimezone(tz)),
        waiting_count=sum(1 for row in rows if not row.is_seen),
        rows_markup=Markup("").join(row_markup(row) for row in rows),
    )


def where(referral: Referral) -> str:
    source = referral.get_source_display()
    location = referral.location
    return source if location == source else f"{source}: {location}"


def referral_details(referral: Referral, now: dt.datetime) -> list[tuple[str, str]]:
    """Rows for a summary list of one referral."""
    r = referral
    referrer = r.referrer_name
    if r.referrer_contact:
        referrer = f"{referrer} ({r.referrer_contact})"
    return [
        ("Received", local_datetime(r.received_at)),
        ("From", where(r)),
        ("Referred by", referrer),
        ("Urgency", r.get_urgency_display()),
        ("Reason, in their words", r.reason),
        ("Response time", clock_of(r, now).words),
    ]


def already_open(team: Team, person: Person) -> list[str]:
    """When the team's open referrals for the person arrived, in words ("today
    at 14:02"): shown before another is recorded."""
    now = timezone.now()
    return [when_words(at, now) for at in queries.open_referrals_received(team, person)]


def person_panel(request: HttpRequest, person: Person) -> dict[str, Any]:
    """The person page's referrals and assessments (a `people.registry` panel)."""
    membership = request.user.membership if request.user.is_authenticated else None
    return {
        "person": person,
        "referrals": queries.referrals_for_person(person),
        "team_id": membership.team_id if membership else None,
    }
