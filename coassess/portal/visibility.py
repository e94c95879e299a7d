"""What a viewer may see of the record their code opens: the one check every
portal page, fragment, PDF and export asks (hazard H9 for the person; the
person's sharing for a supporter).

The person sees every part of their own record (what is withheld from them
for a lawful reason is left out by the record's own readers,
`assessments.queries.visible_to_person`). A supporter sees only the parts the
person's sharing allows now, never an entry the person keeps private from
supporters, and nothing at all while a safeguarding hold is on their access.
What sharing allows is `people.sharing.supporter_scope`'s to say (with no
choice recorded, nothing); this module only adds the private marks.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from coassess.people.sharing import supporter_scope
from coassess.people.viewer import Viewer
from coassess.plans.person_copy import ASSESSMENT, DECISIONS, PARTS, PLAN, Reader
from coassess.portal.services import private_lineages

# The parts of a record sharing is given for, in the order pages list them.
CATEGORIES = (PLAN, DECISIONS, ASSESSMENT)
assert frozenset(CATEGORIES) == PARTS


@dataclass(frozen=True)
class Sight:
    """What one viewer may see now: `parts` (of CATEGORIES); `held` True while
    a safeguarding hold stops a supporter's access (then `parts` is empty);
    `private` the lineages of entries kept from supporters."""

    supporter_id: UUID | None
    parts: frozenset[str]
    held: bool = False
    private: frozenset[UUID] = frozenset()

    def sees(self, part: str) -> bool:
        return part in self.parts

    @property
    def anything(self) -> bool:
        return bool(self.parts)

    @property
    def reader(self) -> Reader:
        """The reader the person's copy is built for."""
        return Reader(self.supporter_id, self.parts, self.private)


def shown_to(viewer: Viewer) -> frozenset[str]:
    """The parts of the record `viewer` may see now: all of them for the person;
    for a supporter, what the person's sharing allows now."""
    return sight_of(viewer).parts


def sight_of(viewer: Viewer) -> Sight:
    """What `viewer` may see, asked afresh at every request (so a withdrawal
    or a hold takes effect at the supporter's next request): for a supporter,
    what `people.sharing.supporter_scope` allows now, the one rule, and never
    the entries the person keeps private."""
    if viewer.is_person:
        return Sight(None, PARTS)
    supporter = viewer.supporter
    assert supporter is not None
    scope = supporter_scope(supporter)
    return Sight(
        supporter.pk,
        scope.allowed & PARTS,
        held=scope.held,
        private=private_lineages(viewer.person),
    )
