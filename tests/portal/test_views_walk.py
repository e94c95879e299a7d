"""A code opens one record and no other: every portal page that takes an id,
given another person's ids, or an assessment of the same person held by
another team, is not found (404), for the person and for a supporter; the
same pages with the viewer's own ids open."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from coassess.accounts.models import User
from coassess.assessments import services as assessment_services
from coassess.people.models import Person
from tests.portal.conftest import Portal
from tests.urlworld import build_world, kwargs_for, refer

pytestmark = pytest.mark.django_db


def viewer_patterns() -> list[tuple[str, URLPattern]]:
    """Every URL pattern whose view is a viewer's page, with its full name."""
    found: list[tuple[str, URLPattern]] = []

    def walk(patterns: list[Any], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, inner)
            elif getattr(p.callback, "access_policy", None) == "viewer":
                found.append((f"{namespace}{p.name}", p))

    walk(get_resolver().url_patterns, "")
    return found


def test_the_walk_finds_the_portal_pages() -> None:
    names = {name for name, _ in viewer_patterns()}
    assert {"portal:home", "portal:show_record", "portal:copy_pdf"} <= names


def test_no_code_reaches_another_record_by_changing_the_address(
    portal: Portal,
    users: dict[str, User],
    make_person: Callable[..., Person],
) -> None:
    other = make_person(given_name="Chris", family_name="Other", nhs_number="")
    world = build_world(users, other)
    own_team_elsewhere = assessment_services.start_assessment(
        actor=users["outsider"],
        referral=refer(users["outsider"], portal.scene.assessment.person, 20),
    )
    clients = {
        "person": portal.sign_in_as(None),
        "supporter": portal.sign_in_as(portal.jo),
    }
    with_ids = [(n, p) for n, p in viewer_patterns() if p.pattern.converters]
    assert with_ids, "no portal page takes an id: nothing to walk"
    for name, pattern in with_ids:
        theirs = kwargs_for(pattern, world)
        elsewhere = {**theirs}
        if "assessment_id" in elsewhere:
            elsewhere["assessment_id"] = own_team_elsewhere.pk
        for kwargs in (theirs, elsewhere):
            url = reverse(name, kwargs=kwargs)
            for who, client in clients.items():
                got = client.get(url).status_code
                posted = client.post(url, {}).status_code
                # 405 only for a method the view does not serve; the method
                # it serves reaches the view, which finds nothing.
                assert {got, posted} <= {404, 405}, (name, who, url, got, posted)
                assert 404 in (got, posted), (name, who, url, got, posted)


# Pages for supporters only: the person is told kindly where their own way is
# (tests/portal/test_writing_corroboration.py opens it as a supporter).
FOR_SUPPORTERS_ONLY = {"portal:tell_us": 403}


def test_the_same_pages_open_with_the_viewers_own_ids(portal: Portal) -> None:
    client = portal.sign_in_as(None)
    own = {"assessment_id": portal.scene.assessment.pk}
    for name, pattern in viewer_patterns():
        if set(pattern.pattern.converters) - {"assessment_id"}:
            continue  # pages of one entry or decision: their own tests open them
        got = client.get(
            reverse(name, kwargs=own if pattern.pattern.converters else {})
        )
        expected = FOR_SUPPORTERS_ONLY.get(name, 200)
        assert got.status_code == expected, (name, got.status_code)
