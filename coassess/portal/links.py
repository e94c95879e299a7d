"""The links the read pages offer to pages that write ("Add your own words",
"I disagree with this", "Give your view"), registered by the pages that
write, so the read pages need not know them.

A writing page registers a `Link` once (from its module, imported by the
app's urls): where it is offered (`place`), its words, its URL name and which
of the place's ids its URL takes. The read pages ask `links_at` for each
place they show, with the ids they have; a link is offered only to the
viewers it is for and, for a supporter, only where their sharing shows its
part.

Places and the ids each gives:

- "home": none;
- "assessment": assessment_id (the whole record page);
- "entry": assessment_id, contribution_id (also as entry_id: the current
  version's id), lineage (each entry shown);
- "item": assessment_id, kind, entry_id (each structured entry shown: a
  concern, a source checked, what someone else told us, a capacity
  assessment; `kind` its `assessments.models.DisputedKind` value, `entry_id`
  the current version's id);
- "decision": assessment_id, decision_id (each decision shown);
- "plan": assessment_id (the plan, on the copy page);
- "contingency": assessment_id (the contingency plan, on the copy page).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from coassess.portal.visibility import Sight

PLACES = ("home", "assessment", "entry", "item", "decision", "plan", "contingency")


@dataclass(frozen=True)
class Link:
    """A link to a writing page, offered at `place`. The read page adds words
    for screen readers after its text, to tell links of the same words apart
    ("I disagree with this about what Jo said")."""

    place: str
    text: str
    url_name: str
    ids: tuple[str, ...] = ()
    for_person: bool = True
    for_supporter: bool = False
    part: str = ""  # the part a supporter must be shown, if any


@dataclass(frozen=True)
class Offered:
    text: str
    url: str


_LINKS: list[Link] = []


def offer(link: Link) -> None:
    """Register `link` (once; registering the same link again does nothing).
    Raises ValueError for a place not in PLACES."""
    if link.place not in PLACES:
        raise ValueError(f"{link.place!r} is not a place: one of {PLACES}")
    if link not in _LINKS:
        _LINKS.append(link)


def links_at(place: str, sight: Sight, **ids: Any) -> list[Offered]:
    """The links offered at `place` to a viewer who may see `sight`, their URLs
    filled from `ids` (each link takes the ids it names)."""
    found = []
    for link in _LINKS:
        if link.place != place:
            continue
        if sight.supporter_id is None and not link.for_person:
            continue
        if sight.supporter_id is not None and not (
            link.for_supporter and (not link.part or sight.sees(link.part))
        ):
            continue
        kwargs = {name: ids[name] for name in link.ids}
        found.append(Offered(link.text, reverse(link.url_name, kwargs=kwargs)))
    return found
