"""Creating and changing staff accounts and teams.

Every change to an account is an AccountEvent with who made it and why, in the
same transaction. A team's administrator manages only their own team; a
system administrator (`User.is_superuser`, made only by `coassess createuser
--system-admin`) manages every team and moves members between teams. A team
lead resets a member's sign-in code and unlocks a member who is locked out,
in their own team only.
"""

from __future__ import annotations

from axes.utils import reset as reset_password_failures
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from coassess.accounts import queries
from coassess.accounts.models import (
    AccountChange,
    AccountEvent,
    Membership,
    Role,
    Team,
    User,
)
from coassess.core.exceptions import DomainError
from coassess.core.middleware import current_request_id
from coassess.core.text import clean_reason


def managed_teams(actor: User) -> QuerySet[Team]:
    """The teams whose accounts `actor` may manage: every team for a system
    administrator, their own for a team's administrator, else none."""
    if actor.is_superuser:
        return Team.objects.all()
    membership = actor.membership
    if membership is None or membership.role != Role.ADMINISTRATOR:
        return Team.objects.none()
    return Team.objects.filter(pk=membership.team_id)


def managed_members(actor: User) -> QuerySet[User]:
    """The accounts `actor` may manage (see managed_teams)."""
    if actor.is_superuser:
        return User.objects.all()
    return User.objects.filter(memberships__team__in=managed_teams(actor)).distinct()


def log_account_change(
    *,
    actor: User | None,
    member: User,
    team: Team | None,
    change: AccountChange,
    reason: str,
    detail: str = "",
) -> AccountEvent:
    """Record one change to `member`'s account, made by `actor` (None: the
    command line) for `reason`; `team` is the member's team it concerns."""
    membership = actor.membership if actor is not None else None
    return AccountEvent.objects.create(
        at=timezone.now(),
        actor=actor,
        actor_team=membership.team if membership else None,
        member=member,
        member_team=team,
        change=change,
        detail=detail,
        reason=clean_reason(reason, what="why you are making this change", limit=2000),
        request_id=current_request_id.get(),
    )


@transaction.atomic
def create_team(
    *,
    name: str,
    site: str,
    ed_response_minutes: int = 60,
    ward_response_minutes: int = 24 * 60,
) -> Team:
    team = Team(
        name=name,
        site=site,
        ed_response_minutes=ed_response_minutes,
        ward_response_minutes=ward_response_minutes,
    )
    team.full_clean()
    team.save()
    return team


@transaction.atomic
def create_staff_user(
    *,
    username: str,
    password: str,
    team: Team,
    role: Role | str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    check_password: bool = True,
    actor: User | None = None,
    reason: str = "Made from the command line",
    system_admin: bool = False,
) -> User:
    """Make a member of staff with a role in a team, logged as made by `actor`
    for `reason`. Passwords meet Django's validators. Raises DomainError when
    `actor` may not manage `team`. `system_admin` (command line only) lets them
    manage every team."""
    if actor is not None and not managed_teams(actor).filter(pk=team.pk).exists():
        raise DomainError("You can only add staff to your own team.")
    if system_admin and Role(role) != Role.ADMINISTRATOR:
        raise DomainError("A system administrator has the administrator role.")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(f"There is already an account with the username {username}.")
    user = User(
        username=username, first_name=first_name, last_name=last_name, email=email
    )
    if check_password:
        validate_password(password, user)
    user.set_password(password)
    user.is_superuser = system_admin
    user.full_clean(exclude=["password"])
    user.save()
    Membership.objects.create(user=user, team=team, role=Role(role))
    detail = f"{Role(role).label}{', system administrator' if system_admin else ''}"
    log_account_change(
        actor=actor,
        member=user,
        team=team,
        change=AccountChange.CREATED,
        reason=reason,
        detail=detail,
    )
    return user


