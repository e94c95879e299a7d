"""The person's copy as a PDF: the same words as the page, laid out for A4 paper.

WeasyPrint renders HTML with CSS for print; it needs no browser and no network
(the template uses only fonts installed on the server, and nothing is fetched).

Its time grows with the length of the copy, about 30 ms for each A4 page on
the benchmark machine (docs/benchmarks.md), and a gunicorn worker is held for
all of it. So a copy longer than PDF_TEXT_LIMIT characters (about 27 pages) is
not made into a PDF: staff are told on the page, and print the page from the
browser instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML, Document

from coassess.assessments.models import Assessment
from coassess.core.exceptions import DomainError
from coassess.core.fonts import cannot_draw, describe
from coassess.core.presenters import local_date
from coassess.plans.person_copy import PersonCopy

# Fonts for the copy, in order: Liberation Sans for English and the languages
# of Europe, then a Noto font for each script people in England write and read
# (Arabic script for Arabic, Urdu, Persian and Pashto; Bengali for Bengali and
# Sylheti; Gurmukhi, Gujarati, Devanagari, Tamil; Chinese, Japanese, Korean),
# and colour emoji. Simplified Chinese first of the CJK fonts: most written here.
# Anything else falls back to any installed font that has it.
FONT_FAMILIES = (
    "Liberation Sans",
    "Noto Sans",
    "Noto Naskh Arabic",
    "Noto Sans Bengali",
    "Noto Sans Gurmukhi",
    "Noto Sans Gujarati",
    "Noto Sans Devanagari",
    "Noto Sans Tamil",
    "Noto Sans Hebrew",
    "Noto Sans Ethiopic",
    "Noto Sans CJK SC",
    "Noto Color Emoji",
    "DejaVu Sans",
)

# Characters in the copy's text (PersonCopy.text) above which no PDF is made:
# about 27 A4 pages, rendered within the 1.5 s budget (docs/benchmarks.md).
PDF_TEXT_LIMIT = 60_000


class CopyTooLongForPdf(DomainError):
    """The copy is longer than PDF_TEXT_LIMIT characters."""


@dataclass(frozen=True)
class PdfCheck:
    """What staff should know before they print: `missing` is each character no
    installed font can draw, described ("𒀀 (Cuneiform sign a, U+12000)"); `too_long`
    is the reason no PDF is offered, or ""."""

    missing: list[str]
    too_long: str


def too_long_for_pdf(text: str) -> str:
    """Why no PDF is made of a copy whose text is `text`, in words for staff, or
    "" when one can be."""
    if len(text) <= PDF_TEXT_LIMIT:
        return ""
    return (
        f"This copy is too long to make into a PDF here: it has {len(text):,} "
        f"characters, and a PDF is made up to {PDF_TEXT_LIMIT:,} (about 27 pages). "
        "Print this page from your browser instead."
    )


def check_for_pdf(copy: PersonCopy) -> PdfCheck:
    """Whether `copy` can be printed as it reads on the page."""
    text = copy.text
    return PdfCheck([describe(c) for c in cannot_draw(text)], too_long_for_pdf(text))


def version_label(assessment: Assessment) -> str:
    """The version printed on every page: the plan's version, or that there is no plan yet."""
    plan = getattr(assessment, "plan", None)
    return f"Plan version {plan.version}" if plan is not None else "Before the plan"


def lay_out_person_copy(
    *, request: HttpRequest, assessment: Assessment, copy: PersonCopy
) -> Document:
    """The copy laid out on A4 pages, before it is written as a PDF (tests read
    the boxes to check that nothing crosses the page's edge).

    Raises CopyTooLongForPdf, in words for staff, past PDF_TEXT_LIMIT."""
    reason = too_long_for_pdf(copy.text)
    if reason:
        raise CopyTooLongForPdf(reason)
    html = person_copy_html(request=request, assessment=assessment, copy=copy)
    return HTML(string=html).render()


def person_copy_html(
    *, request: HttpRequest, assessment: Assessment, copy: PersonCopy
) -> str:
    """The HTML the PDF is made from: every word the PDF will hold (tests of
    what a reader may see read it, without the time of laying it out)."""
    return render_to_string(
        "plans/person_copy_pdf.jinja",
        {
            "copy": copy,
            "assessment": assessment,
            "version": version_label(assessment),
            "printed": local_date(timezone.localdate()),
            "font_families": FONT_FAMILIES,
        },
        request=request,
    )


def render_person_copy_pdf(
    *, request: HttpRequest, assessment: Assessment, copy: PersonCopy
) -> bytes:
    """The copy as the bytes of an A4 PDF. Raises CopyTooLongForPdf as
    `lay_out_person_copy` does."""
    document = lay_out_person_copy(request=request, assessment=assessment, copy=copy)
    pdf: bytes = document.write_pdf()
    return pdf
