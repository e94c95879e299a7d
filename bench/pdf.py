"""Time the person's copy as a PDF for a full demo assessment (budget: 1.5 s median).

Loads the demo into a fresh SQLite data folder, then renders Sam Reid's copy
(an assessment with participants, entries, a dispute, a decision with held
dissent) and Tomasz Nowak's (a signed plan with a contingency plan and
contacts) through the same functions the PDF view calls: the database reads,
the template and WeasyPrint. Prints median and p95 over the runs after a
warm-up.
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
        print(
            f"  {assessment.person.name:<16} {len(pdf) / 1024:6.1f} KB  median {median:.3f} s"
            f"  p95 {p95:.3f} s  {verdict}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
