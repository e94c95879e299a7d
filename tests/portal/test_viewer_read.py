"""`people.viewer.current`: every page of a viewer's session reads their code,
with its person, team and supporter, in one query made afresh each time."""

from __future__ import annotations

import re
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coassess.accounts.models import User
from coassess.people import viewer
from coassess.people.code_services import revoke_code
from coassess.people.models import AccessCode, Supporter
from tests.portal.conftest import Portal, issue

pytestmark = pytest.mark.django_db


def _request_for(code: AccessCode) -> object:
    request = RequestFactory().get("/my/")
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    request.user = AnonymousUser()
    viewer.begin(request, code)
    return request


def test_the_persons_code_has_no_supporter(portal: Portal, clinician: User) -> None:
    person = portal.scene.assessment.person
    code, _, _ = issue(clinician, person, None)
    request = _request_for(code)
    with CaptureQueriesContext(connection) as read:
        seen = viewer.current(request)  # type: ignore[arg-type]
    assert seen is not None and seen.is_person and seen.supporter is None
    assert seen.person == person and seen.person.called == person.called
    assert seen.team == code.team and seen.team.name == code.team.name
    assert len([q for q in read if q["sql"].startswith("SELECT")]) == 1


def test_a_supporters_code_brings_the_supporter(
    portal: Portal, clinician: User
) -> None:
    person = portal.scene.assessment.person
    code, _, _ = issue(clinician, person, portal.jo)
    seen = viewer.current(_request_for(code))  # type: ignore[arg-type]
    assert seen is not None and not seen.is_person
    assert seen.supporter == portal.jo and seen.supporter.name == "Jo Parker"
    assert seen.person == person


def test_a_change_to_the_supporter_shows_at_the_next_read(
    portal: Portal, clinician: User
) -> None:
    code, _, _ = issue(clinician, portal.scene.assessment.person, portal.jo)
    request = _request_for(code)
    Supporter.objects.filter(pk=portal.jo.pk).update(name="Jo Parker-Lee")
    seen = viewer.current(request)  # type: ignore[arg-type]
    assert seen is not None and seen.supporter is not None
    assert seen.supporter.name == "Jo Parker-Lee"
    revoke_code(actor=clinician, code=code)
    assert viewer.current(request) is None  # type: ignore[arg-type]


def test_one_masked_csrf_token_serves_every_form_on_a_page(portal: Portal) -> None:
    """The token is masked once per page (core.context_processors.csrf), not
    once per form, and a form posted with it is accepted."""
    record = reverse("portal:show_record", args=[portal.scene.assessment.pk])
    browser = portal.sign_in_as(None)
    browser.handler.enforce_csrf_checks = True
    page = browser.get(record).content.decode()
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', page)
    assert len(tokens) >= 3 and len(set(tokens)) == 1
    keep = re.search(r'<form[^>]*class="portal-private"[^>]*action="([^"]+)"', page)
    if keep is None:
        keep = re.search(r'<form[^>]*action="([^"]+)"[^>]*class="portal-private"', page)
    assert keep is not None
    kept = browser.post(
        keep.group(1), {"private": "yes", "csrfmiddlewaretoken": tokens[0]}
    )
    assert kept.status_code == 302
