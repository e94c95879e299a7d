"""How assessment entries, voices and sections are shown."""

from __future__ import annotations

from dataclasses import dataclass

from coassess.assessments.models import Contribution
from coassess.assessments.queries import AssessmentView
from coassess.assessments.sections import SECTIONS, Kind, Prompt, Section


@dataclass
class PromptEntries:
    prompt: Prompt
    entries: list[Contribution]


@dataclass
class SectionPresenter:
    section: Section
    prompts: list[PromptEntries]

    @property
    def is_empty(self) -> bool:
        return all(not p.entries for p in self.prompts)


def contribution_sections(view: AssessmentView) -> dict[str, SectionPresenter]:
    return {
        s.slug: SectionPresenter(
            s, [PromptEntries(p, view.entries(p.key)) for p in s.prompts]
        )
        for s in SECTIONS
        if s.kind == Kind.CONTRIBUTIONS
    }
