"""The slow parts of an assessment's pages, built once per revision.

An assessment page reads every entry, voice, dispute, decision and position,
which costs the same whether or not anything has changed since the last time
someone opened it, and during a meeting several people open it again and
again. So the part of a page built from those rows is kept, in each server
process's memory, under the assessment's revision number: a count the
database itself moves on every change to any row the page shows
(`AssessmentRevision`, migration 0003). A kept part is only ever used for the
revision it was built at, so a change, made any way at all, shows on the next
request. See docs/adr/0005-assessment-pages-kept-per-revision.md.

Only markup that is the same for everyone allowed to open the page is kept:
nothing with a form, a CSRF token or a nonce; a part that depended on who is
looking would have to name them in `viewer`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import caches
from markupsafe import Markup

from coassess.assessments.models import Assessment

CACHE = "assessment_pages"


def revision_of(assessment: Assessment) -> int:
    """The revision as read with the assessment (`access._load` joins it; the
    row is made by a trigger with the assessment)."""
    return assessment.revision.number


def kept(
    assessment: Assessment, part: str, build: Callable[[], str], viewer: object = ""
) -> Markup:
    """`build()`, or what it gave last time at this revision of the assessment.

    The revision is read before anything `build` reads, so a kept part is never
    older than its revision: a change that lands in between moves the revision
    again and the part is built afresh next time. One copy is kept per part
    (and viewer): a newer revision replaces it.
    """
    key = f"{assessment.pk}:{part}:{viewer}"
    stamp = (revision_of(assessment), assessment.status)
    cache = caches[CACHE]
    found = cache.get(key)
    if found is not None and found[0] == stamp:
        html = found[1]
    else:
        html = str(build())
        cache.set(key, (stamp, html))
    return Markup(html)  # noqa: S704 - markup our own templates rendered
