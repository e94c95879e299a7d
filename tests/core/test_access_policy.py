"""Default deny, checked two ways.

1. Every URL pattern's view declares an access policy.
2. Every view, for every persona, gives exactly the expected outcome: allowed,
   sent to sign in, or refused. A view missing from EXPECTED fails, and so does
   an unexpected allow.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from coassess.people.models import Person
from tests.urlworld import World, build_world, kwargs_for

PERSONAS = [
    "anonymous",
    "clinician",
    "peer",
    "lead",
    "coproduction",
    "admin",
    "outsider",
]
CLINICAL_IN_TEAM = {"clinician", "peer", "lead"}
STAFF = {"clinician", "peer", "lead", "coproduction", "admin", "outsider"}
EVERYONE = {"anonymous", *STAFF}
CLINICAL = {"clinician", "peer", "lead", "outsider"}
PROJECT_STAFF = {"clinician", "peer", "lead", "coproduction", "outsider"}
IN_PROJECT = {"peer", "coproduction", "lead"}

# url name -> personas that are allowed (200, or a redirect that is not to sign-in).
# For person-record views, the person belongs to `clinician`'s team; `outsider`
# has no relationship, so a GET sends them to break glass (counted as refused).
EXPECTED: dict[str, set[str]] = {
    "accounts:home": EVERYONE,
    "core:about": EVERYONE,
    "core:privacy": EVERYONE,
    "core:accessibility": EVERYONE,
    "core:health": EVERYONE,
    "accounts:sign_in": EVERYONE,
    "accounts:sign_out": EVERYONE,
    # The steps after the password: staff past both go straight on.
    "accounts:enter_code": STAFF,
    "accounts:set_up_code": STAFF,
    "accounts:recovery_codes": STAFF,
    "accounts:change_password": STAFF,
    "accounts:staff_list": {"admin"},
    "accounts:add_staff": {"admin"},
    "accounts:update_staff": {"admin"},
    "accounts:account_changes": {"lead"},
    "accounts:team_sign_in": {"lead"},
    "accounts:reset_code": {"lead"},
    "accounts:unlock_member": {"lead"},
    "people:find_person": CLINICAL,
    "people:add_person": CLINICAL,
    "people:show_person": CLINICAL_IN_TEAM,
    "people:update_person": CLINICAL_IN_TEAM,
    "people:add_supporter": CLINICAL_IN_TEAM,
    "people:update_supporter": CLINICAL_IN_TEAM,
    "people:break_glass": CLINICAL,
    # Sharing with supporters goes by the person's record; the services refuse
    # a peer worker sharing without consent or lifting a hold (on the form).
    "people:show_sharing": CLINICAL_IN_TEAM,
    "people:update_sharing": CLINICAL_IN_TEAM,
    "people:record_disclosure": CLINICAL_IN_TEAM,
    "people:place_hold": CLINICAL_IN_TEAM,
    "people:lift_hold": CLINICAL_IN_TEAM,
    # The lead reviews the holds their team placed.
    "people:hold_list": {"lead"},
    "people:review_hold": {"lead"},
    "accesslog:event_list": {"lead"},
    "accesslog:grant_list": {"lead"},
    "accesslog:review_grant": {"lead"},
    "referrals:board": CLINICAL,
    "referrals:choose_person": CLINICAL,
    "referrals:add_referral": CLINICAL,
    "referrals:close_referral": CLINICAL_IN_TEAM,
    "assessments:start_assessment": CLINICAL_IN_TEAM,
    "assessments:show_assessment": CLINICAL_IN_TEAM,
    "assessments:print_assessment": CLINICAL_IN_TEAM,
    "plans:person_copy": CLINICAL_IN_TEAM,
    "assessments:moved_person_copy": CLINICAL_IN_TEAM,
    "assessments:moved_person_copy_pdf": CLINICAL_IN_TEAM,
    "plans:person_copy_pdf": CLINICAL_IN_TEAM,
    "assessments:participant_list": CLINICAL_IN_TEAM,
    "assessments:update_participant": CLINICAL_IN_TEAM,
    "assessments:show_section": CLINICAL_IN_TEAM,
    "assessments:update_contribution": CLINICAL_IN_TEAM,
    "assessments:dispute_contribution": CLINICAL_IN_TEAM,
    "assessments:dispute_item": CLINICAL_IN_TEAM,
    "assessments:show_history": CLINICAL_IN_TEAM,
    "assessments:update_concern": CLINICAL_IN_TEAM,
    "assessments:who_sees_corroboration": CLINICAL_IN_TEAM,
    "assessments:keep_theirs": CLINICAL_IN_TEAM,
    "assessments:keep_entry_draft": CLINICAL_IN_TEAM,
    "assessments:discard_entry_draft": CLINICAL_IN_TEAM,
    "assessments:decision_list": CLINICAL_IN_TEAM,
    "assessments:add_decision": CLINICAL_IN_TEAM,
    "assessments:show_decision": CLINICAL_IN_TEAM,
    "assessments:add_option": CLINICAL_IN_TEAM,
    "assessments:update_option": CLINICAL_IN_TEAM,
    "assessments:give_positions": CLINICAL_IN_TEAM,
    "assessments:record_outcome": CLINICAL_IN_TEAM,
    "plans:show_plan": CLINICAL_IN_TEAM,
    "plans:start_plan": CLINICAL_IN_TEAM,
    "plans:add_action": CLINICAL_IN_TEAM,
    "plans:give_positions": CLINICAL_IN_TEAM,
    "plans:update_rationale": CLINICAL_IN_TEAM,
    "plans:update_contingency": CLINICAL_IN_TEAM,
    "plans:add_contact": CLINICAL_IN_TEAM,
    "plans:confirm_plan": CLINICAL_IN_TEAM,
    "plans:sign_plan": CLINICAL_IN_TEAM,
    "plans:add_addendum": CLINICAL_IN_TEAM,
    "plans:signed_version": CLINICAL_IN_TEAM,
    # A check of posted words against the team's rules: it reads no record.
    "language:check_wording": STAFF,
    "language:record_choice": STAFF,
    "language:team_rules": {"lead", "coproduction"},
    "coproduction:show_measures": CLINICAL_IN_TEAM,
    # Reflecting on an assessment goes by the assessment's own policy; the
    # team's reflections (counted only), its self-assessments and questions are
    # for its staff and co-production members (the questions: leads and
    # co-production members); the outsider's team has no self-assessment to open.
    "coproduction:reflect_on_assessment": CLINICAL_IN_TEAM,
    "coproduction:reflection_summary": {*CLINICAL, "coproduction"},
    "coproduction:instrument_list": {"lead", "coproduction"},
    "coproduction:choose_ladder": {"lead", "coproduction"},
    "coproduction:revise_instrument": {"lead", "coproduction"},
    "coproduction:self_assessment_list": {*CLINICAL, "coproduction"},
    "coproduction:add_self_assessment": {*CLINICAL, "coproduction"},
    "coproduction:show_self_assessment": {*CLINICAL_IN_TEAM, "coproduction"},
    # Co-production projects: the world's project is led by `coproduction`,
    # with `peer` a member; `lead` leads the team. Another member of the team
    # who is not in the project (`clinician`), and another team, get 404.
    "coproduction:projects:project_list": PROJECT_STAFF,
    "coproduction:projects:add_project": PROJECT_STAFF,
    "coproduction:projects:show_project": IN_PROJECT,
    "coproduction:projects:add_member": {"coproduction", "lead"},
    "coproduction:projects:member_left": {"coproduction", "lead"},
    "coproduction:projects:add_meeting": IN_PROJECT,
    "coproduction:projects:log_contribution": IN_PROJECT,
    "coproduction:projects:correct_contribution": IN_PROJECT,
    "coproduction:projects:statement_pdf": IN_PROJECT,
    "coproduction:projects:decision_list": IN_PROJECT,
    "coproduction:projects:add_decision": IN_PROJECT,
    "coproduction:projects:show_decision": IN_PROJECT,
    "coproduction:projects:add_option": IN_PROJECT,
    "coproduction:projects:update_option": IN_PROJECT,
    "coproduction:projects:give_positions": IN_PROJECT,
    "coproduction:projects:record_outcome": IN_PROJECT,
    "coproduction:projects:reflect_on_project": IN_PROJECT,
    "coproduction:dashboard": {"lead", "coproduction"},
    # Only the lead of the team opens the people behind a figure.
    "coproduction:assessments_behind": {"lead"},
    "coproduction:export_page": {"lead", "coproduction"},
    "coproduction:export_csv": {"lead", "coproduction"},
    "coproduction:export_descriptor": {"lead", "coproduction"},
    # Access codes for the person and their supporters, from the assessment.
    "assessments:code_list": CLINICAL_IN_TEAM,
    "assessments:issue_code": CLINICAL_IN_TEAM,
    "assessments:extend_code": CLINICAL_IN_TEAM,
    "assessments:revoke_code": CLINICAL_IN_TEAM,
    # Keeping an entry from every supporter, for the person, when they ask.
    "portal_staff:mark_private": CLINICAL_IN_TEAM,
    # The person's and supporters' own view: signing in and out with a code.
    "portal:sign_in": EVERYONE,
    "portal:signed_out": EVERYONE,
    "portal:sign_out": EVERYONE,
}

# Pages only a viewer signed in with an access code may open (people.viewer):
# every member of staff, like anyone without a code, is sent to sign in with one.
VIEWER_ONLY = {
    "portal:home",
    # What the person writes from their own device (portal/writing).
    "portal:your_say",
    "portal:add_own_words",
    "portal:dispute_entry",
    "portal:dispute_item",
    "portal:give_position",
    "portal:plan_position",
    "portal:contingency",
    "portal:confirm_plan",
    "portal:tell_us",
    # A supporter changes or takes back what they told us, from their phone.
    "portal:change_told",
    "portal:take_back_told",
    "portal:show_record",
    "portal:show_copy",
    "portal:copy_pdf",
    "portal:who_looked",
    "portal:sharing",
    "portal:choose_sharing",
    "portal:keep_private",
}
EXPECTED.update(dict.fromkeys(VIEWER_ONLY, set[str]()))

POST_ONLY = {
    "accounts:sign_out",
    "portal:sign_out",
    "portal:choose_sharing",
    "portal:keep_private",
    "accesslog:review_grant",
    "people:review_hold",
    # Also a page on GET; the write is the one to check (tests/referrals checks the GET).
    "referrals:close_referral",
    "assessments:keep_theirs",
    "assessments:keep_entry_draft",
    "assessments:discard_entry_draft",
    "plans:start_plan",
    "plans:sign_plan",
    "language:check_wording",
    "language:record_choice",
}


def walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from walk(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern):
            yield f"{prefix}{entry.name}", entry


ALL_PATTERNS = list(walk(get_resolver().url_patterns))


def test_it_finds_the_url_patterns() -> None:
    assert len(ALL_PATTERNS) >= len(EXPECTED)


def undeclared(patterns: list[Any]) -> list[str]:
    """The URL names, under these patterns, whose views declare no access policy."""
    return [
        name
        for name, p in walk(patterns)
        if not getattr(p.callback, "access_policy", None)
    ]


def test_every_view_declares_an_access_policy() -> None:
    assert undeclared(get_resolver().url_patterns) == []


def test_every_view_is_in_the_role_table() -> None:
    names = {name for name, _ in ALL_PATTERNS}
    assert names == set(EXPECTED), (
        f"not in EXPECTED: {names - set(EXPECTED)}; stale: {set(EXPECTED) - names}"
    )


def test_the_policy_walk_fails_for_an_undeclared_view() -> None:
    """The walk catches a view added without a policy, nested in an include too."""
    from django.urls import include, path

    from coassess.core import views as core_views

    def naked_view(request: Any) -> None:
        return None

    patterns = [
        path("fine/", core_views.about, name="fine"),
        path("nested/", include(([path("naked/", naked_view, name="naked")], "oops"))),
    ]
    assert undeclared(patterns) == ["oops:naked"]


def url_for(name: str, world: World) -> str:
    return reverse(name, kwargs=kwargs_for(dict(ALL_PATTERNS)[name], world))


def outcome(response: Any) -> str:
    # Past the policy: a page, no content, a form's refusal (400) or a conflict.
    if response.status_code in (200, 204, 400, 409):
        return "allowed"
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith(reverse("accounts:sign_in")) and "next=" in location:
            return "sign-in"
        if location == reverse("portal:sign_in"):
            return "code sign-in"
        if location.startswith("/people/") and "/break-glass/" in location:
            return "refused"
        return "allowed"
    if response.status_code in (403, 404):
        return "refused"
    return f"status {response.status_code}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_role_gets_exactly_the_expected_access(
    name: str,
    persona: str,
    users: dict[str, Any],
    person: Person,
    signed_in: Callable[[str], Any],
    client: Any,
) -> None:
    world = build_world(users, person)
    url = url_for(name, world)
    browser = client if persona == "anonymous" else signed_in(persona)
    method = browser.post if name in POST_ONLY else browser.get
    response = method(url)
    assert judge(name, persona, outcome(response)) is None


def judge(name: str, persona: str, got: str) -> str | None:
    """What is wrong with this persona getting `got` at this view, or None."""
    if name in VIEWER_ONLY:
        wanted = "code sign-in"
    elif persona in EXPECTED[name]:
        wanted = "allowed"
    elif persona == "anonymous":
        wanted = "sign-in"
    else:
        wanted = "refused"
    return (
        None if got == wanted else f"{persona} should be {wanted} at {name}, got {got}"
    )


@pytest.mark.parametrize(
    ("name", "persona", "got"),
    [
        ("accounts:staff_list", "clinician", "allowed"),  # an unexpected allow
        (
            "people:show_person",
            "outsider",
            "allowed",
        ),  # another team without break glass
        ("people:show_person", "anonymous", "refused"),  # not sent to sign in
        ("people:show_person", "clinician", "refused"),  # an expected allow that broke
        ("portal:home", "clinician", "allowed"),  # staff in a viewer's page
        ("portal:home", "anonymous", "sign-in"),  # sent to staff sign-in, not the code
    ],
)
def test_the_role_check_fails_when_access_is_wrong(
    name: str, persona: str, got: str
) -> None:
    assert judge(name, persona, got) is not None


def test_an_unknown_uuid_is_not_found(signed_in: Callable[[str], Any]) -> None:
    response = signed_in("clinician").get(
        reverse("people:show_person", kwargs={"person_id": uuid.uuid4()})
    )
    assert response.status_code == 404


def test_a_malformed_uuid_gets_the_404_page(signed_in: Callable[[str], Any]) -> None:
    response = signed_in("clinician").get("/people/not-a-uuid/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
