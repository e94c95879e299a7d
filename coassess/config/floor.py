"""The framework floor: the cheapest page Django can serve that reads the database.

`make bench` measures every page against this view, in the same run and on the
same server, so a ratio says how much a page costs beyond the framework itself.
It goes through the whole middleware stack like any other page, and reads one
row. It is routed only when COASSESS_BENCH_FLOOR is set (see urls.py), so a
normal deployment has no such URL.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from coassess.accounts.models import Team
from coassess.core.access import public


@public
def floor_view(request: HttpRequest) -> HttpResponse:
    name = Team.objects.values_list("name", flat=True).first()
    return HttpResponse(name or "-", content_type="text/plain; charset=utf-8")
