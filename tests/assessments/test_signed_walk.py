"""Once the plan is signed, the assessment does not change: walking every page
of a signed assessment, no form is offered that would be refused on submit.
Only what is still allowed is offered: recording a disagreement with an entry,
and an addendum to the plan."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from coassess.accounts.models import User
from coassess.assessments import services
from coassess.assessments.hosts import AssessmentHost
from coassess.assessments.models import (
    Assessment,
    Contribution,
    ImmediateConcern,
    Participant,
    Status,
)
from coassess.decisions import services as decisions
from coassess.decisions.models import Decision
from coassess.decisions.rules import OutcomeDraft
from coassess.plans import services as plans

# What a signed assessment still takes (and the header's sign-out).
ALLOWED = {
    "assessments:dispute_contribution",
    "assessments:dispute_item",
    # A code lets the person and their supporters read (and dispute) the signed
    # record from their own device: it changes nothing in the record.
    "assessments:issue_code",
    # Keeping an entry from supporters, for the person, is a sharing choice
    # (the person can make it on their phone after signing too): the record
    # itself does not change.
    "portal_staff:mark_private",
    "plans:add_addendum",
    "accounts:sign_out",
}


class Page(HTMLParser):
    """The links and the POST forms' addresses of one page."""

    def __init__(self, address: str) -> None:
        super().__init__()
        self.address = address
        self.links: list[str] = []
        self.posts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.address, a["href"] or ""))
        if tag == "form" and (a.get("method") or "get").lower() == "post":
            self.posts.append(urljoin(self.address, a.get("action") or self.address))


def view_name(address: str) -> str:
    try:
        found = resolve(urlsplit(address).path)
    except Resolver404:
        return ""
    return found.view_name


@pytest.fixture
def signed(
    clinician: User, assessment: Assessment, voices: dict[str, Participant]
) -> Assessment:
    """An assessment with something in every part, its plan signed."""
    person, carer = voices["person"], voices["carer"]
    services.add_contribution(
        actor=clinician,
        assessment=assessment,
        section="account",
        voice=person,
        text="I have not slept for three nights.",
    )
    concern = services.add_concern(
        actor=clinician,
        assessment=assessment,
        text="Somewhere safe tonight",
        raised_by=person,
        agreed_by=[person, carer],
    )
    host = AssessmentHost(assessment)
    question = decisions.add_decision(
        actor=clinician, host=host, question="Where tonight?"
    )
    home = decisions.add_option(
        actor=clinician, host=host, decision=question, text="Home", proposer=person.pk
    )
    decisions.give_position(
        actor=clinician, host=host, option=home, voice=person.pk, stance="agree"
    )
    decisions.add_decision(actor=clinician, host=host, question="Who rings?")
    decisions.record_outcome(
        actor=clinician,
        host=host,
        decision=question,
        draft=OutcomeDraft(
            chosen=home,
            deciding_rule="persons_choice",
            rationale="Sam wants her own bed",
            values_weighed="Sam's choice and her safety",
        ),
    )
    plan = plans.start_plan(actor=clinician, assessment=assessment)
    plans.add_action(
        actor=clinician,
        plan=plan,
        what="Maggie stays over tonight",
        who="Maggie",
        by_when="Tonight",
        proposer=carer,
        concerns=[concern],
    )
    plans.add_contact(
        actor=clinician,
        plan=plan,
        name="Maggie Reid",
        role="mum",
        how="07700 900101",
        when="Any time",
    )
    for p in voices.values():
        plans.confirm_plan(actor=clinician, plan=plan, participant=p, meaning="agree")
    plans.sign_plan(actor=clinician, plan=plan, declared=True)
    assessment.refresh_from_db()
    assert assessment.status == Status.SIGNED
    return assessment


def direct_addresses(assessment: Assessment) -> list[str]:
    """Pages with a form to add or change, opened by their address (no link
    leads to them once signed)."""
    entry = Contribution.objects.get(assessment=assessment, is_current=True)
    concern = ImmediateConcern.objects.get(assessment=assessment, is_current=True)
    question = Decision.objects.get(context_id=assessment.pk, question="Where tonight?")
    option = question.options.get()
    a = {"assessment_id": assessment.pk}
    d = {**a, "decision_id": question.pk}
    return [
        reverse(
            "assessments:update_contribution", kwargs={**a, "contribution_id": entry.pk}
        ),
        reverse("assessments:update_concern", kwargs={**a, "concern_id": concern.pk}),
        reverse("assessments:add_decision", kwargs=a),
        reverse("assessments:add_option", kwargs=d),
        reverse("assessments:update_option", kwargs={**d, "option_id": option.pk}),
        reverse("assessments:give_positions", kwargs=d),
        reverse("assessments:record_outcome", kwargs=d),
        *(
            reverse(f"plans:{name}", kwargs=a)
            for name in (
                "add_action",
                "give_positions",
                "update_rationale",
                "update_contingency",
                "add_contact",
                "confirm_plan",
            )
        ),
    ]


def test_a_signed_assessment_offers_no_form_it_would_refuse(
    signed_in: Callable[[str], Any], signed: Assessment
) -> None:
    c = signed_in("clinician")
    ours = (f"/assessments/{signed.pk}/", f"/plans/{signed.pk}/")
    start = reverse("assessments:show_assessment", kwargs={"assessment_id": signed.pk})
    to_visit = [start, *direct_addresses(signed)]
    seen: set[str] = set()
    offered: dict[str, set[str]] = {}
    while to_visit:
        address = urlsplit(to_visit.pop()).path
        if address in seen or address.endswith(".pdf"):
            continue
        seen.add(address)
        response = c.get(address)
        assert response.status_code in (200, 302), address
        if response.status_code == 302:
            continue  # a signed plan's change pages go back to the plan
        page = Page(address)
        page.feed(response.content.decode())
        for post in page.posts:
            offered.setdefault(view_name(post), set()).add(address)
        to_visit += [
            link for link in page.links if urlsplit(link).path.startswith(ours)
        ]
    refused = {name: pages for name, pages in offered.items() if name not in ALLOWED}
    assert refused == {}
    # The walk reached every kind of page, and what is allowed is still offered.
    assert len(seen) > 20
    assert "assessments:dispute_contribution" in offered
    assert "assessments:dispute_item" in offered
    assert "plans:add_addendum" in offered
    names = {view_name(a) for a in seen}
    for name in (
        "assessments:show_section",
        "assessments:participant_list",
        "assessments:show_decision",
        "assessments:decision_list",
        "plans:show_plan",
        "plans:signed_version",
    ):
        assert name in names, name


def test_a_signed_assessment_says_why_nothing_can_be_added(
    signed_in: Callable[[str], Any], signed: Assessment
) -> None:
    c = signed_in("clinician")
    html = c.get(
        reverse(
            "assessments:show_section",
            kwargs={"assessment_id": signed.pk, "section": "account"},
        )
    ).content.decode()
    assert "This assessment is signed, so it does not change now." in html
    assert "Record a disagreement" in html and ">Change<" not in html


def test_an_open_assessment_offers_its_forms(
    signed_in: Callable[[str], Any],
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
) -> None:
    """The walk's other side: before signing, the same pages offer them."""
    services.add_contribution(
        actor=clinician,
        assessment=assessment,
        section="account",
        voice=voices["person"],
        text="I have not slept for three nights.",
    )
    html = (
        signed_in("clinician")
        .get(
            reverse(
                "assessments:show_section",
                kwargs={"assessment_id": assessment.pk, "section": "account"},
            )
        )
        .content.decode()
    )
    assert "This assessment is signed" not in html
    assert 'method="post"' in html and ">Change<" in html
