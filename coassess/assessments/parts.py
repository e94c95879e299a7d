"""Parts of an assessment that apps above assessments offer, registered from
their `AppConfig.ready()`: assessments is below them and names none of them
(ADR 0006).

A *part* is a page about one assessment, listed in the assessment's own
contents ("Parts of the assessment") after the assessment's own parts. Its URL
takes the assessment's id as `assessment_id`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    """A page about one assessment: `url_name` (taking `assessment_id`), what
    the contents call it, and the `slug` its page sets as `current_slug` so the
    contents mark it as the page being read."""

    url_name: str
    text: str
    slug: str


_PARTS: dict[str, Part] = {}


def register_part(part: Part) -> None:
    """Offer `part` (call from `AppConfig.ready()`; again is harmless)."""
    _PARTS[part.url_name] = part


def registered_parts() -> list[Part]:
    """Every registered part, in registration order."""
    return list(_PARTS.values())
