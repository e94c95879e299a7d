"""The board's rows: order, tags and the meter agree with the clock."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from coassess.referrals import presenters
from coassess.referrals.queries import BoardItem

NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


def referral(
    name: str,
    *,
    minutes_ago: int,
    allowed: int = 60,
    seen_minutes_ago: int | None = None,
    **fields: str,
) -> BoardItem:
    seen = None
    if seen_minutes_ago is not None:
        seen = NOW - dt.timedelta(minutes=seen_minutes_ago)
    return BoardItem(
        referral_id=uuid.uuid4(),
        person_id=uuid.uuid4(),
        given_name=name,
        preferred_name=fields.pop("preferred_name", ""),
        family_name=fields.pop("family_name", "Test"),
        pronouns=fields.pop("pronouns", "they/them"),
        birth_year=1990,
        birth_month=3,
        birth_day=3,
        estimated_age=None,
        age_estimated_on=None,
        nhs_number="",
        source=fields.pop("source", "ed"),
        department=fields.pop("department", ""),
        ward=fields.pop("ward", ""),
        bed=fields.pop("bed", ""),
        urgency="emergency",
        received_at=NOW - dt.timedelta(minutes=minutes_ago),
        response_minutes=allowed,
        first_seen_at=seen,
        assessment_id=None,
    )


def test_it_puts_the_least_time_left_first_and_seen_referrals_last() -> None:
    board = presenters.board(
        [
            referral("Ward", minutes_ago=60, allowed=24 * 60, source="ward"),
            referral("Seen", minutes_ago=120, seen_minutes_ago=100),
            referral("Fresh", minutes_ago=5),
            referral("Breached", minutes_ago=90),
            referral("Nearly", minutes_ago=50),
        ],
        NOW,
    )
    assert [r.name for r in board.rows] == [
        "Breached Test",
        "Nearly Test",
        "Fresh Test",
        "Ward Test",
        "Seen Test",
    ]
    assert board.waiting_count == 4


@pytest.mark.parametrize(
    ("minutes_ago", "tag", "lowest", "highest"),
    [
        (10, "On time", 0.0, presenters.METER_LOW),
        (44, "On time", 0.0, presenters.METER_LOW),
        (45, "Nearly due", presenters.METER_LOW, presenters.METER_HIGH),
        (60, "Nearly due", presenters.METER_LOW, presenters.METER_HIGH),
        (61, "Breached", presenters.METER_HIGH, 1.0),
        (600, "Breached", presenters.METER_HIGH, 1.0),
    ],
)
def test_the_meter_colour_band_matches_the_tag(
    minutes_ago: int, tag: str, lowest: float, highest: float
) -> None:
    row = presenters.board([referral("Sam", minutes_ago=minutes_ago)], NOW).rows[0]
    assert row.tag_text == tag
    # Strictly inside the band, so no browser can show a colour the tag does not say.
    if tag == "On time":
        assert lowest <= row.meter_value < highest
    else:
        assert lowest < row.meter_value <= highest


def test_it_says_the_location_and_the_source_once() -> None:
    bare = referral("Sam", minutes_ago=5)
    placed = referral("Ali", minutes_ago=5, source="ward", ward="Ward 7", bed="12")
    rows = {r.name: r for r in presenters.board([bare, placed], NOW).rows}
    assert rows["Sam Test"].location == "Emergency department"
    assert rows["Sam Test"].source == ""
    assert rows["Ali Test"].location == "Ward 7, bed 12"
    assert rows["Ali Test"].source == "Ward"


def test_a_seen_referral_says_when_it_was_seen() -> None:
    row = presenters.board(
        [referral("Sam", minutes_ago=120, seen_minutes_ago=100)], NOW
    ).rows[0]
    assert row.tag_text == "Seen in time"
    assert row.time_left == "Seen within the standard, after 20 minutes"
    assert row.waiting.startswith("Seen ")


def test_every_text_in_a_row_is_escaped() -> None:
    nasty = '<zz class="x">&\'"'
    item = referral(
        nasty,
        minutes_ago=5,
        preferred_name=nasty,
        family_name=nasty,
        pronouns=nasty,
        department=nasty,
        ward=nasty,
        bed=nasty,
    )
    row = presenters.board([item], NOW).rows[0]
    html = str(presenters.row_markup(row))
    assert "<zz" not in html
    assert '"x"' not in html
    assert "&lt;zz class=&quot;x&quot;&gt;&amp;&#x27;&quot;" in html
    # Only the row's own markup is left: five cells, three links and a meter.
    assert html.count("<td ") == 5
    assert html.count("<a ") == 3
    assert html.count("<meter ") == 1


def test_a_row_links_to_the_person_the_assessment_and_closing() -> None:
    item = referral("Sam", minutes_ago=5)
    html = str(presenters.row_markup(presenters.board([item], NOW).rows[0]))
    assert f'href="/people/{item.person_id}/"' in html
    assert f'href="/assessments/start/{item.referral_id}/"' in html
    assert f'href="/referrals/{item.referral_id}/close/"' in html
    assert "Start the assessment" in html
