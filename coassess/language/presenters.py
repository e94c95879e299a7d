"""How findings are offered: as one-click wordings, or as advice to follow by hand."""

from __future__ import annotations

from dataclasses import dataclass

from coassess.language.checker import Finding

ADVICE_STARTS = ("describe", "leave ", "quote ", "say ", "write ")


def is_direct_wording(alternative: str) -> bool:
    """True for words that can replace the term as they stand ("declined").

    Not for templates with gaps ("has not been taking ...") or advice
    ("describe what happened"): those need the writer's own words.
    """
    text = alternative.strip().lower()
    return (
        bool(text)
        and "..." not in text
        and "[" not in text
        and "(" not in text
        and not text.startswith(ADVICE_STARTS)
    )


@dataclass(frozen=True)
class FindingPresenter:
    finding: Finding
    dom_id: str

    @property
    def wordings(self) -> list[str]:
        return [a for a in self.finding.alternatives if is_direct_wording(a)]

    @property
    def advice(self) -> list[str]:
        return [a for a in self.finding.alternatives if not is_direct_wording(a)]


def present_findings(findings: list[Finding], field: str) -> list[FindingPresenter]:
    return [
        FindingPresenter(f, f"finding-{field}-{n}") for n, f in enumerate(findings, 1)
    ]
