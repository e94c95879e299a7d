"""How findings are offered: as one-click wordings shown in their whole new
sentence, or as advice to follow by hand."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import jinja2
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from markupsafe import Markup

from coassess.accounts.models import User
from coassess.language.checker import Finding, check
from coassess.language.queries import team_ruleset
from coassess.language.readability import measure_readability
from coassess.language.rules import Audience, Ruleset
from coassess.language.wordings import (
    Replacement,
    is_direct_wording,
    sentence_around,
)

__all__ = [
    "FindingPresenter",
    "Suggestion",
    "is_direct_wording",
    "findings_context",
    "present_findings",
    "wording_check",
    "wording_findings",
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


def findings_context(
    text: str, field: str, audience: str, ruleset: Ruleset
) -> dict[str, Any]:
    """What `language/_partials/findings.jinja` shows for the words `text` in the
    box `field` (its id), for `audience` ("staff" or "person": who reads it;
    for the person also jargon and reading age), under `ruleset`. The one
    place both the prompts as people type (htmx) and the prompts drawn with the
    page (without JavaScript) come from, so the two always agree."""
    person = audience == "person"
    findings = check(
        text, Audience.PERSON_FACING if person else Audience.STAFF_RECORD, ruleset
    )
    return {
        "findings": present_findings(findings, field, text),
        "field": field,
        "readability": measure_readability(text) if person and text.strip() else None,
    }


def viewer_ruleset(request: HttpRequest | None) -> Ruleset:
    """The rules for the signed-in member's team, worked out once a request."""
    cached = getattr(request, "_coassess_ruleset", None)
    if isinstance(cached, Ruleset):
        return cached
    user = getattr(request, "user", None)
    membership = user.membership if isinstance(user, User) else None
    ruleset = team_ruleset(membership.team if membership else None)
    if request is not None:
        request._coassess_ruleset = ruleset  # type: ignore[attr-defined]
    return ruleset


@jinja2.pass_context
def wording_findings(
    context: jinja2.runtime.Context, box: str, audience: str, text: str
) -> Markup:
    """The prompts for the words already in the box with id `box`, drawn with
    the page (an edit form, a form sent back with a message), so they are there
    without JavaScript too; with it, typing replaces them (`wording_check`)."""
    if not text.strip():
        return Markup(
            '<div id="findings-{}" class="coassess-findings" aria-live="polite"></div>'
        ).format(box)
    request = context.get("request")
    # The partial is rendered with autoescaping, like every template here.
    return Markup(  # noqa: S704
        render_to_string(
            "language/_partials/findings.jinja",
            findings_context(text, box, audience, viewer_ruleset(request)),
            request=request,
        )
    )
