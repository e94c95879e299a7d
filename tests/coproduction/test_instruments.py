"""The instruments as shipped: the NCCMH values, both ladders whole, the
self-assessment across SCIE's jigsaw and the 4Pi standards, in plain words."""

from __future__ import annotations

import pytest

from coassess.coproduction.instruments import (
    ARNSTEIN,
    SELF_ASSESSMENT,
    SHIPPED,
    TLAP,
    VALUES,
)
from coassess.language.readability import measure_readability

# The values of the NCCMH co-production team, in the brief's order.
NCCMH_VALUES = [
    "Respect",
    "Equality",
    "Understanding",
    "Honesty",
    "Being genuine",
    "Commitment",
    "Courage",
    "Sharing experiences",
    "Reciprocity",
    "Partnership",
    "Openness",
    "Supported",
    "Fairness",
    "Compassion",
    "Competence",
    "Recognition of everyone's expertise",
    "Recognition of contributions and time",
]


def test_there_is_one_question_for_each_nccmh_value() -> None:
    assert [v["name"] for v in VALUES] == NCCMH_VALUES
    assert all(v["text"].endswith("?") for v in VALUES)


def test_both_ladders_are_whole_from_the_bottom_rung() -> None:
    assert [r["name"] for r in ARNSTEIN] == [
        "Manipulation",
        "Therapy",
        "Informing",
        "Consultation",
        "Placation",
        "Partnership",
        "Delegated power",
        "Citizen control",
    ]
    assert [r["name"] for r in TLAP] == [
        "Coercing",
        "Educating",
        "Informing",
        "Consulting",
        "Engaging",
        "Co-designing",
        "Co-producing",
    ]
    assert [r["group"] for r in TLAP] == ["Doing to"] * 2 + ["Doing for"] * 3 + [
        "Doing with"
    ] * 2


def test_the_self_assessment_covers_the_jigsaw_and_the_4pi_standards() -> None:
    assert {s["group"] for s in SELF_ASSESSMENT} == {
        "Culture",
        "Structure",
        "Practice",
        "Review",
    }
    assert {s["standard"] for s in SELF_ASSESSMENT} == {
        "Principles",
        "Purpose",
        "Presence",
        "Process",
        "Impact",
    }


@pytest.mark.parametrize("kind", sorted(SHIPPED))
def test_each_instrument_reads_at_about_age_nine_with_ids_that_differ(
    kind: str,
) -> None:
    items = SHIPPED[kind]
    assert len({i["id"] for i in items}) == len(items)
    assert all(i["text"] and len(i["text"]) <= 300 for i in items)
    found = measure_readability(" ".join(i["text"] for i in items))
    assert found.reading_age is not None and found.reading_age <= 9, kind
