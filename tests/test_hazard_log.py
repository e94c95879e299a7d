"""The hazard log stays true: every test it names as evidence for a control
exists, so a control cannot lose its evidence silently when tests move."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LOG = REPO / "docs" / "clinical-safety" / "hazard-log.md"
REFERENCE = re.compile(r"`(tests/[\w/]+\.py)?(?:::(\w+))?`")


def evidence(text: str) -> list[tuple[str, str]]:
    """(test file, test name or '') for every reference, in order; a bare
    `::name` belongs to the file named last."""
    found, current = [], ""
    for match in REFERENCE.finditer(text):
        path, name = match.group(1), match.group(2)
        if path:
            current = path
        if current and (path or name):
            found.append((current, name or ""))
    return found


def missing(text: str) -> list[str]:
    problems = []
    for path, name in evidence(text):
        source = REPO / path
        if not source.exists():
            problems.append(f"{path} does not exist")
        elif name and f"def {name}(" not in source.read_text(encoding="utf-8"):
            problems.append(f"{path} has no test {name}")
    return problems


def test_every_test_the_hazard_log_names_exists() -> None:
    text = LOG.read_text(encoding="utf-8")
    assert len(evidence(text)) > 30
    assert missing(text) == []


def test_every_open_hazard_names_its_evidence() -> None:
    rows = [
        line
        for line in LOG.read_text(encoding="utf-8").splitlines()
        if re.match(r"\| H\d+ ", line) and "Closed" not in line
    ]
    assert rows
    for row in rows:
        assert evidence(row), row.split("|")[1]


def test_it_catches_a_test_that_moved() -> None:
    text = "`tests/people/test_views.py::test_no_such_test`, `tests/nowhere.py`"
    assert missing(text) == [
        "tests/people/test_views.py has no test test_no_such_test",
        "tests/nowhere.py does not exist",
    ]
