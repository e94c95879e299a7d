"""Clients signed in with the person's or a supporter's access code, as a
viewer does it: through the sign-in page; and the helpers the writing tests
share (a page's words, a portal address, a code for the person, a decision
asked with its options)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from typing import Any

import pytest
from django.urls import reverse
from pypdf import PdfReader

from coassess.accounts.models import User
from coassess.assessments.hosts import AssessmentHost
from coassess.assessments.models import Assessment, Participant
from coassess.decisions import services as decisions
from coassess.decisions.models import Decision, Option
from coassess.people import codes
from coassess.people.code_services import issue_code
from coassess.people.models import AccessCode, Supporter
from coassess.people.sharing_services import set_sharing
from coassess.plans import services as plans
from coassess.plans.models import Action, Plan
from tests.conftest import CheckedClient

ANSWER = "Lighthouse"


@pytest.fixture
def code_client(
    clinician: User, assessment: Assessment
) -> Callable[[Supporter | None], tuple[CheckedClient, AccessCode]]:
    """code_client(None) -> a client signed in with a new code for the person
    (a supporter: for them), and the code."""

    def make(supporter: Supporter | None) -> tuple[CheckedClient, AccessCode]:
        code, made = issue_word_code(clinician, assessment, supporter, ANSWER)
        client = CheckedClient(HTTP_HOST="127.0.0.1")
        answer = client.post(
            reverse("portal:sign_in"), {"code": made.text, "answer": ANSWER}
        )
        assert answer.status_code == 302, answer.content.decode()[:2000]
        return client, code

    return make


@pytest.fixture
def as_person(
    code_client: Callable[[Supporter | None], tuple[CheckedClient, AccessCode]],
    voices: dict[str, Participant],
) -> tuple[CheckedClient, AccessCode]:
    """The person, signed in on their own phone (the assessment has the
    person, a clinician and the person's mum taking part)."""
    return code_client(None)


@pytest.fixture
def as_carer(
    code_client: Callable[[Supporter | None], tuple[CheckedClient, AccessCode]],
    voices: dict[str, Participant],
) -> tuple[CheckedClient, AccessCode]:
    """The person's mum, a supporter taking part, signed in with her own code."""
    supporter = voices["carer"].supporter
    assert supporter is not None
    return code_client(supporter)


# Helpers the writing tests share.


def text_of(response: Any) -> str:
    """A page's words, tags removed and entities undone, on one line."""
    html = response.content.decode()
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def pdf_text(pdf: bytes) -> str:
    """A PDF's words, page by page, on one line."""
    return " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(pdf)).pages
    )


def share_all(supporter: Supporter | None) -> None:
    """The person shares every part of their record with `supporter`."""
    assert supporter is not None
    for category in ("plan", "decisions", "assessment"):
        set_sharing(
            supporter=supporter, category=category, granted=True, seen=0, by_person=True
        )


def url(name: str, assessment: Assessment, **kwargs: Any) -> str:
    """The portal page `name` of `assessment`, with any other arguments."""
    return reverse(f"portal:{name}", kwargs={"assessment_id": assessment.pk, **kwargs})


def issue_word_code(
    clinician: User, assessment: Assessment, supporter: Supporter | None, word: str
) -> tuple[AccessCode, codes.NewCode]:
    """A code for the person of `assessment` (or `supporter`), issued by
    `clinician`, with `word` to give beside it: the code, and as made."""
    return issue_code(
        actor=clinician,
        person=assessment.person,
        team=assessment.team,
        supporter=supporter,
        known_kind=codes.Known.WORD,
        known_answer=word,
    )


def person_code(clinician: User, assessment: Assessment) -> AccessCode:
    """A code for the person of `assessment`, issued by `clinician` (not
    signed in: for calling services with it)."""
    return issue_word_code(clinician, assessment, None, "word")[0]


@dataclass(frozen=True)
class Asked:
    """A decision asked in an assessment, with its host and options in order."""

    host: AssessmentHost
    decision: Decision
    options: list[Option]

    @property
    def option(self) -> Option:
        return self.options[0]


def ask(
    clinician: User,
    assessment: Assessment,
    question: str,
    *options: tuple[str, Participant],
    **settings: bool,
) -> Asked:
    """The decision `question` in `assessment`, added by `clinician`, with each
    option (its text, and who suggests it); `settings` as `add_decision`
    takes them (person_first, hide_until_given)."""
    host = AssessmentHost(assessment)
    decision = decisions.add_decision(
        actor=clinician, host=host, question=question, **settings
    )
    made = [
        decisions.add_option(
            actor=clinician,
            host=host,
            decision=decision,
            text=text,
            proposer=proposer.pk,
        )
        for text, proposer in options
    ]
    return Asked(host, decision, made)


def rings_at_ten(clinician: User, plan: Plan, proposer: Participant) -> Action:
    """An action of `plan`: the crisis team rings at 10 tomorrow."""
    return plans.add_action(
        actor=clinician,
        plan=plan,
        what="The crisis team rings at 10 tomorrow",
        who="Crisis team",
        by_when="10:00 tomorrow",
        proposer=proposer,
    )
