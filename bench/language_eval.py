"""Measure the language checker: precision, recall, and speed on a 2,000-word note.

Why: a linter that flags innocent words gets switched off, and one that misses the
words that hurt gives false comfort. So we keep a hand-labelled evaluation set,
``tests/data/language_eval.tsv``, and report both kinds of error honestly. The set was
written for coassess in clinical-note style: stigmatising sentences, respectful rewrites,
and innocent uses that a naive word match would catch.

The file is tab-separated with a header row and four columns:

- ``sentence``: the text to check.
- ``expected``: comma-separated rule ids that should be found, or empty. A rule id may
  repeat (two terms from one rule). ``id:note`` means the finding should be a gentle
  note rather than a flag (for example, inside the person's own quoted words).
- ``audience``: ``staff`` (a staff record) or ``person`` (text the person will read).
- ``notes``: why the sentence is there. Notes starting ``held-out:`` mark sentences
  written after the rules were frozen and never used to tune them; the rest were written
  alongside the rules, so their scores are optimistic. Both are reported.

Scoring is at the term level: for each sentence, each expected (rule id, severity) is
matched against at most one finding with the same rule id and severity. Precision is
matched findings / all findings; recall is matched findings / all expected.

Speed: the sentences are joined, in order and repeated as needed, into a note of about
2,000 words, which is checked many times; we report the median. Budget: 20 ms.

Run: ``python bench/language_eval.py`` (add ``--show`` to list every mistake).
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from coassess.language.checker import Audience, check  # noqa: E402
from coassess.language.readability import measure_readability  # noqa: E402
from coassess.language.rules import Ruleset, Severity  # noqa: E402

EVAL_PATH = ROOT / "tests" / "data" / "language_eval.tsv"
NOTE_WORDS = 2_000
BUDGET_MS = 20.0
_AUDIENCES = {"staff": Audience.STAFF_RECORD, "person": Audience.PERSON_FACING}


@dataclass(frozen=True)
class Case:
    sentence: str
    expected: Counter[str]
    audience: Audience
    notes: str


@dataclass
class Evaluation:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    mistakes: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


def load_cases(path: Path = EVAL_PATH) -> list[Case]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [_case(row) for row in rows]


def _case(row: dict[str, str]) -> Case:
    labels = [label.strip() for label in row["expected"].split(",") if label.strip()]
    return Case(
        sentence=row["sentence"],
        expected=Counter(_label(label) for label in labels),
        audience=_AUDIENCES[row["audience"].strip()],
        notes=row.get("notes", ""),
    )


def _label(label: str) -> str:
    """Normalise "refused" to "refused:flag" so flags and notes are scored apart."""
    return label if ":" in label else f"{label}:{Severity.FLAG}"


def evaluate(cases: Sequence[Case], ruleset: Ruleset | None = None) -> Evaluation:
    result = Evaluation()
    for case in cases:
        found = Counter(
            f"{finding.rule_id}:{finding.severity}"
            for finding in check(case.sentence, case.audience, ruleset)
        )
        matched = found & case.expected
        result.true_positives += sum(matched.values())
        extra = found - matched
        missed = case.expected - matched
        result.false_positives += sum(extra.values())
        result.false_negatives += sum(missed.values())
        if extra or missed:
            result.mistakes.append(_describe(case, extra, missed))
    return result


def _describe(case: Case, extra: Counter[str], missed: Counter[str]) -> str:
    parts = []
    if extra:
        parts.append(f"unexpected {sorted(extra.elements())}")
    if missed:
        parts.append(f"missed {sorted(missed.elements())}")
    return f"{case.sentence!r}: {'; '.join(parts)}"


def is_held_out(case: Case) -> bool:
    return case.notes.startswith("held-out:")


def _score_line(label: str, result: Evaluation) -> str:
    return (
        f"{label:<10} precision {result.precision:.3f}  recall {result.recall:.3f}  "
        f"(TP {result.true_positives}, FP {result.false_positives}, "
        f"FN {result.false_negatives})"
    )


def build_note(cases: Sequence[Case], words: int = NOTE_WORDS) -> str:
    sentences: list[str] = []
    count = 0
    while count < words:
        for case in cases:
            sentences.append(case.sentence)
            count += len(case.sentence.split())
            if count >= words:
                break
    return " ".join(sentences)


def median_ms(text: str, audience: Audience, runs: int = 60) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds for one check. On a busy machine the wall
    time includes waiting for a core; the CPU time shows the checker's own cost."""
    check(text, audience)  # compile and warm the caches first
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.thread_time()
        check(text, audience)
        cpu.append((time.thread_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def median_readability_ms(text: str, runs: int = 30) -> float:
    measure_readability(text)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        measure_readability(text)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0] if __doc__ else ""
    )
    parser.add_argument("--show", action="store_true", help="list every mistake")
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args(argv)

    cases = load_cases()
    result = evaluate(cases)
    held_out = [case for case in cases if is_held_out(case)]
    developed = [case for case in cases if not is_held_out(case)]
    note = build_note(cases)
    staff_wall, staff_cpu = median_ms(note, Audience.STAFF_RECORD, args.runs)
    person_wall, person_cpu = median_ms(note, Audience.PERSON_FACING, args.runs)
    expected_total = result.true_positives + result.false_negatives
    print(
        f"sentences: {len(cases)} ({len(held_out)} held out)  "
        f"expected findings: {expected_total}"
    )
    print(_score_line("all", result))
    print(_score_line("developed", evaluate(developed)))
    print(_score_line("held out", evaluate(held_out)))
    print(
        f"median check of a {len(note.split())}-word note "
        f"({len(check(note, Audience.STAFF_RECORD))} findings), budget {BUDGET_MS:.0f} ms:"
    )
    print(f"  staff record:  {staff_wall:.1f} ms wall, {staff_cpu:.1f} ms CPU")
    print(f"  person-facing: {person_wall:.1f} ms wall, {person_cpu:.1f} ms CPU")
    print(f"median readability of the same note: {median_readability_ms(note):.1f} ms")
    if args.show:
        for mistake in result.mistakes:
            print(f"  {mistake}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
