"""The co-production audit's pages. Thin: the assessment's own policy loads,
authorises and logs; the measures are read; a presenter words them."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from coassess.accounts.types import StaffRequest
from coassess.assessments.access import assessment_record
from coassess.assessments.models import Assessment
from coassess.assessments.presenters import assessment_page
from coassess.coproduction.measures import measure
from coassess.coproduction.presenters import measure_groups


@assessment_record
@require_safe
def show_measures(request: StaffRequest, assessment: Assessment) -> HttpResponse:
    """How co-produced one assessment was: each measure, read from the record."""
    return render(
        request,
        "coproduction/measures.jinja",
        assessment_page(assessment, groups=measure_groups(measure(assessment))),
    )
