"""Time the person's copy as a PDF for a full demo assessment (budget: 1.5 s median).

Loads the demo into a fresh SQLite data folder, then renders Sam Reid's copy
(an assessment with participants, entries, a dispute, a decision with held
dissent) and Tomasz Nowak's (a signed plan with a contingency plan and
contacts) through the same functions the PDF view calls: the database reads,
the template and WeasyPrint. Prints median and p95 over the runs after a
warm-up, and each as a ratio to the framework floor's view
(coassess.config.floor) timed in the same process.

Then how the time grows with length: copies made of N entries of M characters
of ordinary sentences, laid out and written as a PDF, past the limit the PDF
view sets (plans.pdf.PDF_TEXT_LIMIT) too, to show what the limit avoids.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_SECONDS = 1.5
RUNS = 12
# (entries, characters each): from a long ordinary copy to the case that took
# 9.6 s (40 entries at the 20,000-character limit of one entry).
SIZES = ((10, 2_000), (30, 2_000), (10, 6_000), (10, 20_000), (40, 20_000))
SENTENCES = (
    "I have not slept properly since my sister moved away to Leeds.",
    "Walking the dog by the canal in the morning helps me feel calmer.",
    "When it gets bad I want someone to sit with me and not leave me alone.",
    "My son reads the letters for me because my English is not strong.",
    "I would like to go back to work at the bakery when I feel ready.",
)


def main() -> int:
    data = tempfile.mkdtemp(prefix="coassess-pdf-bench-")
    env = {
        **os.environ,
        "COASSESS_DATA_DIR": data,
        "COASSESS_DEMO_PASSWORD": "bench-only-pass",
        "DJANGO_SETTINGS_MODULE": "coassess.config.settings",
    }
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "coassess.cli", "demo", "--no-serve"],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    os.environ.update(
        {k: env[k] for k in ("COASSESS_DATA_DIR", "DJANGO_SETTINGS_MODULE")}
    )
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.test import RequestFactory

    from coassess.assessments.models import Assessment
    from coassess.plans.pdf import render_person_copy_pdf
    from coassess.plans.person_copy import copy_for

    request = RequestFactory().get("/", HTTP_HOST="127.0.0.1")
    print(
        f"person's copy as PDF, {RUNS} runs after a warm-up (budget {BUDGET_SECONDS} s median)"
    )
    failed = False
    medians: list[tuple[str, float]] = []
    for given in ("Samantha", "Tomasz"):
        assessment = Assessment.objects.get(person__given_name=given)

        def render(assessment: Assessment = assessment) -> bytes:
            return render_person_copy_pdf(
                request=request, assessment=assessment, copy=copy_for(assessment)
            )

        pdf = render()
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            render()
            times.append(time.perf_counter() - start)
        times.sort()
        median = statistics.median(times)
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        verdict = "within budget" if median <= BUDGET_SECONDS else "OVER BUDGET"
        failed |= median > BUDGET_SECONDS
        medians.append((assessment.person.name, median))
        print(
            f"  {assessment.person.name:<16} {len(pdf) / 1024:6.1f} KB  median {median:.3f} s"
            f"  p95 {p95:.3f} s  {verdict}"
        )
    floor_seconds = _floor_seconds()
    print(f"  framework floor view, in process: median {floor_seconds * 1000:.2f} ms")
    print(
        "  ratios to the floor: "
        + ", ".join(f"{n} {m / floor_seconds:,.0f}x" for n, m in medians)
    )
    _scaling(
        request, Assessment.objects.get(person__given_name="Samantha"), floor_seconds
    )
    return 1 if failed else 0


def _floor_seconds() -> float:
    from django.test import RequestFactory

    from coassess.config.floor import floor_view

    request = RequestFactory().get("/bench/floor/", HTTP_HOST="127.0.0.1")
    times = []
    for _ in range(200):
        start = time.perf_counter()
        floor_view(request)
        times.append(time.perf_counter() - start)
    return statistics.median(times[20:])


def _copy_of(entries: int, chars: int) -> object:
    from coassess.plans.person_copy import CopySection, PersonCopy

    text = " ".join(SENTENCES * (chars // 300 + 1))[:chars]
    return PersonCopy(
        name="Sam",
        sections=[CopySection("What you told us", [text] * entries)],
        made_with=["Sam: you."],
    )


def _scaling(request: object, assessment: object, floor_seconds: float) -> None:
    from coassess.plans import pdf

    pdf.PDF_TEXT_LIMIT = 10**9  # measure past the limit too, to show what it avoids
    print(
        "how the time grows with length (median of 3 runs; 1 run past 200,000 characters):"
    )
    for entries, chars in SIZES:
        copy = _copy_of(entries, chars)
        runs = 3 if entries * chars <= 200_000 else 1
        layout, write, pages = [], [], 0
        for _ in range(runs):
            start = time.perf_counter()
            document = pdf.lay_out_person_copy(
                request=request, assessment=assessment, copy=copy
            )  # type: ignore[arg-type]
            middle = time.perf_counter()
            document.write_pdf()
            layout.append(middle - start)
            write.append(time.perf_counter() - middle)
            pages = len(document.pages)
        total = statistics.median(layout) + statistics.median(write)
        print(
            f"  {entries:>3} x {chars:>6,} = {entries * chars:>7,} characters, {pages:>3} pages:"
            f" layout {statistics.median(layout):.2f} s + PDF {statistics.median(write):.2f} s"
            f" = {total:.2f} s ({total / pages * 1000:.0f} ms a page, {total / floor_seconds:,.0f}x floor)"
        )


if __name__ == "__main__":
    sys.exit(main())
