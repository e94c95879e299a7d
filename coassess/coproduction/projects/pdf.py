"""A member's statement of their contributions to a project, as an A4 PDF for
their own records (for example, to show a benefits adviser or for tax).

Made with the same machinery and fonts as the person's copy (`plans.pdf`):
WeasyPrint renders an HTML template, every typed word escaped for HTML by the
template and for CSS where it is put in the page's footer (`css_string`).
A statement lists only that member's current entries.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from coassess.coproduction.projects.models import Member, Project
from coassess.coproduction.projects.presenters import (
    present_contribution,
    totals,
)
from coassess.coproduction.projects.queries import current_contributions
from coassess.core.presenters import local_date
from coassess.plans.pdf import FONT_FAMILIES


def statement_html(*, request: HttpRequest, project: Project, member: Member) -> str:
    """The statement's HTML: the member, the project, each of their current
    entries (date, time, activity, recognition) and the totals."""
    entries = current_contributions(project, member)
    return render_to_string(
        "coproduction/projects/statement_pdf.jinja",
        {
            "project": project,
            "member": member,
            "rows": [present_contribution(e) for e in entries],
            "totals": totals(entries),
            "printed": local_date(timezone.localdate()),
            "font_families": FONT_FAMILIES,
        },
        request=request,
    )


def render_statement_pdf(
    *, request: HttpRequest, project: Project, member: Member
) -> bytes:
    """The statement as the bytes of an A4 PDF."""
    html = statement_html(request=request, project=project, member=member)
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
