"""Every URL of coassess. Each view declares its access policy (core.access)."""

from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path

from coassess.config.floor import floor_view
from coassess.core import views as core_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("coassess.core.urls")),
    path("", include("coassess.accounts.urls")),
    path("people/", include("coassess.people.urls")),
    path("referrals/", include("coassess.referrals.urls")),
    path("access-log/", include("coassess.accesslog.urls")),
    path("assessments/", include("coassess.assessments.urls")),
    path("assessments/", include("coassess.portal.staff_urls")),
    path("plans/", include("coassess.plans.urls")),
    path("language/", include("coassess.language.urls")),
    path("co-production/", include("coassess.coproduction.urls")),
    path("my/", include("coassess.portal.urls")),
]

if settings.BENCH_FLOOR:
    # The framework floor for `make bench` only; never routed in a deployment.
    urlpatterns.append(path("bench/floor/", floor_view, name="bench_floor"))

handler400 = core_views.bad_request
handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = core_views.server_error
