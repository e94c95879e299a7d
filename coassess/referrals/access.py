"""Who may act on one referral: the clinical staff of the team it was made to
(or, to read only, anyone who broke glass for its person)."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from coassess.accounts.models import Team
from coassess.people.access import record_policy
from coassess.people.models import Person
from coassess.referrals.models import Referral


def _load_referral(pk: Any) -> Referral:
    return get_object_or_404(Referral.objects.select_related("person", "team"), pk=pk)


def _team(referral: Referral) -> Team:
    return referral.team


def _person_of(referral: Referral) -> Person:
    return referral.person


referral_record = record_policy(
    name="referral_record",
    id_kwarg="referral_id",
    load=_load_referral,
    person_of=_person_of,
    owner_of=_team,
)
