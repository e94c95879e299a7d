"""Clients signed in with the person's or a supporter's access code, as a
viewer does it: through the sign-in page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from coassess.accounts.models import User
from coassess.assessments.models import Assessment, Participant
from coassess.people import codes
from coassess.people.code_services import issue_code
from coassess.people.models import AccessCode, Supporter
from tests.conftest import CheckedClient

ANSWER = "Lighthouse"


@pytest.fixture
def code_client(
    clinician: User, assessment: Assessment
) -> Callable[[Supporter | None], tuple[CheckedClient, AccessCode]]:
    """code_client(None) -> a client signed in with a new code for the person
    (a supporter: for them), and the code."""

    def make(supporter: Supporter | None) -> tuple[CheckedClient, AccessCode]:
        code, made = issue_code(
            actor=clinician,
            person=assessment.person,
            team=assessment.team,
            supporter=supporter,
            known_kind=codes.Known.WORD,
            known_answer=ANSWER,
        )
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
