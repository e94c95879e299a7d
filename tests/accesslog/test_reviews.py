"""A team lead's review of a break-glass grant is a row of its own: the grant
is never changed, so grants can be append-only like the log."""

from __future__ import annotations

from typing import Any

import pytest
from django.forms.models import model_to_dict

from coassess.accesslog import queries, services
from coassess.accesslog.models import AccessEvent, Action, BreakGlassGrant
from coassess.accounts.models import User
from coassess.core.exceptions import DomainError
from coassess.people.access import break_glass
from coassess.people.models import Person


def open_stranger(users: dict[str, User], stranger: Person) -> BreakGlassGrant:
    """The clinician breaks glass on someone only the other team knows."""
    return break_glass(
        user=users["clinician"], person=stranger, reason="Seen in ED, no referral"
    )


@pytest.fixture
def grant(users: dict[str, User], make_person: Any) -> BreakGlassGrant:
    return open_stranger(users, make_person(actor=users["outsider"], nhs_number=""))


def as_stored(grant: BreakGlassGrant) -> dict[str, Any]:
    return model_to_dict(BreakGlassGrant.objects.get(pk=grant.pk))


def test_a_review_is_a_new_row_and_the_grant_is_unchanged(
    users: dict[str, User], grant: BreakGlassGrant
) -> None:
    before = as_stored(grant)
    review = services.review_grant(
        reviewer=users["lead"], grant=grant, note="Appropriate"
    )
    assert as_stored(grant) == before
    assert list(grant.reviews.all()) == [review]
    assert (review.reviewed_by, review.note) == (users["lead"], "Appropriate")
    assert AccessEvent.objects.filter(
        action=Action.REVIEW, object_id=str(grant.pk), reason="Appropriate"
    ).exists()


def test_a_grant_already_reviewed_is_refused_and_keeps_its_review(
    users: dict[str, User], grant: BreakGlassGrant
) -> None:
    services.review_grant(reviewer=users["lead"], grant=grant, note="First")
    with pytest.raises(DomainError, match="already been reviewed"):
        services.review_grant(reviewer=users["lead"], grant=grant, note="Second")
    assert [r.note for r in grant.reviews.all()] == ["First"]


def test_the_review_page_reads_the_newest_review_of_each_grant(
    users: dict[str, User], grant: BreakGlassGrant, make_person: Any
) -> None:
    other = open_stranger(
        users, make_person(actor=users["outsider"], given_name="Alex", nhs_number="")
    )
    team = users["lead"].membership.team  # type: ignore[union-attr]
    assert set(queries.waiting_grants(team)) == {grant, other}
    services.review_grant(reviewer=users["lead"], grant=grant, note="Older")
    # Two leads reviewing at the same moment both pass the service's check and
    # both rows are kept; one thread cannot race, so the other row goes in here.
    grant.reviews.create(
        reviewed_by=users["lead"], reviewed_at=grant.granted_at, note="Oldest"
    )
    assert list(queries.waiting_grants(team)) == [other]
    (latest,) = queries.latest_reviews(team)
    assert (latest.grant, latest.note) == (grant, "Older")
