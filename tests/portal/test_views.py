"""The person's own view, read from their phone (issue 13, item 2): their
record as recorded, every voice in their terms, their own words marked,
disputes beside what they dispute, what is withheld said to be withheld and
why, never what; their copy, page and PDF, counted as given; and who has
looked at their record, by role, team and time. All of it fictional."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from coassess.accesslog.models import AccessEvent, Action
from coassess.accesslog.services import record_access
from coassess.accounts.models import User
from coassess.assessments import services as assessment_services
from coassess.assessments.models import Contribution, Participant, ParticipantKind
from coassess.coproduction.measures import measure
from coassess.people import sharing_services
from coassess.people.access import break_glass
from coassess.people.models import Person
from coassess.portal import looked
from tests.plans.test_person_copy import (
    ALEX_ACCOUNT,
    ALEX_DISPUTES,
    JO_HELPS,
    JO_OBJECTS,
    JO_PLAN,
    RESPECTED,
)
from tests.portal.conftest import WITHHELD_TEXT, Portal, page_text, signed_in_client
from tests.portal.test_visibility_property import build_record

pytestmark = pytest.mark.django_db


def urls(portal: Portal) -> dict[str, str]:
    a = portal.scene.assessment.pk
    return {
        "record": reverse("portal:show_record", kwargs={"assessment_id": a}),
        "copy": reverse("portal:show_copy", kwargs={"assessment_id": a}),
        "pdf": reverse("portal:copy_pdf", kwargs={"assessment_id": a}),
    }


def test_it_shows_whose_record_the_team_and_the_assessments(portal: Portal) -> None:
    client = portal.sign_in_as(None)
    home = client.get(reverse("portal:home"))
    text = page_text(home)
    assert home.status_code == 200
    assert "Your record" in text and "Test Liaison Team" in text
    assert urls(portal)["record"] in home.content.decode()
    assert reverse("portal:who_looked") in home.content.decode()
    assert "I'm done – sign me out" in text


def test_every_voice_is_named_in_the_persons_terms(portal: Portal) -> None:
    text = page_text(portal.sign_in_as(None).get(urls(portal)["record"]))
    assert f"You said: “{ALEX_ACCOUNT}”" in text
    assert f"Written down from what Jo Parker (your partner) said: {JO_HELPS}" in text
    # Alex's disagreement stays beside Jo's entry, in Alex's words.
    after = text[text.index(JO_HELPS) :]
    assert after.index("You disagreed with this:") < after.index(ALEX_DISPUTES)
    assert after.index(ALEX_DISPUTES) < 400
    # The person's own words are marked as theirs.
    assert text.count("Your own words") >= 1
    # What Alex told us about themselves.
    assert "Pronouns they/them" in text


def test_a_withheld_entry_says_so_and_why_never_what(portal: Portal) -> None:
    response = portal.sign_in_as(None).get(urls(portal)["record"])
    text = page_text(response)
    assert "Something here is not shown to you. It is about someone else." in text
    for words in (WITHHELD_TEXT, "Kit", "pills"):
        assert words not in response.content.decode()


def test_decisions_show_every_disagreement_and_how_it_is_respected(
    portal: Portal,
) -> None:
    text = page_text(portal.sign_in_as(None).get(urls(portal)["record"]))
    assert f"Jo Parker (your partner) objected to this: “{JO_OBJECTS}”" in text
    assert f"How this view is respected: {RESPECTED}" in text


def test_no_portal_page_has_a_script(portal: Portal) -> None:
    client = portal.sign_in_as(None)
    for url in [reverse("portal:home"), *list(urls(portal).values())[:2]]:
        html = client.get(url).content.decode()
        assert "<script" not in html, url
        assert "nhsuk-portal.min.css" in html and "nhsuk-frontend.min.css" not in html


def test_the_copy_opened_and_downloaded_is_logged_and_counted_as_given(
    portal: Portal,
) -> None:
    a = portal.scene.assessment
    assert measure(a).copy_printed_or_downloaded is False
    client = portal.sign_in_as(None)
    page = client.get(urls(portal)["copy"])
    assert f"You said: “{ALEX_ACCOUNT}”" in page_text(page)
    assert measure(a).copy_printed_or_downloaded is True
    pdf = client.get(urls(portal)["pdf"])
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment")
    words = " ".join(
        " ".join(p.extract_text().split())
        for p in PdfReader(io.BytesIO(pdf.content)).pages
    )
    assert ALEX_ACCOUNT.split(" because")[0] in words
    events = AccessEvent.objects.filter(
        viewer_code=portal.codes["person"], object_id=str(a.pk)
    ).values_list("what", flat=True)
    assert set(events) == {"person copy", "person copy pdf"}


def test_a_supporter_opening_the_copy_is_not_the_person_given_it(
    portal: Portal, clinician: User
) -> None:
    """Only the person's own opening counts: not a supporter's, nor staff on
    screen."""
    a = portal.scene.assessment
    portal.sign_in_as(portal.jo).get(urls(portal)["copy"])
    record_access(clinician, a.person, Action.VIEW, "person copy", a.pk)
    assert measure(a).copy_printed_or_downloaded is False


def test_who_has_looked_gives_role_team_and_time_never_names_or_reasons(
    portal: Portal, users: dict[str, User]
) -> None:
    a = portal.scene.assessment
    record_access(users["clinician"], a.person, Action.VIEW, "show assessment", a.pk)
    reason = "Her neighbour Pat Example rang 999 about her"
    break_glass(user=users["outsider"], person=a.person, reason=reason)
    jo = portal.sign_in_as(portal.jo)
    jo.get(reverse("portal:home"))
    response = portal.sign_in_as(None).get(reverse("portal:who_looked"))
    text = page_text(response)
    assert re.search(
        r"A health worker \(such as a nurse or doctor\) from Test Liaison Team "
        r"looked at your record( \d+ times)?\. This was on \d+ \w+ \d{4}",
        text,
    )
    assert (
        "A health worker (such as a nurse or doctor) from another team, Other "
        "Liaison Team opened your record without being in your care team. They had "
        "to give a reason, and their team lead checks it" in text
    )
    assert "Jo Parker (your partner) signed in" in text
    assert "You signed in" in text
    for private in ("Pat Example", "999", "Outsider", "Clinician Tester"):
        assert private not in response.content.decode(), private
    # Newest first: Alex's own sign-in came last.
    assert text.index("You signed in") < text.index(
        "Jo Parker (your partner) signed in"
    )


def test_who_has_looked_groups_a_day_and_stops_at_the_newest_lines(
    portal: Portal, users: dict[str, User]
) -> None:
    a = portal.scene.assessment
    for _ in range(3):
        record_access(
            users["clinician"], a.person, Action.VIEW, "show assessment", a.pk
        )
    lines = looked.who_looked(a.person, a.team)
    viewed = [line for line in lines if line.did == "looked at your record"]
    assert viewed and viewed[0].times >= 3
    assert len(lines) <= looked.MOST


def test_who_has_looked_is_for_the_person_only(portal: Portal) -> None:
    response = portal.sign_in_as(portal.jo).get(reverse("portal:who_looked"))
    assert response.status_code == 200
    assert "Only Alex can see who has looked at Alex’s record." in page_text(response)
    assert "Test Liaison Team looked" not in page_text(response)


def test_a_supporter_not_shared_with_sees_nothing_of_the_record(
    portal: Portal,
) -> None:
    """Until the person shares, a supporter is shown no part (the safe default)."""
    client = portal.sign_in_as(portal.jo)
    home = client.get(reverse("portal:home"))
    assert "Alex has chosen not to share this part with you." in page_text(home)
    assert urls(portal)["record"] not in home.content.decode()
    for name in ("record", "copy"):
        response = client.get(urls(portal)[name])
        html = response.content.decode()
        assert response.status_code == 200
        assert "Alex has chosen not to share" in page_text(response)
        for words in (ALEX_ACCOUNT, JO_HELPS, JO_PLAN, JO_OBJECTS, WITHHELD_TEXT):
            assert words not in html
    pdf = client.get(urls(portal)["pdf"])
    assert pdf.status_code == 302 and pdf["Location"] == urls(portal)["copy"]


def test_the_pages_read_the_same_number_of_queries_however_long_the_record(
    clinician: User, make_person: Callable[..., Person]
) -> None:
    """More entries, disputes and visits make no more queries (DESIGN.md §7)."""
    record = build_record(clinician, make_person)
    a = record.assessment
    client = signed_in_client(record.person.code)
    pages = [
        reverse(name, kwargs={"assessment_id": a.pk})
        for name in ("portal:show_record", "portal:show_copy")
    ] + [reverse("portal:who_looked")]

    def counts() -> list[int]:
        found = []
        for url in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    before = counts()
    alex = Participant.objects.get(assessment=a, kind=ParticipantKind.PERSON)
    for n in range(5):
        entry = assessment_services.add_contribution(
            actor=clinician,
            assessment=a,
            section="history.recent",
            voice=alex,
            text=f"Another thing, number {n}.",
        )
        assessment_services.dispute_entry(
            actor=clinician,
            entry=entry,
            disputer=alex,
            account="That is not how it went.",
        )
        record_access(clinician, a.person, Action.VIEW, "show assessment", a.pk)
    assert counts() == before


def test_pages_are_sent_compressed_when_the_browser_asks(portal: Portal) -> None:
    signed = portal.sign_in_as(None)
    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_ENCODING="gzip")
    client.cookies = signed.cookies
    response = client.get(urls(portal)["record"])
    assert response["Content-Encoding"] == "gzip"
    html = gzip.decompress(response.content).decode()
    assert ALEX_ACCOUNT in html
    assert len(response.content) < len(html) / 2


def test_sharing_without_agreement_is_told_to_the_person_never_the_note(
    portal: Portal, clinician: User
) -> None:
    a = portal.scene.assessment
    sharing_services.record_disclosure(
        actor=clinician,
        person=a.person,
        supporter=portal.jo,
        category="plan",
        basis="risk_to_others",
        reason="Their neighbour Pat Example is at risk tonight.",
        until=timezone.now() + dt.timedelta(days=2),
    )
    text = page_text(portal.sign_in_as(None).get(reverse("portal:who_looked")))
    assert "Shared without your agreement" in text
    assert re.search(
        r"On \d+ \w+ \d{4}, the team shared your plan with Jo Parker \(your "
        r"partner\) without your agreement, until \d+ \w+ \d{4}\. This was because "
        r"the team thought there was a serious risk to other people\.",
        text,
    )
    assert "Pat Example" not in text


def test_the_read_pages_link_to_the_pages_that_write(portal: Portal) -> None:
    a = portal.scene.assessment
    alex = portal.sign_in_as(None)
    record = alex.get(urls(portal)["record"]).content.decode()
    helps = next(
        c
        for c in Contribution.objects.filter(assessment=a, is_current=True)
        if c.text == JO_HELPS
    )
    assert (
        reverse(
            "portal:dispute_entry", kwargs={"assessment_id": a.pk, "entry_id": helps.pk}
        )
        in record
    )
    assert (
        reverse(
            "portal:dispute_entry",
            kwargs={"assessment_id": a.pk, "entry_id": portal.withheld.pk},
        )
        not in record
    )
    assert reverse("portal:your_say", kwargs={"assessment_id": a.pk}) in record
    copy = alex.get(urls(portal)["copy"]).content.decode()
    for name in ("portal:confirm_plan", "portal:contingency"):
        assert reverse(name, kwargs={"assessment_id": a.pk}) in copy
