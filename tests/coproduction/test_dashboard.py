"""The co-production dashboard: the team's figures as charts, summaries and
tables; links to the assessments behind each figure for the team lead only;
clear messages for a wrong choice; a summary that stays true when a record
changes."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from coassess.accesslog.models import AccessEvent, Action
from coassess.accounts.models import User
from coassess.assessments import services as assessment_services
from coassess.assessments.models import ParticipantKind
from coassess.coproduction import dashboard
from coassess.coproduction.models import MeasureSummary, MonthCount
from coassess.coproduction.summary import INDICATORS, own_words_band, wait_band
from tests.coproduction.helpers import make_assessment

DASHBOARD = reverse("coproduction:dashboard")
BEHIND = reverse("coproduction:assessments_behind")


@pytest.fixture
def three(clinician: User) -> list[Any]:
    """Two from the emergency department (one seen late) and one from a ward."""
    return [
        make_assessment(clinician, 1, source="ed", wait_minutes=30),
        make_assessment(clinician, 2, source="ed", wait_minutes=95),
        make_assessment(clinician, 3, source="ward", wait_minutes=600),
    ]


def test_the_lead_sees_each_chart_with_its_summary_and_table(
    signed_in: Callable[[str], Any], three: list[Any]
) -> None:
    response = signed_in("lead").get(DASHBOARD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Co-production dashboard</h1>" in html
    for key in ("measures", "trend", "own-words", "response", "waits"):
        assert f'<section class="coassess-panel" aria-labelledby="panel-{key}">' in html
        svg = re.search(rf'<svg[^>]*aria-labelledby="{key}-title"[^>]*>', html)
        assert svg and 'role="img"' in svg[0]
        assert f'<desc id="{key}-desc">' in html
    assert html.count("<table") == 5
    assert "3 assessments" in html
    # The ED one seen after 95 minutes missed the 1-hour standard: 1 of 2 in time.
    assert "emergency department 50% (1 seen later than the standard)" in html
    assert "ward 100% (0 seen later than the standard)" in html
    # No inline styles, which the Content Security Policy would block.
    assert not re.search(r"<svg.*?style=", html, re.DOTALL)
    assert "list these assessments" in html


def test_a_coproduction_member_sees_the_figures_but_no_one_behind_them(
    signed_in: Callable[[str], Any], three: list[Any]
) -> None:
    response = signed_in("coproduction").get(DASHBOARD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 assessments" in html
    assert BEHIND not in html
    assert "list these assessments" not in html
    assert "Testperson" not in html
    page = signed_in("coproduction").get(BEHIND + "?figure=all")
    assert page.status_code in (400, 403)


def test_a_wrong_choice_gets_a_clear_message(
    signed_in: Callable[[str], Any], users: dict[str, User], other_team: Any
) -> None:
    client = signed_in("lead")
    team = str(users["lead"].membership.team.pk)  # type: ignore[union-attr]
    later_first = client.get(
        DASHBOARD, {"site": team, "start": "2026-11", "end": "2026-01"}
    )
    assert later_first.status_code == 400
    assert "&#39;To&#39; must be the same month as &#39;From&#39; or later." in (
        later_first.content.decode()
    )
    not_theirs = client.get(
        DASHBOARD, {"site": str(other_team.pk), "start": "2026-01", "end": "2026-01"}
    )
    assert not_theirs.status_code == 400
    assert "Choose one of your teams" in not_theirs.content.decode()
    month = client.get(DASHBOARD, {"site": team, "start": "1999-01", "end": "2026-01"})
    assert month.status_code == 400
    assert "Choose a month from the list for" in month.content.decode()
    source = client.get(DASHBOARD, {"source": "moon"})
    assert source.status_code == 400


def test_every_figure_links_to_the_assessments_behind_it_and_the_list_is_logged(
    signed_in: Callable[[str], Any], three: list[Any]
) -> None:
    client = signed_in("lead")
    html = client.get(DASHBOARD).content.decode()
    links = re.findall(r'href="(/co-production/dashboard/assessments/\?[^"]+)"', html)
    late = [u for u in links if "within_standard%3Ano" in u and "source=ed" in u]
    assert late
    url = late[0].replace("&amp;", "&")
    # The whole period's link has no month: find it by dropping the month.
    url = re.sub(r"&month=[^&]*", "", url)
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Testperson2" in body
    assert "Testperson1" not in body and "Testperson3" not in body
    event = AccessEvent.objects.filter(what="co-production figure").get()
    assert event.action == Action.SEARCH
    assert event.person_id == three[1].person_id
    wrong = client.get(BEHIND, {"figure": "indicator:nonsense:yes"})
    assert wrong.status_code == 400
    assert "does not name a figure" in wrong.content.decode()


def test_a_change_to_the_record_is_counted_the_next_time(
    clinician: User, three: list[Any]
) -> None:
    first = three[0]
    scope = dashboard.Scope(
        team=first.team,
        start=dashboard.summary.month_of(first.referral.received_at).replace(month=1),
        end=dashboard.summary.month_of(first.referral.received_at),
    )
    before = dashboard.figures(scope).total
    assert MeasureSummary.objects.count() == 3
    # Every month and source of the scope is counted and kept.
    assert MonthCount.objects.count() == 3 * len(scope.months)
    assert before.yes["supporters_took_part"] == 0
    person = first.participants.get(kind=ParticipantKind.PERSON)
    assessment_services.add_contribution(
        actor=clinician,
        assessment=first,
        section="account",
        voice=person,
        text="I could not cope.",
        own_words=True,
    )
    # The change was logged, and the log's trigger dropped that row, and the
    # counts of its month and source (the others are kept).
    assert not MeasureSummary.objects.filter(assessment=first).exists()
    assert MeasureSummary.objects.count() == 2
    month = dashboard.summary.month_of(first.referral.received_at)
    assert not MonthCount.objects.filter(month=month, source="ed").exists()
    assert MonthCount.objects.filter(month=month, source="ward").exists()
    after = dashboard.figures(scope).total
    assert MeasureSummary.objects.get(assessment=first).own_words_band == 5
    assert after.own_words[5] == before.own_words[5] + 1


def test_the_bands_cut_where_they_say() -> None:
    assert [own_words_band(s) for s in (None, 0, 0.01, 0.2, 0.21, 0.8, 0.81, 1)] == [
        None, 0, 1, 1, 2, 4, 5, 5,
    ]  # fmt: skip
    assert [wait_band(m, 60) for m in (None, 30, 31, 60, 61, 120, 121)] == [
        None, 0, 1, 1, 2, 2, 3,
    ]  # fmt: skip
    assert len({i.name for i in INDICATORS}) == len(INDICATORS)


def test_reflections_show_staff_beside_lived_experience_once_five_answered(
    signed_in: Callable[[str], Any], clinician: User, team: Any
) -> None:
    from coassess.coproduction.models import Voice
    from tests.coproduction.test_reflections import meeting, reflect

    before = signed_in("lead").get(DASHBOARD).content.decode()
    assert "No one has reflected on the team" in before
    for _ in range(5):
        reflect(clinician, meeting(team), voice=Voice.STAFF,
                ratings={"respect": (5, "")}, rung="co_producing")  # fmt: skip
        reflect(clinician, meeting(team), voice=Voice.PERSON,
                ratings={"respect": (2, "")}, rung="consulting")  # fmt: skip
    html = signed_in("lead").get(DASHBOARD).content.decode()
    for key in ("values", "ladder"):
        assert f'aria-labelledby="panel-{key}"' in html
        assert f'<desc id="{key}-desc">' in html
    assert "100% of staff and 0% of people with lived experience" in html
    assert "5 of 5 (100%)" in html and "0 of 5 (0%)" in html
