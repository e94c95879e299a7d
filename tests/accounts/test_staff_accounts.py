"""Administrators manage only their own team; a system administrator, made only
from the command line, manages every team; every account change is logged with
who and why and shown to the lead of the member's team (issue 10, item 2)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from coassess.accounts import services
from coassess.accounts.models import AccountChange, AccountEvent, Role, Team, User
from tests.conftest import make_user

NEW_STARTER = {
    "first_name": "Nia",
    "last_name": "Evans",
    "username": "nia",
    "email": "",
    "role": Role.PEER_WORKER,
    "password": "a-long-enough-password-2",
    "reason": "New peer worker starting on Monday",
}


@pytest.fixture
def other_admin(other_team: Team) -> User:
    return make_user("other_admin", other_team, Role.ADMINISTRATOR)


@pytest.fixture
def system_admin(team: Team) -> User:
    call_command(
        "createuser",
        "sysadmin",
        "--team",
        team.name,
        "--role",
        "administrator",
        "--system-admin",
        "--password",
        "a-long-enough-password-9",
        "--reason",
        "Trust IT service desk",
    )
    return User.objects.get(username="sysadmin")


def _as(client_factory: Any, user: User) -> Any:
    browser = client_factory("admin")
    browser.force_login(user)
    return browser


def test_an_administrator_adds_staff_with_clear_errors(
    signed_in: Any, team: Team, users: dict[str, User]
) -> None:
    admin = signed_in("admin")
    response = admin.post(reverse("accounts:add_staff"), {"username": "bad name!"})
    html = response.content.decode()
    assert "Enter their first name." in html
    assert "A username can only have letters" in html
    assert "Say why you are making this change." in html
    assert 'value="bad name!"' in html
    response = admin.post(
        reverse("accounts:add_staff"), {**NEW_STARTER, "team": team.pk}
    )
    assert response.status_code == 302
    nia = User.objects.get(username="nia")
    assert nia.membership.role == Role.PEER_WORKER and not nia.is_superuser
    event = AccountEvent.objects.get(member=nia)
    assert (event.change, event.actor, event.member_team) == (
        AccountChange.CREATED,
        users["admin"],
        team,
    )
    assert event.reason == NEW_STARTER["reason"]


def test_another_teams_administrator_cannot_touch_this_team(
    signed_in: Any, users: dict[str, User], team: Team, other_admin: User
) -> None:
    """The reported attack: a second team's administrator switched off a
    first-team account and made a clinician in the first team."""
    browser = _as(signed_in, other_admin)
    listing = browser.get(reverse("accounts:staff_list")).content.decode()
    assert "other_admin" in listing and users["clinician"].username not in listing
    peer = reverse("accounts:update_staff", kwargs={"user_id": users["peer"].pk})
    assert browser.get(peer).status_code == 404
    change = {"role": Role.PEER_WORKER, "active": "false", "reason": "Leaving the team"}
    assert browser.post(peer, change).status_code == 404
    made = browser.post(reverse("accounts:add_staff"), {**NEW_STARTER, "team": team.pk})
    assert made.status_code == 400
    assert "Select a valid choice" in made.content.decode()
    users["peer"].refresh_from_db()
    assert users["peer"].is_active
    assert not User.objects.filter(username="nia").exists()
    assert not AccountEvent.objects.exclude(change=AccountChange.CREATED).exists()
    with pytest.raises(Exception, match="only add staff to your own team"):
        services.create_staff_user(
            actor=other_admin,
            team=team,
            **{k: v for k, v in NEW_STARTER.items() if k not in {"email"}},
        )


def test_an_administrator_changes_a_role_and_switches_an_account_off(
    signed_in: Any, users: dict[str, User], client: Any, team: Team
) -> None:
    peer = users["peer"]
    url = reverse("accounts:update_staff", kwargs={"user_id": peer.pk})
    admin = signed_in("admin")
    missing = admin.post(url, {"role": Role.CLINICIAN, "active": "false"})
    assert missing.status_code == 400
    assert "Say why you are making this change." in missing.content.decode()
    change = {"role": Role.CLINICIAN, "active": "false", "reason": "Left the team"}
    assert admin.post(url, change).status_code == 302
    peer = User.objects.get(pk=peer.pk)
    assert not peer.is_active and peer.membership.role == Role.CLINICIAN
    changes = set(
        AccountEvent.objects.exclude(change=AccountChange.CREATED).values_list(
            "change", "detail", "reason"
        )
    )
    assert changes == {
        (AccountChange.ROLE, "From Peer support worker to Clinician", "Left the team"),
        (AccountChange.SWITCHED_OFF, "", "Left the team"),
    }
    from tests.accounts.test_sign_in import sign_in

    assert sign_in(client, "peer").status_code == 200  # refused: the form comes back


def test_nobody_changes_their_own_account_here(
    signed_in: Any, users: dict[str, User]
) -> None:
    url = reverse("accounts:update_staff", kwargs={"user_id": users["admin"].pk})
    response = signed_in("admin").post(
        url,
        {"role": Role.ADMINISTRATOR, "active": "false", "reason": "Oops, my mistake"},
    )
    assert "You cannot change your own account here." in response.content.decode()
    users["admin"].refresh_from_db()
    assert users["admin"].is_active


def test_a_team_administrator_cannot_move_staff_between_teams(
    signed_in: Any, users: dict[str, User], other_team: Team
) -> None:
    url = reverse("accounts:update_staff", kwargs={"user_id": users["peer"].pk})
    admin = signed_in("admin")
    assert 'name="team"' not in admin.get(url).content.decode()
    admin.post(
        url,
        {
            "team": other_team.pk,
            "role": Role.PEER_WORKER,
            "active": "true",
            "password": "another-long-password-3",
            "reason": "Forgot it",
        },
    )
    peer = User.objects.get(pk=users["peer"].pk)
    assert peer.membership.team != other_team
    later = AccountEvent.objects.exclude(change=AccountChange.CREATED)
    assert list(later.values_list("change", flat=True)) == [AccountChange.PASSWORD]


def test_a_system_administrator_is_made_only_from_the_command_line(
    system_admin: User,
    signed_in: Any,
    users: dict[str, User],
    team: Team,
    other_team: Team,
) -> None:
    assert system_admin.is_superuser
    made = AccountEvent.objects.get(member=system_admin)
    assert made.actor is None and "system administrator" in made.detail
    # No form can make one.
    signed_in("admin").post(
        reverse("accounts:add_staff"),
        {**NEW_STARTER, "team": team.pk, "is_superuser": "on"},
    )
    assert not User.objects.get(username="nia").is_superuser
    # They manage every team, and move a member between teams.
    browser = _as(signed_in, system_admin)
    listing = browser.get(reverse("accounts:staff_list")).content.decode()
    assert "outsider" in listing and "nia" in listing
    url = reverse("accounts:update_staff", kwargs={"user_id": users["outsider"].pk})
    moved = {
        "team": team.pk,
        "role": Role.CLINICIAN,
        "active": "true",
        "reason": "Moved to the liaison team",
    }
    assert browser.post(url, moved).status_code == 302
    events = AccountEvent.objects.filter(
        member=users["outsider"], change=AccountChange.TEAM
    )
    assert {e.member_team for e in events} == {team, other_team}
    assert len(events) == 2


def test_the_lead_of_the_members_team_sees_every_change(
    signed_in: Any, users: dict[str, User], other_team: Team, other_admin: User
) -> None:
    url = reverse("accounts:update_staff", kwargs={"user_id": users["peer"].pk})
    signed_in("admin").post(
        url, {"role": Role.PEER_WORKER, "active": "false", "reason": "Long-term leave"}
    )
    services.create_staff_user(
        actor=other_admin,
        team=other_team,
        username="zed",
        password="x" * 20,
        role=Role.CLINICIAN,
        reason="Their new starter",
    )
    page = signed_in("lead").get(reverse("accounts:account_changes")).content.decode()
    assert "Long-term leave" in page and "Switched off" in page
    assert "Their new starter" not in page  # another team's change
    assert (
        signed_in("clinician").get(reverse("accounts:account_changes")).status_code
        == 403
    )


def test_account_events_need_a_reason(users: dict[str, User]) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        AccountEvent.objects.create(
            at="2026-11-30T10:00Z", member=users["peer"], change="role", reason=""
        )
