"""The rules of `supporter_scope`, and the services that change what it reads."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coassess.accesslog.models import AccessEvent
from coassess.accounts.models import User
from coassess.core.exceptions import DomainError, VersionConflict
from coassess.people import services as people_services
from coassess.people import sharing_services as sharing
from coassess.people.models import Person, Supporter
from coassess.people.sharing import (
    choice_history,
    current_numbers,
    scopes_for_person,
    supporter_scope,
)
from coassess.people.sharing_models import HoldLift, SafeguardingHold, SharingChoice

START = dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def jo(clinician: User, person: Person) -> Supporter:
    return people_services.add_supporter(
        actor=clinician,
        person=person,
        data={"name": "Jo Reid", "relationship": "partner"},
    )


@pytest.fixture
def kit(clinician: User, person: Person) -> Supporter:
    return people_services.add_supporter(
        actor=clinician,
        person=person,
        data={"name": "Kit Reid", "relationship": "brother"},
    )


def choose(
    supporter: Supporter, category: str, granted: bool, **kw: Any
) -> SharingChoice:
    seen = current_numbers(supporter)[category]
    return sharing.set_sharing(
        supporter=supporter,
        category=category,
        granted=granted,
        seen=seen,
        by_person=kw.pop("by_person", True),
        **kw,
    )


def test_with_no_choice_nothing_is_shared(jo: Supporter) -> None:
    scope = supporter_scope(jo)
    assert scope.allowed == frozenset()
    assert not scope.held
    assert dict(scope.consented) == {}
    assert dict(scope.disclosed) == {}


def test_a_granted_category_and_only_it_is_allowed(jo: Supporter) -> None:
    choose(jo, "plan", True)
    scope = supporter_scope(jo)
    assert scope.allowed == {"plan"}
    assert scope.allows("plan") and not scope.allows("assessment")
    assert scope.consented == {"plan": None}


def test_a_time_limit_allows_until_it_ends_and_not_after(jo: Supporter) -> None:
    with time_machine.travel(START, tick=False):
        choose(jo, "decisions", True, until=START + dt.timedelta(hours=12))
        assert supporter_scope(jo).allowed == {"decisions"}
        assert supporter_scope(jo).consented == {
            "decisions": START + dt.timedelta(hours=12)
        }
    with time_machine.travel(START + dt.timedelta(hours=11, minutes=59), tick=False):
        assert supporter_scope(jo).allows("decisions")
    with time_machine.travel(START + dt.timedelta(hours=12), tick=False):
        assert supporter_scope(jo).allowed == frozenset()


def test_a_withdrawal_takes_effect_at_once(jo: Supporter) -> None:
    choose(jo, "plan", True)
    choose(jo, "assessment", True)
    assert supporter_scope(jo).allowed == {"plan", "assessment"}
    choose(jo, "plan", False)
    assert supporter_scope(jo).allowed == {"assessment"}


def test_a_hold_overrides_consent_and_disclosure_until_lifted(
    users: dict[str, User], person: Person, jo: Supporter
) -> None:
    choose(jo, "plan", True)
    sharing.record_disclosure(
        actor=users["clinician"],
        person=person,
        supporter=jo,
        category="assessment",
        basis="risk_to_others",
        reason="Jo needs to know the risk to the children tonight",
        until=timezone.now() + dt.timedelta(days=2),
    )
    hold = sharing.place_hold(
        actor=users["peer"],
        person=person,
        supporter=jo,
        reason="Sam told me Jo checks her phone",
    )
    scope = supporter_scope(jo)
    assert scope.held
    assert scope.allowed == frozenset()
    assert not scope.allows("plan")
    sharing.lift_hold(
        actor=users["lead"], hold=hold, reason="Sam asked for Jo to see the plan again"
    )
    assert supporter_scope(jo).allowed == {"plan", "assessment"}


def test_a_disclosure_allows_only_its_category_and_supporter_until_its_end(
    clinician: User, person: Person, jo: Supporter, kit: Supporter
) -> None:
    with time_machine.travel(START, tick=False):
        sharing.record_disclosure(
            actor=clinician,
            person=person,
            supporter=jo,
            category="plan",
            basis="risk_to_others",
            reason="Jo lives with Sam and the risk is to Jo too",
            until=START + dt.timedelta(days=1),
        )
        scope = supporter_scope(jo)
        assert scope.allowed == {"plan"}
        assert scope.disclosed == {"plan": START + dt.timedelta(days=1)}
        assert dict(scope.consented) == {}
        assert supporter_scope(kit).allowed == frozenset()
    with time_machine.travel(START + dt.timedelta(days=1), tick=False):
        assert supporter_scope(jo).allowed == frozenset()


def test_a_disclosure_to_all_reaches_every_supporter(
    clinician: User, person: Person, jo: Supporter, kit: Supporter
) -> None:
    sharing.record_disclosure(
        actor=clinician,
        person=person,
        supporter=None,
        category="decisions",
        basis="best_interests",
        reason="Sam cannot decide about this now and family must plan tonight",
        until=timezone.now() + dt.timedelta(hours=6),
    )
    assert {s.name: sc.allowed for s, sc in scopes_for_person(person)} == {
        "Jo Reid": {"decisions"},
        "Kit Reid": {"decisions"},
    }


def test_the_scope_takes_the_same_four_queries_however_many_choices(
    jo: Supporter,
) -> None:
    """The supporter, their choices, their holds and the disclosures in
    force: four plain reads, cheaper to build than one with ten subqueries."""

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            supporter_scope(jo)
        return len(queries)

    assert count() == 4
    for category in ("plan", "decisions", "assessment"):
        choose(jo, category, True)
        choose(jo, category, False)
        choose(jo, category, True)
    with CaptureQueriesContext(connection) as queries:
        scope = supporter_scope(jo)
    assert scope.allowed == {"plan", "decisions", "assessment"}
    assert len(queries) == 4


def test_history_is_kept_with_who_set_each_choice(
    clinician: User, jo: Supporter
) -> None:
    choose(jo, "plan", True)
    choose(
        jo,
        "plan",
        False,
        by_person=False,
        actor=clinician,
        reason="Sam asked me to stop sharing the plan for now",
    )
    rows = list(choice_history(jo))
    assert [(r.number, r.granted, r.by_person, r.set_by) for r in rows] == [
        (2, False, False, clinician),
        (1, True, True, None),
    ]
    assert rows[0].reason == "Sam asked me to stop sharing the plan for now"
    events = AccessEvent.objects.filter(what__startswith="sharing choice")
    assert sorted(e.what for e in events) == [
        "sharing choice",
        "sharing choice (by the person)",
    ]
    assert events.get(what="sharing choice").actor == clinician


def test_a_stale_choice_is_a_conflict_showing_what_was_saved(jo: Supporter) -> None:
    choose(jo, "plan", True)
    with pytest.raises(VersionConflict) as caught:
        sharing.set_sharing(
            supporter=jo, category="plan", granted=False, seen=0, by_person=True
        )
    assert caught.value.current.granted is True
    assert SharingChoice.objects.filter(supporter=jo).count() == 1


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"until": START}, "The time limit must be in the future."),
        (
            {"granted": False, "until": START + dt.timedelta(days=9)},
            "A time limit goes only with sharing.",
        ),
        ({"by_person": False}, "Only clinical staff can record this."),
        ({"reason": "because"}, "at least two words"),
        ({"category": "everything"}, "Choose what this is about"),
    ],
)
def test_bad_choices_are_refused_with_a_clear_message(
    jo: Supporter, kw: dict[str, Any], message: str
) -> None:
    args = {
        "supporter": jo,
        "category": "plan",
        "granted": True,
        "seen": 0,
        "by_person": True,
    }
    with (
        time_machine.travel(START + dt.timedelta(days=1), tick=False),
        pytest.raises(DomainError) as caught,
    ):
        sharing.set_sharing(**{**args, **kw})
    assert message in str(caught.value)
    assert not SharingChoice.objects.exists()


def test_a_hold_on_another_persons_supporter_is_refused(
    clinician: User, make_person: Any, jo: Supporter
) -> None:
    other = make_person(
        given_name="Ola", family_name="Nowak", preferred_name="", nhs_number=""
    )
    with pytest.raises(DomainError, match="not one of Ola’s supporters"):
        sharing.place_hold(
            actor=clinician,
            person=other,
            supporter=jo,
            reason="Worried about control at home",
        )
    assert not SafeguardingHold.objects.exists()


def test_a_second_hold_while_one_is_in_force_is_refused(
    clinician: User, person: Person, jo: Supporter
) -> None:
    sharing.place_hold(
        actor=clinician,
        person=person,
        supporter=jo,
        reason="Worried about control at home",
    )
    with pytest.raises(DomainError, match="already paused"):
        sharing.place_hold(
            actor=clinician,
            person=person,
            supporter=jo,
            reason="Worried about control at home",
        )


def test_a_peer_worker_cannot_share_without_consent_or_lift_a_hold(
    users: dict[str, User], person: Person, jo: Supporter
) -> None:
    hold = sharing.place_hold(
        actor=users["peer"],
        person=person,
        supporter=jo,
        reason="Sam is frightened of Jo",
    )
    with pytest.raises(DomainError, match="clinician or the team lead"):
        sharing.lift_hold(actor=users["peer"], hold=hold, reason="It seems fine now")
    with pytest.raises(DomainError, match="clinician or the team lead"):
        sharing.record_disclosure(
            actor=users["peer"],
            person=person,
            supporter=jo,
            category="plan",
            basis="risk_to_others",
            reason="Jo must know about the risk",
            until=timezone.now() + dt.timedelta(days=1),
        )


def test_only_the_lead_of_the_placing_team_reviews_a_hold(
    users: dict[str, User], person: Person, jo: Supporter
) -> None:
    hold = sharing.place_hold(
        actor=users["clinician"],
        person=person,
        supporter=jo,
        reason="Sam is frightened of Jo",
    )
    with pytest.raises(DomainError):
        sharing.review_hold(reviewer=users["clinician"], hold=hold, note="")
    review = sharing.review_hold(
        reviewer=users["lead"], hold=hold, note="Right call, keep it"
    )
    assert review.note == "Right call, keep it"
    assert list(hold.reviews.all()) == [review]


def test_a_hold_is_lifted_once(
    users: dict[str, User], person: Person, jo: Supporter
) -> None:
    hold = sharing.place_hold(
        actor=users["clinician"],
        person=person,
        supporter=jo,
        reason="Sam is frightened of Jo",
    )
    sharing.lift_hold(
        actor=users["lead"], hold=hold, reason="Sam has moved somewhere safe"
    )
    with pytest.raises(DomainError, match="already been lifted"):
        sharing.lift_hold(
            actor=users["clinician"], hold=hold, reason="Sam has moved somewhere safe"
        )
    assert HoldLift.objects.count() == 1


def test_the_database_refuses_a_changed_or_deleted_choice(jo: Supporter) -> None:
    choice = choose(jo, "plan", True)
    refused = pytest.raises(DatabaseError, match="sharing choices are append-only")
    with refused, transaction.atomic():
        SharingChoice.objects.filter(pk=choice.pk).update(granted=False)
    with refused, transaction.atomic():
        SharingChoice.objects.filter(pk=choice.pk).delete()
    assert SharingChoice.objects.get(pk=choice.pk).granted is True


def test_the_database_refuses_a_time_limit_on_a_withheld_choice(jo: Supporter) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        SharingChoice.objects.create(
            supporter=jo,
            category="plan",
            granted=False,
            until=timezone.now(),
            by_person=True,
            number=1,
        )


def test_the_database_allows_one_choice_per_number(jo: Supporter) -> None:
    """What makes two writers from the same choice a conflict, not two choices."""
    choose(jo, "plan", True)
    with pytest.raises(IntegrityError), transaction.atomic():
        SharingChoice.objects.create(
            supporter=jo, category="plan", granted=False, by_person=True, number=1
        )
    assert [c.granted for c in SharingChoice.objects.filter(supporter=jo)] == [True]


def test_one_supporters_scope_agrees_with_everyones_at_every_moment(
    users: dict[str, User], person: Person, jo: Supporter, kit: Supporter
) -> None:
    """`supporter_scope` reads one supporter with its own compiled queries;
    `scopes_for_person` reads them all at once. Before, during and after a
    hold and a disclosure, on either side of each edge, they agree."""
    moments = [START + dt.timedelta(hours=h) for h in range(6)]
    with time_machine.travel(moments[0], tick=False):
        choose(jo, "plan", True)
        choose(kit, "decisions", True, until=moments[4])
    with time_machine.travel(moments[1], tick=False):
        sharing.record_disclosure(
            actor=users["clinician"],
            person=person,
            supporter=None,
            category="assessment",
            basis="risk_to_others",
            reason="The family must know the risk to the children tonight",
            until=moments[3],
        )
        hold = sharing.place_hold(
            actor=users["peer"], person=person, supporter=jo, reason="Sam asked"
        )
    with time_machine.travel(moments[2], tick=False):
        sharing.lift_hold(actor=users["lead"], hold=hold, reason="Sam asked again")
    seen = []
    for at in [START - dt.timedelta(minutes=1), *moments]:
        every = {s.pk: scope for s, scope in scopes_for_person(person, at)}
        for supporter in (jo, kit):
            assert supporter_scope(supporter, at) == every[supporter.pk]
        seen.append((supporter_scope(jo, at).allowed, supporter_scope(kit, at).allowed))
    assert seen == [
        (frozenset(), frozenset()),
        ({"plan"}, {"decisions"}),
        (frozenset(), {"decisions", "assessment"}),
        ({"plan", "assessment"}, {"decisions", "assessment"}),
        ({"plan"}, {"decisions"}),
        ({"plan"}, frozenset()),
        ({"plan"}, frozenset()),
    ]
