"""The person's copy as a PDF: the same words as the page, laid out for A4 paper.

WeasyPrint renders HTML with CSS for print; it needs no browser and no network
(the template uses only fonts installed on the server, and nothing is fetched).
"""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from coassess.assessments.models import Assessment
from coassess.core.presenters import local_date
from coassess.plans.person_copy import PersonCopy


def version_label(assessment: Assessment) -> str:
    """The version printed on every page: the plan's version, or that there is no plan yet."""
    plan = getattr(assessment, "plan", None)
    return f"Plan version {plan.version}" if plan is not None else "Before the plan"


def render_person_copy_pdf(
    *, request: HttpRequest, assessment: Assessment, copy: PersonCopy
) -> bytes:
    html = render_to_string(
        "plans/person_copy_pdf.jinja",
        {
            "copy": copy,
            "assessment": assessment,
            "version": version_label(assessment),
            "printed": local_date(timezone.localdate()),
        },
        request=request,
    )
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
