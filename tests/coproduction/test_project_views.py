"""The project pages through the browser's eyes (the test client): starting a
project, logging and correcting time with clear messages, the benefits
signpost, another team's 404, and the statement PDF (its text read back)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from coassess.accesslog.models import AccessEvent, Action
from coassess.accounts.models import User
from coassess.coproduction.projects import services
from coassess.coproduction.projects.access import standing_in
from coassess.coproduction.projects.models import Contribution, Member, Project
from coassess.coproduction.projects.pdf import render_statement_pdf, statement_html
from coassess.core.markup import css_string

Client = Callable[[str], Any]


def url(name: str, project: Project, **kwargs: Any) -> str:
    return reverse(
        f"coproduction:projects:{name}", kwargs={"project_id": project.pk, **kwargs}
    )


@pytest.fixture
def project(users: dict[str, User]) -> Project:
    lead = users["coproduction"]
    project = services.create_project(
        actor=lead,
        title="Redesign the ED assessment room",
        purpose="",
        expertise="lived",
    )
    running = standing_in(lead, project)
    assert running is not None
    services.add_member(
        actor=lead,
        project=project,
        standing=running,
        user=users["peer"],
        expertise="peer",
    )
    services.add_member(
        actor=lead,
        project=project,
        standing=running,
        name="Ade <b>Bello</b> & D'Arcy",
        expertise="lived",
    )
    return project


def member(project: Project, name: str) -> Member:
    return project.members.get(name__startswith=name)


def day_fields(day: dt.date, prefix: str = "worked_on") -> dict[str, Any]:
    return {
        f"{prefix}_day": day.day,
        f"{prefix}_month": day.month,
        f"{prefix}_year": day.year,
    }


def time_form(**changes: Any) -> dict[str, Any]:
    return {
        **day_fields(timezone.localdate()),
        "hours": "2",
        "minutes": "0",
        "activity": "Planning meeting",
        "offered": "payment",
        "taken": "payment",
        "expenses": "",
        **changes,
    }


def test_a_member_starts_a_project_from_the_list(signed_in: Client) -> None:
    browser = signed_in("peer")
    page = browser.get(reverse("coproduction:projects:project_list"))
    assert "You are not part of a project yet." in page.content.decode()
    response = browser.post(
        reverse("coproduction:projects:add_project"),
        {"title": "Better waiting", "purpose": "", "expertise": "peer"},
    )
    project = Project.objects.get()
    assert response["Location"] == url("show_project", project)
    shown = browser.get(response["Location"]).content.decode()
    assert "Better waiting" in shown
    assert "Peer Tester</span> (peer support)" in shown


def test_a_peer_worker_logs_two_hours_and_sees_the_benefits_signpost(
    project: Project, signed_in: Client, settings: Any
) -> None:
    settings.COPRODUCTION_PAY_PENCE_PER_HOUR = 1875
    browser = signed_in("peer")
    form = browser.get(url("log_contribution", project)).content.decode()
    assert "talk to a benefits adviser" in form
    response = browser.post(url("log_contribution", project), time_form())
    assert response.status_code == 302
    entry = Contribution.objects.get()
    assert (entry.member.name, entry.minutes, entry.payment_pence) == (
        "Peer Tester",
        120,
        3750,
    )
    page = browser.get(url("show_project", project)).content.decode()
    assert "2 hours" in page and "£37.50 at £18.75 an hour" in page
    assert "If you get benefits" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"hours": "-1"}, "Enter the hours as 0 or more."),
        ({"hours": "0", "minutes": "0"}, "at least 1 minute"),
        ({"hours": "99"}, "Enter up to 12 hours in one entry."),
        ({"hours": "two"}, "Enter the hours as a whole number, like 2."),
        ({"offered": "gold"}, "Select a valid choice"),
        ({"taken": "declined", "expenses": "lots"}, "Enter expenses in pounds"),
        (
            day_fields(timezone.localdate() + dt.timedelta(days=2)),
            "cannot be in the future",
        ),
    ],
)
def test_bad_time_is_explained_and_what_was_typed_is_kept(
    project: Project, signed_in: Client, changes: dict[str, Any], message: str
) -> None:
    response = signed_in("peer").post(
        url("log_contribution", project),
        time_form(activity="Reading the leaflet draft", **changes),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "There is a problem" in page
    assert 'value="Reading the leaflet draft"' in page
    assert not Contribution.objects.exists()


def test_a_correction_shows_every_version(project: Project, signed_in: Client) -> None:
    browser = signed_in("peer")
    browser.post(url("log_contribution", project), time_form(hours="1"))
    first = Contribution.objects.get()
    response = browser.post(
        url("correct_contribution", project, entry_id=first.pk),
        time_form(hours="2", why="It was two hours."),
    )
    assert response.status_code == 302
    current = Contribution.objects.get(is_current=True)
    page = browser.get(url("correct_contribution", project, entry_id=current.pk))
    text = page.content.decode()
    assert "Every version of this entry" in text
    assert "1 hour" in text and "2 hours" in text and "It was two hours." in text
    # The old version opened in another tab: a conflict, with both kept.
    stale = browser.post(
        url("correct_contribution", project, entry_id=first.pk),
        time_form(hours="3", why="Three"),
    )
    assert stale.status_code == 409
    assert "Someone corrected this entry after you opened it" in stale.content.decode()
    assert Contribution.objects.count() == 2


def test_another_team_and_non_members_get_not_found(
    project: Project, signed_in: Client
) -> None:
    for persona in ("outsider", "clinician"):
        assert signed_in(persona).get(url("show_project", project)).status_code == 404
        response = signed_in(persona).post(
            url("log_contribution", project), time_form()
        )
        assert response.status_code == 404
    assert not Contribution.objects.exists()


def test_a_member_cannot_open_anothers_entry_or_statement(
    project: Project, signed_in: Client, users: dict[str, User]
) -> None:
    named = member(project, "Ade")
    lead = users["coproduction"]
    running = standing_in(lead, project)
    assert running is not None
    theirs = services.log_contribution(
        actor=lead,
        project=project,
        standing=running,
        member=named,
        logged=services.Logged(timezone.localdate(), 30, "Reading", "none", "none"),
    )
    peer = signed_in("peer")
    assert (
        peer.get(url("correct_contribution", project, entry_id=theirs.pk)).status_code
        == 404
    )
    assert (
        peer.get(url("statement_pdf", project, member_id=named.pk)).status_code == 404
    )


def pdf_text(pdf: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(pdf)).pages
    )


def test_the_statement_names_the_members_own_entries_only(
    project: Project, signed_in: Client, users: dict[str, User]
) -> None:
    peer = signed_in("peer")
    peer.post(url("log_contribution", project), time_form(activity="Walked the room"))
    lead = users["coproduction"]
    running = standing_in(lead, project)
    assert running is not None
    services.log_contribution(
        actor=lead,
        project=project,
        standing=running,
        member=member(project, "Ade"),
        logged=services.Logged(
            timezone.localdate(), 45, "Secret other entry", "none", "none"
        ),
    )
    response = peer.get(
        url("statement_pdf", project, member_id=member(project, "Peer").pk)
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    text = pdf_text(response.content)
    assert "Statement of contributions" in text
    assert "Peer Tester" in text and "Redesign the ED assessment room" in text
    assert "Walked the room" in text and "2 hours" in text and "£37.50" in text
    assert "Secret other entry" not in text and "Ade" not in text


def test_the_statement_escapes_what_was_typed(
    project: Project, users: dict[str, User], rf: Any
) -> None:
    named = member(project, "Ade")
    lead = users["coproduction"]
    running = standing_in(lead, project)
    assert running is not None
    services.log_contribution(
        actor=lead,
        project=project,
        standing=running,
        member=named,
        logged=services.Logged(
            timezone.localdate(), 60, 'Read <script>x</script> "notes"', "none", "none"
        ),
    )
    html = statement_html(request=rf.get("/"), project=project, member=named)
    assert "<b>Bello</b>" not in html and "<script>" not in html
    assert "Ade &lt;b&gt;Bello&lt;/b&gt; &amp; D&#39;Arcy" in html
    # In the footer the name is a CSS string, escaped for CSS, not HTML.
    footer = f"Ade <b>Bello</b> & D'Arcy, {project.title}. Made on "
    assert f"content: {css_string(footer)[:-1]}" in html
    pdf = render_statement_pdf(request=rf.get("/"), project=project, member=named)
    text = pdf_text(pdf)
    assert "Ade <b>Bello</b> & D'Arcy" in text
    assert 'Read <script>x</script> "notes"' in text


def test_a_projects_outcome_is_decided_without_a_person_at_its_centre(
    project: Project, signed_in: Client, users: dict[str, User]
) -> None:
    from coassess.coproduction.projects.hosts import ProjectHost
    from coassess.decisions import services as engine
    from coassess.decisions.models import Outcome

    lead = users["coproduction"]
    running = standing_in(lead, project)
    assert running is not None
    host = ProjectHost(project, running)
    decision = engine.add_decision(actor=lead, host=host, question="Where to meet?")
    ade = member(project, "Ade")
    review = timezone.localdate() + dt.timedelta(days=7)
    library = engine.add_option(
        actor=lead,
        host=host,
        decision=decision,
        text="The library",
        proposer=member(project, "Peer").pk,
    )
    engine.give_position(
        actor=lead,
        host=host,
        option=library,
        voice=ade.pk,
        stance="disagree",
        what_matters="The bus does not go there.",
    )
    browser = signed_in("peer")
    outcome_url = url("record_outcome", project, decision_id=decision.pk)
    page = browser.get(outcome_url).content.decode()
    assert "A balance of everyone’s views" in page
    assert "lacked capacity" not in page and "legal duty" not in page
    assert "the person’s view did not decide it" not in page
    refused = browser.post(
        outcome_url,
        {
            "chosen": str(library.pk),
            "deciding_rule": "best_interests",
            "rationale": "x",
            "values_weighed": "y",
        },
    )
    assert refused.status_code == 400
    response = browser.post(
        outcome_url,
        {
            "chosen": str(library.pk),
            "deciding_rule": "balanced",
            "rationale": "Most can get there",
            "values_weighed": "Access for everyone",
            "remaining_disagreements": "Ade cannot get there by bus",
            "how_respected": "We pay Ade's taxi",
            f"why_{ade.pk}": "Most of us can get there",
            f"how_{ade.pk}": "We pay Ade's taxi each time",
            "review_day": review.day,
            "review_month": review.month,
            "review_year": review.year,
            "review_time": "09:00",
        },
    )
    assert response.status_code == 302
    outcome = Outcome.objects.get(decision=decision)
    assert "We pay Ade's taxi each time" in outcome.how_respected
    assert outcome.person_not_followed is False
    shown = browser.get(url("show_decision", project, decision_id=decision.pk))
    assert "The bus does not go there." in shown.content.decode()


def test_the_project_page_reads_the_same_number_of_queries_however_long_the_log(
    project: Project, signed_in: Client, users: dict[str, User]
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    lead = users["coproduction"]
    running = standing_in(lead, project)
    assert running is not None
    browser = signed_in("coproduction")

    def add(n: int) -> None:
        for _ in range(n):
            services.log_contribution(
                actor=lead,
                project=project,
                standing=running,
                member=member(project, "Ade"),
                logged=services.Logged(
                    timezone.localdate(), 30, "Reading", "none", "none"
                ),
            )
            services.record_meeting(
                actor=lead,
                project=project,
                standing=running,
                held_on=timezone.localdate(),
                notes="Met",
                came=list(project.members.all()),
            )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert browser.get(url("show_project", project)).status_code == 200
        return len(captured)

    add(1)
    queries()  # the first page of a session reads a little more
    few = queries()
    add(10)
    assert queries() == few


def test_the_lead_adds_a_named_member_and_records_a_meeting(
    project: Project, signed_in: Client
) -> None:
    browser = signed_in("coproduction")
    refused = browser.post(url("add_member", project), {"expertise": "carer"})
    assert refused.status_code == 400
    assert "Choose someone from the team, or write a name." in refused.content.decode()
    added = browser.post(
        url("add_member", project), {"name": "Rhys Morgan", "expertise": "carer"}
    )
    assert added.status_code == 302
    rhys = member(project, "Rhys")
    assert (rhys.user, rhys.expertise) == (None, "carer")
    # A peer worker who is a member, not the lead, may not add members.
    assert signed_in("peer").get(url("add_member", project)).status_code == 403
    today = timezone.localdate()
    empty = browser.post(
        url("add_meeting", project), {**day_fields(today, "held_on"), "notes": "Met"}
    )
    assert "Tick who came to the meeting." in empty.content.decode()
    saved = browser.post(
        url("add_meeting", project),
        {**day_fields(today, "held_on"), "notes": "We met.", "came": [str(rhys.pk)]},
    )
    assert saved.status_code == 302
    page = browser.get(url("show_project", project)).content.decode()
    assert "We met." in page and "Who came: " in page
    assert project.meetings.get().came.get() == rhys


def test_a_member_reflects_on_the_project_privately(
    project: Project, signed_in: Client
) -> None:
    from coassess.coproduction.instruments import Kind
    from coassess.coproduction.models import Reflection
    from coassess.coproduction.services import current_instrument

    reflect = url("reflect_on_project", project)
    shown = signed_in("peer").get(url("show_project", project)).content.decode()
    assert reflect in shown
    page = signed_in("peer").get(reflect).content.decode()
    assert "How well did this project live the values" in page
    data = {
        "token": "5b0c3a9e-5f0e-4c59-9d59-7c1d1ee7b7a1",
        "values_version": str(current_instrument(project.team, Kind.VALUES).pk),
        "ladder_version": str(current_instrument(project.team, Kind.TLAP).pk),
        "voice": "expert",
        "value_respect": "5",
        "comment_respect": "Kemi led the night visit.",
        "rung": "co_producing",
    }
    response = signed_in("peer").post(reflect, data)
    assert response.status_code == 302
    reflection = Reflection.objects.get()
    assert (reflection.subject_kind, reflection.subject_id, reflection.rung) == (
        "project",
        project.pk,
        "co_producing",
    )
    mine = signed_in("peer").get(reflect).content.decode()
    assert "Kemi led the night visit." in mine
    theirs = signed_in("coproduction").get(reflect).content.decode()
    assert "Kemi led the night visit." not in theirs


def test_every_read_of_a_project_page_is_logged_and_a_refusal_is_not(
    project: Project, signed_in: Client, users: dict[str, User]
) -> None:
    before = AccessEvent.objects.count()
    assert signed_in("peer").get(url("show_project", project)).status_code == 200
    event = AccessEvent.objects.order_by("-id").first()
    assert event is not None
    assert (event.actor, event.action, event.person_id) == (
        users["peer"],
        Action.VIEW,
        None,
    )
    assert event.what == "project: show project"
    assert event.object_id == str(project.pk)
    assert signed_in("outsider").get(url("show_project", project)).status_code == 404
    assert AccessEvent.objects.count() == before + 1


def test_the_lead_records_that_a_member_left_and_nothing_is_lost(
    project: Project, users: dict[str, User], signed_in: Client
) -> None:
    peer = member(project, "Peer")
    running = standing_in(users["coproduction"], project)
    assert running is not None
    entry = services.log_contribution(
        actor=users["coproduction"],
        project=project,
        standing=running,
        member=peer,
        logged=services.Logged(
            worked_on=timezone.localdate(),
            minutes=120,
            activity="Planning meeting",
            offered="payment",
            taken="payment",
        ),
    )
    lead = signed_in("coproduction")
    page = lead.get(url("show_project", project)).content.decode()
    left_url = url("member_left", project, member_id=peer.pk)
    assert left_url in page
    # The project's own lead is not offered the link: a project needs a lead.
    own = member(project, users["coproduction"].display_name)
    assert url("member_left", project, member_id=own.pk) not in page

    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    refused = lead.post(left_url, day_fields(tomorrow, "left_on"))
    assert refused.status_code == 400
    assert "The date cannot be in the future." in refused.content.decode()

    today = timezone.localdate()
    done = lead.post(left_url, day_fields(today, "left_on"), follow=True)
    assert "has left the project. Their time and statement stay." in (
        done.content.decode()
    )
    peer.refresh_from_db()
    assert peer.leaving.left_on == today  # type: ignore[attr-defined]
    assert peer.leaving.recorded_by == users["coproduction"]  # type: ignore[attr-defined]
    # Nothing deleted: the member, their entry and their statement are there.
    assert Contribution.objects.filter(pk=entry.pk, is_current=True).exists()
    statement = lead.get(url("statement_pdf", project, member_id=peer.pk))
    assert statement.status_code == 200
    page = lead.get(url("show_project", project)).content.decode()
    assert "left on" in page and left_url not in page
    assert AccessEvent.objects.filter(
        what="project member left", object_id=str(peer.pk), action=Action.CREATE
    ).exists()
    # Twice is refused with a message, not a second row.
    again = lead.post(left_url, day_fields(today, "left_on"))
    assert again.status_code == 400
    assert "has already left the project" in again.content.decode()


def test_only_those_who_run_the_project_record_a_leaving(
    project: Project, users: dict[str, User], signed_in: Client
) -> None:
    other = member(project, "Ade")
    answer = signed_in("peer").post(
        url("member_left", project, member_id=other.pk),
        day_fields(timezone.localdate(), "left_on"),
    )
    assert answer.status_code == 403
    assert not Member.objects.filter(pk=other.pk, leaving__isnull=False).exists()
