"""A team lead helps a member of their own team sign in: resets their sign-in
code, or unlocks them after wrong passwords or codes; each with a reason,
logged (issue 10: a second factor, and item 10's unlock)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import time_machine
from django.urls import reverse

from coassess.accounts import second_factor, services
from coassess.accounts.models import AccountChange, AccountEvent, Role, Team, User
from coassess.core.exceptions import DomainError
from tests.accounts.test_sign_in import give_password, sign_in
from tests.conftest import CheckedClient, app_code, give_authenticator, make_user


def _later_events() -> list[tuple[str, str, str]]:
    return list(
        AccountEvent.objects.exclude(change=AccountChange.CREATED).values_list(
            "change", "member__username", "reason"
        )
    )


def _url(name: str, member: User) -> str:
    return reverse(f"accounts:{name}", kwargs={"user_id": member.pk})


def test_the_lead_resets_a_members_code_with_a_reason(
    signed_in: Callable[[str], CheckedClient], users: dict[str, User]
) -> None:
    peer = users["peer"]
    give_authenticator(peer)
    lead = signed_in("lead")
    listing = lead.get(reverse("accounts:team_sign_in")).content.decode()
    assert "Peer Tester (peer)" in listing and "outsider" not in listing
    assert _url("reset_code", peer) in listing
    assert _url("reset_code", users["lead"]) not in listing  # not their own
    missing = lead.post(_url("reset_code", peer), {"reason": " "})
    assert missing.status_code == 400
    assert "Say why you are making this change." in missing.content.decode()
    assert second_factor.authenticator(peer) is not None
    done = lead.post(_url("reset_code", peer), {"reason": "Lost phone, seen in person"})
    assert done.status_code == 302
    assert second_factor.authenticator(peer) is None
    event = AccountEvent.objects.get(change=AccountChange.SECOND_FACTOR)
    assert (event.actor, event.member, event.reason) == (
        users["lead"],
        peer,
        "Lost phone, seen in person",
    )
    changes = lead.get(reverse("accounts:account_changes")).content.decode()
    assert "Sign-in code device reset" in changes


def test_the_lead_unlocks_a_member_locked_out_after_wrong_passwords(
    signed_in: Callable[[str], CheckedClient],
    client: CheckedClient,
    users: dict[str, User],
) -> None:
    for _ in range(5):
        give_password(client, "peer", "wrong-password-here")
    assert give_password(client, "peer").status_code == 429
    lead = signed_in("lead")
    listing = lead.get(reverse("accounts:team_sign_in")).content.decode()
    assert "after wrong passwords" in listing
    assert _url("unlock_member", users["peer"]) in listing
    assert _url("unlock_member", users["clinician"]) not in listing  # not locked
    missing = lead.post(_url("unlock_member", users["peer"]), {"reason": ""})
    assert missing.status_code == 400
    reason = {"reason": "Mistyped a new password; rang them back"}
    assert lead.post(_url("unlock_member", users["peer"]), reason).status_code == 302
    assert _later_events() == [
        (AccountChange.UNLOCKED, "peer", "Mistyped a new password; rang them back")
    ]
    assert AccountEvent.objects.get(change=AccountChange.UNLOCKED).detail == (
        "After wrong passwords"
    )
    assert sign_in(client, "peer")["Location"] == "/"
    again = lead.post(_url("unlock_member", users["peer"]), reason)
    assert "Peer Tester is not locked out now." in again.content.decode()


def test_the_lead_ends_a_wait_after_wrong_codes(
    signed_in: Callable[[str], CheckedClient],
    password_only: Callable[[str], CheckedClient],
    users: dict[str, User],
) -> None:
    device = give_authenticator(users["peer"])
    member = password_only("peer")
    code_page = reverse("accounts:enter_code")
    with time_machine.travel("2026-11-26 09:00:10 +0000", tick=False) as clock:
        for _ in range(6):
            member.post(code_page, {"code": "000000"})
            clock.shift(1)
        lead = signed_in("lead")
        listing = lead.get(reverse("accounts:team_sign_in")).content.decode()
        assert "after wrong codes" in listing
        reason = {"reason": "Phone clock was wrong, fixed together"}
        assert (
            lead.post(_url("unlock_member", users["peer"]), reason).status_code == 302
        )
        assert member.post(code_page, {"code": app_code(device)})["Location"] == "/"
    assert AccountEvent.objects.get(change=AccountChange.UNLOCKED).detail == (
        "After wrong codes"
    )


@pytest.fixture
def other_lead(other_team: Team) -> User:
    return make_user("other_lead", other_team, Role.TEAM_LEAD)


def test_a_lead_helps_only_their_own_team(
    signed_in: Callable[[str], CheckedClient],
    client: CheckedClient,
    users: dict[str, User],
    other_lead: User,
) -> None:
    peer = users["peer"]
    give_authenticator(peer)
    for _ in range(5):
        give_password(client, "peer", "wrong-password-here")
    browser = CheckedClient(HTTP_HOST="127.0.0.1")
    browser.force_login(other_lead)
    listing = browser.get(reverse("accounts:team_sign_in")).content.decode()
    assert "peer" not in listing
    reason = {"reason": "Trying it on"}
    for name in ("reset_code", "unlock_member"):
        assert browser.get(_url(name, peer)).status_code == 404
        assert browser.post(_url(name, peer), reason).status_code == 404
        # An administrator of the member's own team is not their lead either.
        assert signed_in("admin").post(_url(name, peer), reason).status_code == 403
        # Nor does a lead act on their own account here.
        assert signed_in("lead").get(_url(name, users["lead"])).status_code == 404
    with pytest.raises(DomainError, match="team you lead"):
        services.reset_second_factor(actor=other_lead, member=peer, reason="x")
    with pytest.raises(DomainError, match="team you lead"):
        services.unlock_member(actor=other_lead, member=peer, reason="x")
    with pytest.raises(DomainError, match="your own account"):
        services.reset_second_factor(
            actor=users["lead"], member=users["lead"], reason="x"
        )
    assert second_factor.authenticator(peer) is not None
    assert give_password(client, "peer").status_code == 429  # still locked
    assert _later_events() == []
