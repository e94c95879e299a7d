"""Creating and changing staff accounts and teams."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from coassess.accounts.models import Membership, Role, Team, User
from coassess.core.exceptions import DomainError


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
) -> User:
    """Make a member of staff with a role in a team. Passwords meet Django's validators."""
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(f"There is already an account with the username {username}.")
    user = User(
        username=username, first_name=first_name, last_name=last_name, email=email
    )
    if check_password:
        validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    Membership.objects.create(user=user, team=team, role=Role(role))
    return user


@transaction.atomic
def set_staff_active(*, user: User, active: bool) -> User:
    user.is_active = active
    user.save(update_fields=["is_active"])
    return user
