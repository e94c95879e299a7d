"""What apps above assessments say about single entries, registered from their
`AppConfig.ready()`: assessments is below them and names none of them (ADR
0006).

A *marker* tags entries on the staff pages (by lineage, so every version
carries it: the portal, "Sam keeps this from supporters") and may offer a
staff page to change the mark (`url_name`, taking `assessment_id` and
`lineage`), linked beside each entry as `link_text`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from uuid import UUID

if TYPE_CHECKING:
    from coassess.assessments.models import Assessment

Tagger = Callable[["Assessment"], dict[UUID, str]]


@dataclass(frozen=True)
class Marker:
    """`tags(assessment)` -> {lineage: the words shown beside that entry};
    `url_name` and `link_text`: the staff page that changes the mark ("" for
    none)."""

    name: str
    tags: Tagger
    url_name: str = ""
    link_text: str = ""


@dataclass(frozen=True)
class Link:
    url_name: str
    text: str


@dataclass(frozen=True)
class Marks:
    """Every marker's tags for one assessment's entries, and their links."""

    tags: dict[UUID, list[str]] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)

    def tags_for(self, lineage: UUID) -> list[str]:
        return self.tags.get(lineage, [])


_MARKERS: dict[str, Marker] = {}


def register_marker(marker: Marker) -> None:
    """Offer `marker` (call from `AppConfig.ready()`; again is harmless)."""
    _MARKERS[marker.name] = marker


def marks_for(assessment: Assessment) -> Marks:
    """Each registered marker's tags for `assessment` (one call each, in
    registration order) and its link, if it offers one."""
    tags: dict[UUID, list[str]] = {}
    for marker in _MARKERS.values():
        for lineage, words in marker.tags(assessment).items():
            tags.setdefault(lineage, []).append(words)
    links = [Link(m.url_name, m.link_text) for m in _MARKERS.values() if m.url_name]
    return Marks(tags, links)
