"""The measures are documented once, under the names the page uses, and the
README points to that document."""

from __future__ import annotations

import re
from pathlib import Path

from coassess.assessments.models import Assessment
from coassess.coproduction.measures import AssessmentMeasures, measure
from coassess.coproduction.presenters import measure_groups

DOCS = Path(__file__).resolve().parents[2] / "docs"


def names_on_the_page(m: AssessmentMeasures) -> list[str]:
    return [row.name for group in measure_groups(m) for row in group.rows]


def test_each_measure_on_the_page_is_a_heading_in_the_document(
    assessment: Assessment,
) -> None:
    text = (DOCS / "coproduction-measures.md").read_text(encoding="utf-8")
    headings = re.findall(r"^### (.+)$", text, flags=re.MULTILINE)
    assert headings == names_on_the_page(measure(assessment))
    for part in ("What it means", "How it is computed"):
        assert text.count(f"**{part}:**") == len(headings)


def test_the_readme_points_to_the_document() -> None:
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    assert "docs/coproduction-measures.md" in readme
