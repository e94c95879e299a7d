"""A signed, fictional record to read from the portal (the person's copy's ED
scene: Alex Morgan, they/them, with their partner Jo Parker), with one of
Jo's entries withheld from Alex as third-party information, and a way to sign
in with a code as Alex or as Jo. Also the fixtures of the pages that write:
an assessment (from tests/assessments), and clients signed in with the
person's or a supporter's access code (tests/portal/viewers.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from importlib import import_module
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from coassess.accounts.models import User
from coassess.assessments import services as assessment_services
from coassess.assessments.models import (
    Assessment,
    Contribution,
    Expertise,
    Participant,
    ParticipantKind,
    WithheldReason,
)
from coassess.people import codes, viewer
from coassess.people import services as people_services
from coassess.people.code_services import issue_code
from coassess.people.models import AccessCode, Person, Supporter
from coassess.plans.models import Action
from tests.assessments.conftest import (  # noqa: F401
    assessment,
    entry_data,
    referral,
    voices,
)
from tests.conftest import CheckedClient
from tests.plans.test_person_copy import (
    ALEX_ACCOUNT,
    ALEX_DISPUTES,
    JO_HELPS,
    JO_SCARED,
    NURSE_CONCERN,
    RINGS,
    Scene,
    _decide,
    _people,
    _plan,
    _say,
)
from tests.portal.viewers import ANSWER, as_carer, as_person, code_client  # noqa: F401

# Jo told the nurse this in confidence: withheld from Alex.
WITHHELD_TEXT = "My brother Kit (not to be told) says Alex hid pills at his flat."


@dataclass
class Portal:
    scene: Scene
    withheld: Contribution
    jo: Supporter
    sign_in_as: Callable[[Supporter | None], CheckedClient]
    codes: dict[str, AccessCode]


def issue(
    clinician: User, person: Person, supporter: Supporter | None
) -> tuple[AccessCode, str, str]:
    """A code for the person (`supporter` None) or a supporter: the code, its
    text and the answer to give beside it."""
    membership = clinician.membership
    assert membership is not None
    kind, answer = (
        (codes.Known.DATE_OF_BIRTH, "1991-04-12")
        if supporter is None
        else (codes.Known.WORD, "Lighthouse")
    )
    code, made = issue_code(
        actor=clinician,
        person=person,
        team=membership.team,
        supporter=supporter,
        known_kind=kind,
        known_answer=answer,
    )
    return code, made.text, answer


def signed_in_client(code: AccessCode) -> CheckedClient:
    """A browser signed in with `code`: the viewer's session begun as signing
    in begins it (`people.viewer.begin`, which logs the sign-in). Signing in
    through the form is tests/portal/test_sign_in_foundation.py's."""
    request = RequestFactory().get("/my/")
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    request.user = AnonymousUser()
    viewer.begin(request, code)
    request.session.save()
    client = CheckedClient(HTTP_HOST="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = request.session.session_key
    return client


def build_scene(
    clinician: User, make_person: Callable[..., Person]
) -> tuple[Scene, Contribution]:
    """The copy's ED scene (tests/plans/test_person_copy.py), with an entry of
    Jo's withheld from Alex before the plan is signed."""
    a = _people(clinician, make_person)
    supporter = people_services.add_supporter(
        actor=clinician,
        person=a.person,
        data={"name": "Jo Parker", "relationship": "partner"},
    )
    jo = assessment_services.add_participant(
        actor=clinician,
        assessment=a,
        kind=ParticipantKind.SUPPORTER,
        expertise=Expertise.CARER,
        supporter=supporter,
    )
    alex = Participant.objects.get(assessment=a, kind=ParticipantKind.PERSON)
    nurse = Participant.objects.get(assessment=a, kind=ParticipantKind.STAFF)
    Participant.objects.filter(pk=nurse.pk).update(role_in_meeting="Liaison nurse")
    nurse.refresh_from_db()
    for text, raised_by in ((JO_SCARED, jo), (NURSE_CONCERN, nurse)):
        assessment_services.add_concern(
            actor=clinician,
            assessment=a,
            text=text,
            raised_by=raised_by,
            agreed_by=[alex, jo, nurse],
        )
    _say(clinician, a, "account", voice=alex, text=ALEX_ACCOUNT, own_words=True)
    helps = _say(clinician, a, "strengths.people", voice=jo, text=JO_HELPS)
    assessment_services.dispute_entry(
        actor=clinician, entry=helps, disputer=alex, account=ALEX_DISPUTES
    )
    withheld = _say(
        clinician,
        a,
        "risk.others_view",
        voice=jo,
        text=WITHHELD_TEXT,
        withheld_reason=WithheldReason.THIRD_PARTY,
    )
    _decide(clinician, a, alex, jo)
    plan = _plan(clinician, a, [alex, jo, nurse])
    rings = Action.objects.get(plan=plan, what=RINGS)
    scene = Scene(Assessment.objects.get(pk=a.pk), alex, jo, nurse, plan, rings)
    return scene, withheld


@pytest.fixture
def portal(clinician: User, make_person: Callable[..., Person]) -> Portal:
    scene, withheld = build_scene(clinician, make_person)
    a = scene.assessment
    jo = scene.jo.supporter
    assert jo is not None
    issued: dict[str, AccessCode] = {}

    def sign_in_as(supporter: Supporter | None) -> CheckedClient:
        code, _, _ = issue(clinician, a.person, supporter)
        issued["person" if supporter is None else str(supporter.pk)] = code
        return signed_in_client(code)

    return Portal(scene, withheld, jo, sign_in_as, issued)


def page_text(response: Any) -> str:
    """The visible words of a page, tags removed, entities undone."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
