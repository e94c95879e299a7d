"""The one check of what a viewer may see (`portal.visibility.sight_of`), and
the person's private marks it reads: asked afresh at every request, so a
change holds from the supporter's next request."""

from __future__ import annotations

import pytest

from coassess.accesslog.models import AccessEvent, Action
from coassess.accounts.models import User
from coassess.core.exceptions import DomainError
from coassess.people.viewer import Viewer
from coassess.plans.person_copy import PARTS
from coassess.portal.services import keep_private, private_lineages
from coassess.portal.visibility import shown_to, sight_of
from tests.portal.conftest import Portal

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
