"""The one check of what a viewer may see (`portal.visibility.sight_of`), and
the person's private marks it reads: asked afresh at every request, so a
change holds from the supporter's next request."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coassess.accesslog.models import AccessEvent, Action
from coassess.accounts.models import User
from coassess.core.exceptions import DomainError
from coassess.people import sharing_services
from coassess.people.sharing_models import Category
from coassess.people.viewer import Viewer
from coassess.plans.person_copy import PARTS
from coassess.portal.services import keep_private, private_lineages
from coassess.portal.visibility import shown_to, sight_of
from tests.plans.test_person_copy import RINGS
from tests.portal.conftest import Portal, page_text

pytestmark = pytest.mark.django_db


def viewers(portal: Portal) -> tuple[Viewer, Viewer]:
    portal.sign_in_as(None)
    portal.sign_in_as(portal.jo)
    return Viewer(portal.codes["person"]), Viewer(portal.codes[str(portal.jo.pk)])


def test_the_person_sees_every_part_and_keeps_nothing_from_themselves(
    portal: Portal,
) -> None:
    alex, _ = viewers(portal)
    assert shown_to(alex) == PARTS
    assert sight_of(alex).private == frozenset()


def test_an_entry_kept_private_is_kept_from_the_next_request_and_back_again(
    portal: Portal,
) -> None:
    alex, jo = viewers(portal)
    lineage = portal.withheld.lineage
    keep_private(person=alex.person, lineage=lineage, private=True, code=alex.code)
    assert lineage in sight_of(jo).private
    assert sight_of(jo).reader.private == frozenset({lineage})
    keep_private(person=alex.person, lineage=lineage, private=False, code=alex.code)
    assert lineage not in sight_of(jo).private
    logged = AccessEvent.objects.filter(
        viewer_code=alex.code, action=Action.UPDATE
    ).values_list("what", flat=True)
    assert list(logged) == ["shared again with supporters", "private from supporters"]


def test_only_the_person_or_staff_for_them_can_keep_an_entry_private(
    portal: Portal, clinician: User
) -> None:
    alex, jo = viewers(portal)
    lineage = portal.withheld.lineage
    with pytest.raises(DomainError):
        keep_private(person=alex.person, lineage=lineage, private=True, code=jo.code)
    with pytest.raises(DomainError):
        keep_private(
            person=alex.person, lineage=alex.code.pk, private=True, actor=clinician
        )
    keep_private(person=alex.person, lineage=lineage, private=True, actor=clinician)
    assert private_lineages(alex.person) == frozenset({lineage})


def test_the_parts_are_the_sharing_categories() -> None:
    assert {str(c) for c in Category} == set(PARTS)


def test_sharing_withdrawn_or_held_takes_effect_at_the_supporters_next_request(
    portal: Portal, clinician: User
) -> None:
    """Through the person's real sharing (`people.sharing`): Jo sees the plan
    once it is shared, and not at the very next request after it is
    withdrawn; a hold then hides everything, kindly, and says nothing of why."""
    jo = portal.sign_in_as(portal.jo)
    a = portal.scene.assessment
    plan = reverse("portal:show_copy", kwargs={"assessment_id": a.pk})
    assert RINGS not in page_text(jo.get(plan))
    sharing_services.set_sharing(
        supporter=portal.jo, category="plan", granted=True, seen=0, by_person=True
    )
    assert RINGS in page_text(jo.get(plan))
    sharing_services.set_sharing(
        supporter=portal.jo, category="plan", granted=False, seen=1, by_person=True
    )
    after = page_text(jo.get(plan))
    assert RINGS not in after
    assert "Alex has chosen not to share" in after
    sharing_services.set_sharing(
        supporter=portal.jo, category="plan", granted=True, seen=2, by_person=True
    )
    sharing_services.place_hold(
        actor=clinician,
        person=a.person,
        supporter=portal.jo,
        reason="Alex told us Jo reads their phone messages.",
    )
    held = page_text(jo.get(plan))
    assert RINGS not in held and "phone messages" not in held
    assert "You cannot see Alex’s record at the moment." in held
    assert "chosen not to share" not in held
