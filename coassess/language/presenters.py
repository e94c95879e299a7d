"""How findings are offered: as one-click wordings shown in their whole new
sentence, or as advice to follow by hand."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.urls import reverse

from coassess.language.checker import Finding
from coassess.language.wordings import (
    Replacement,
    is_direct_wording,
    sentence_around,
)

__all__ = [
    "FindingPresenter",
    "Suggestion",
    "is_direct_wording",
    "present_findings",
    "wording_check",
]


@dataclass(frozen=True)
class Suggestion:
    """One wording offered for a finding, and the sentence it would make."""

    replacement: Replacement
    sentence: str
    dom_id: str


@dataclass(frozen=True)
class FindingPresenter:
    """A finding in the `text` it was found in (the box's words as checked)."""

    finding: Finding
    dom_id: str
    text: str = ""

    @property
    def suggestions(self) -> list[Suggestion]:
        """Each one-click wording, with the whole sentence as it would read."""
        f = self.finding
        begin, end = sentence_around(self.text, f.start, f.end)
        return [
            Suggestion(
                r,
                self.text[begin : f.start] + r.words + self.text[f.end : end],
                f"{self.dom_id}-use-{n}",
            )
            for n, r in enumerate(f.replacements, 1)
        ]

    @property
    def advice(self) -> list[str]:
        """Other ways to say it, in words to adapt. When the finding has
        one-click wordings, only the advice that is not itself a wording (those
        are offered in the right form instead)."""
        if self.finding.replacements:
            return [a for a in self.finding.alternatives if not is_direct_wording(a)]
        return list(self.finding.alternatives)


def present_findings(
    findings: list[Finding], field: str, text: str = ""
) -> list[FindingPresenter]:
    """Findings in `text` for the box `field` (its id), each with a DOM id."""
    return [
        FindingPresenter(f, f"finding-{field}-{n}", text)
        for n, f in enumerate(findings, 1)
    ]


def wording_check(box: str, audience: str) -> dict[str, str]:
    """The htmx attributes that make the text box with id `box` ask for wording
    prompts as the writer types (`audience`: "staff" or "person", who will read
    it); the answer replaces the element with id "findings-<box>" below it.
    The template global behind every marked box (core.text.WORDING_ATTR)."""
    return {
        "hx-post": reverse("language:check_wording"),
        "hx-trigger": "input changed delay:300ms, focus once",
        "hx-target": f"[id='findings-{box}']",
        "hx-swap": "outerHTML",
        "hx-sync": "this:replace",
        "hx-vals": json.dumps({"field": box, "audience": audience}),
    }