@transaction.atomic
def change_staff(
    *,
    actor: User,
    member: User,
    reason: str,
    role: Role | None = None,
    team: Team | None = None,
    active: bool | None = None,
    password: str = "",
) -> list[AccountEvent]:
    """Change what differs of `member`'s role, team, whether their account is
    on, and their password (a temporary one); one AccountEvent per change,
    each with `reason`. Raises DomainError when `actor` may not: their own
    account, a member outside the teams they manage, or a move to another team
    by anyone but a system administrator."""
    membership = member.membership
    if member == actor:
        raise DomainError("You cannot change your own account here.")
    if membership is None or not managed_members(actor).filter(pk=member.pk).exists():
        raise DomainError("You can only change accounts in your own team.")
    changes: list[tuple[AccountChange, Team, str]] = []
    if team is not None and team != membership.team:
        if not actor.is_superuser:
            raise DomainError(
                "Only a system administrator can move staff to another team."
            )
        detail = f"From {membership.team.name} to {team.name}"
        changes += [
            (AccountChange.TEAM, membership.team, detail),
            (AccountChange.TEAM, team, detail),
        ]
        membership.team = team
    if role is not None and role != membership.role:
        detail = f"From {Role(membership.role).label} to {Role(role).label}"
        changes.append((AccountChange.ROLE, membership.team, detail))
        membership.role = role
    if active is not None and active != member.is_active:
        off = AccountChange.SWITCHED_ON if active else AccountChange.SWITCHED_OFF
        changes.append((off, membership.team, ""))
        member.is_active = active
    if password:
        validate_password(password, member)
        member.set_password(password)
        changes.append((AccountChange.PASSWORD, membership.team, ""))
    if not changes:
        raise DomainError("Nothing has changed. Change something, or go back.")
    membership.save()
    member.save()
    return [
        log_account_change(
            actor=actor, member=member, team=t, change=c, reason=reason, detail=d
        )
        for c, t, d in changes
    ]


def _led_team(actor: User | None, member: User) -> Team | None:
    """The team `actor` leads and `member` is in; the member's team for the
    command line (`actor` None). Raises DomainError when `actor` may not."""
    membership = member.membership
    if actor is None:
        return membership.team if membership else None
    if member == actor:
        raise DomainError("You cannot do this to your own account.")
    if member not in queries.led_members(actor):
        raise DomainError("You can only help members of the team you lead.")
    return membership.team if membership else None


@transaction.atomic
def reset_second_factor(
    *, actor: User | None, member: User, reason: str
) -> AccountEvent:
    """Remove `member`'s authenticator and recovery codes, for `reason`: they
    set up a new one at their next sign-in, and every session they verified
    with the old one ends (accounts.second_factor). `actor` leads their team,
    or is None for the command line."""
    team = _led_team(actor, member)
    had = TOTPDevice.objects.filter(user=member, confirmed=True).exists()
    TOTPDevice.objects.filter(user=member).delete()
    StaticDevice.objects.filter(user=member).delete()
    return log_account_change(
        actor=actor,
        member=member,
        team=team,
        change=AccountChange.SECOND_FACTOR,
        reason=reason,
        detail="" if had else "They had not set one up",
    )


@transaction.atomic
def unlock_member(*, actor: User, member: User, reason: str) -> AccountEvent:
    """Let `member` try again now, for `reason`: forget their wrong passwords
    (django-axes) and their wait after wrong codes. Raises DomainError when
    they are not locked out, or `actor` does not lead their team."""
    team = _led_team(actor, member)
    lock = queries.locks([member]).get(str(member.pk))
    if lock is None:
        raise DomainError(f"{member.display_name} is not locked out now.")
    reset_password_failures(username=member.username)
    for kind in (TOTPDevice, StaticDevice):
        kind.objects.filter(user=member).update(
            throttling_failure_count=0, throttling_failure_timestamp=None
        )
    return log_account_change(
        actor=actor,
        member=member,
        team=team,
        change=AccountChange.UNLOCKED,
        reason=reason,
        detail=f"After {lock.why}",
    )
