"""Signing in with an access code: the viewer's session opens the portal,
and each refusal says the same thing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coassess.accesslog.chain import verify
from coassess.accesslog.models import AccessEvent, Action
from coassess.accounts.models import User
from coassess.people import codes
from coassess.people.code_services import NOT_RECOGNISED, issue_code, revoke_code
from coassess.people.models import Person

pytestmark = pytest.mark.django_db


def _issue(clinician: User, person: Person) -> str:
    membership = clinician.membership
    assert membership is not None
    _, made = issue_code(
        actor=clinician,
        person=person,
        team=membership.team,
        supporter=None,
        known_kind=codes.Known.DATE_OF_BIRTH,
        known_answer="1991-04-12",
    )
    return made.shown


def test_code_and_answer_open_the_viewer_page(clinician: User, person: Person) -> None:
    shown = _issue(clinician, person)
    client = Client()
    answer = client.post(
        reverse("portal:sign_in"), {"code": shown.lower(), "answer": "1991-04-12"}
    )
    assert answer.status_code == 302
    assert answer["Location"] == reverse("portal:home")
    page = client.get(reverse("portal:home"))
    assert page.status_code == 200
    assert "Your record" in page.content.decode()
    event = AccessEvent.objects.filter(action=Action.SIGN_IN).get()
    assert event.actor is None and event.actor_role == "person"
    assert event.viewer_code is not None and event.person_id == person.pk
    assert verify().broken is None


def test_refusals_all_say_the_same(clinician: User, person: Person) -> None:
    shown = _issue(clinician, person)
    client = Client()
    wrong_code = client.post(
        reverse("portal:sign_in"), {"code": "ZZZZZ-ZZZZZ", "answer": "1991-04-12"}
    )
    wrong_answer = client.post(
        reverse("portal:sign_in"), {"code": shown, "answer": "1990-01-01"}
    )
    assert wrong_code.status_code == wrong_answer.status_code == 400
    for page in (wrong_code, wrong_answer):
        assert NOT_RECOGNISED in page.content.decode().replace("&#x27;", "'")
    assert client.get(reverse("portal:home"))["Location"] == reverse("portal:sign_in")


def test_revoked_code_ends_the_session_at_the_next_request(
    clinician: User, person: Person
) -> None:
    membership = clinician.membership
    assert membership is not None
    code, made = issue_code(
        actor=clinician,
        person=person,
        team=membership.team,
        supporter=None,
        known_kind=codes.Known.WORD,
        known_answer="Lighthouse",
    )
    client = Client()
    client.post(
        reverse("portal:sign_in"), {"code": made.text, "answer": " lighthouse "}
    )
    assert client.get(reverse("portal:home")).status_code == 200
    revoke_code(actor=clinician, code=code)
    assert client.get(reverse("portal:home"))["Location"] == reverse("portal:sign_in")


def test_code_has_fifty_bits_without_look_alikes() -> None:
    made = codes.new_code()
    assert len(made.text) == codes.LENGTH == 10 and codes.BITS >= 40
    assert not set(made.text) & set("01OI")
    assert codes.code_digest(made.shown.lower()) == made.digest
